import pytest

from rongmei.proofing import checkers


@pytest.fixture(autouse=True)
def _fresh_checkers():
    """Lexicon version ids repeat across test databases, and the pre-check caches compiled
    checkers by them: start each test with an empty cache."""
    checkers.clear()
    yield
    checkers.clear()
