"""Unlocking early: only a security administrator (安全管理员) of the account's center."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in
from rongmei.security.services import unlock_account

from .helpers import sign_in, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(client, center):
    user = make_staff(center, "reporter", username="locked-a")
    for i in range(5):
        sign_in(client, "locked-a", f"wrong-{i}")
    assert AccessAttempt.objects.filter(username="locked-a").exists()
    return user


def test_the_security_administrator_unlocks_and_the_account_signs_in(client, center, locked):
    security = make_staff(center, "security_admin", username="sec-a")
    assert unlock_account(by=security, username="locked-a", center=center) == 1
    entry = AuditEntry.objects.get(verb="解除登录锁定")
    assert entry.action == AuditAction.TRANSITION
    assert entry.actor == security
    assert entry.center == center
    assert entry.changes["account"] == "locked-a"
    assert entry.changes["failures"] == 5
    assert sign_in(client, "locked-a", "pass-1234").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("role", ["administrator", "audit_admin", "director"])
def test_other_roles_cannot_unlock(center, locked, role):
    other = make_staff(center, role, username=f"{role}-a")
    audit = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        unlock_account(by=other, username="locked-a", center=center)
    assert str(exc.value) == "您在该中心没有解除账号锁定的权限。"
    assert AccessAttempt.objects.filter(username="locked-a").exists()
    assert AuditEntry.objects.count() == audit


def test_a_security_administrator_of_another_center_cannot_unlock(center, other_center, locked):
    elsewhere = make_staff(other_center, "security_admin", username="sec-b")
    with pytest.raises(PermissionDenied):
        unlock_account(by=elsewhere, username="locked-a", center=center)
    with pytest.raises(ValidationError) as exc:
        unlock_account(by=elsewhere, username="locked-a", center=other_center)
    assert exc.value.messages == ["本中心没有账号“locked-a”。"]
    assert AccessAttempt.objects.filter(username="locked-a").exists()


def test_an_account_that_is_not_locked_is_refused(center):
    make_staff(center, "reporter", username="free-a")
    security = make_staff(center, "security_admin", username="sec-a")
    with pytest.raises(ValidationError) as exc:
        unlock_account(by=security, username="free-a", center=center)
    assert exc.value.messages == ["账号“free-a”当前没有被锁定。"]
    assert not AuditEntry.objects.filter(verb="解除登录锁定").exists()


def test_the_lockouts_page_lists_and_unlocks(client, center, locked):
    security = make_staff(center, "security_admin", username="sec-a")
    work_in(client, security, center)
    page = client.get(reverse("security_lockouts")).content.decode()
    assert "locked-a" in page
    assert "解除锁定" in page
    response = client.post(reverse("security_lockouts"), {"username": "locked-a"}, follow=True)
    assert "已解除账号“locked-a”的登录锁定。" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="locked-a").exists()
    assert "本中心当前没有被锁定的账号。" in response.content.decode()


def test_the_menu_shows_the_page_only_to_the_security_administrator(client, center):
    security = make_staff(center, "security_admin", username="sec-a")
    admin = make_staff(center, "administrator", username="adm-a")
    work_in(client, security, center)
    assert "账号锁定" in client.get(reverse("rongmei_area", args=["system"])).content.decode()
    work_in(client, admin, center)
    assert "账号锁定" not in client.get(reverse("rongmei_area", args=["system"])).content.decode()
    # Wagtail answers a refused admin page with a redirect to the dashboard.
    assert client.get(reverse("security_lockouts")).url == reverse("wagtailadmin_home")
    refused = client.post(reverse("security_lockouts"), {"username": "x"})
    assert refused.url == reverse("wagtailadmin_home")
