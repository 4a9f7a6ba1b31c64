import pytest

from rongmei.proofing import checkers


@pytest.fixture(autouse=True)
def _fresh_checkers():
    """Version ids repeat across test databases: start each test with an empty cache."""
    checkers.clear()
    yield
    checkers.clear()
