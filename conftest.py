"""Shared fixtures: two centers with staff, for tenancy tests everywhere."""

import pytest

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.tests.factories import CenterFactory


@pytest.fixture
def center(db):
    return CenterFactory(code="632224", name="示范县融媒体中心")


@pytest.fixture
def other_center(db):
    return CenterFactory(code="632225", name="邻县融媒体中心")


@pytest.fixture
def make_user(db):
    return make_staff


@pytest.fixture
def admin_user(center):
    return make_staff(center, "administrator", username="admin-a")


@pytest.fixture
def security_admin(center):
    """安全管理员: staff accounts and their roles (三员分立)."""
    return make_staff(center, "security_admin", username="security-a")


@pytest.fixture
def audit_admin(center):
    """审计管理员: reads and exports the audit log."""
    return make_staff(center, "audit_admin", username="auditor-a")


@pytest.fixture
def chief_editor(center):
    return make_staff(center, "chief_editor", username="chief-a")


# --- audit log (安全审计): the flush between transactional tests passes the triggers
# that keep the audit table append-only (rongmei/core/tests/audit_flush.py).
@pytest.fixture(scope="session", autouse=True)
def _audit_flush_guard():
    from rongmei.core.tests.audit_flush import (
        flush_refused_by_audit_triggers,
        flush_through_audit_triggers,
    )

    flush_through_audit_triggers()
    yield
    flush_refused_by_audit_triggers()


# --- end audit log


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and other cached state never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _access_report():
    from config.env import BASE_DIR

    return BASE_DIR / "var" / "test-reports" / "access-matrix.txt"


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, or a run without xdist
        _access_report().unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """What the generated URL × role × center test walked (tests/test_access_matrix.py)."""
    path = _access_report()
    if path.exists():
        terminalreporter.section("URL × role × center")
        for line in path.read_text(encoding="utf-8").splitlines():
            terminalreporter.write_line(line)
