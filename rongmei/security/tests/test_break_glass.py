"""Break-glass (三员分立, GB/T 22239-2019 8.1.4.2): once a center has its system, security
and audit administrators, the bootstrap superuser is refused; with RONGMEI_BREAK_GLASS on
it signs in, loudly: "紧急登录" in every center's audit log and on their dashboards."""

import datetime as dt

import pytest
from django.utils import timezone

from rongmei.accounts.models import Membership, User
from rongmei.accounts.tests.factories import make_staff
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in

from .helpers import sign_in, signed_in

pytestmark = pytest.mark.django_db

ROOT_PASSWORD = "Bootstrap-2024"
REFUSED = "超级管理员账号已停用，请使用本人账号登录。"


@pytest.fixture
def root(db):
    return User.objects.create_superuser(username="root", password=ROOT_PASSWORD)


@pytest.fixture
def three_admins(center):
    return [
        make_staff(center, "administrator", username="sys-a"),
        make_staff(center, "security_admin", username="sec-a"),
        make_staff(center, "audit_admin", username="aud-a"),
    ]


def test_before_the_three_administrators_exist_the_superuser_signs_in(client, root, center):
    make_staff(center, "administrator", username="sys-a")
    make_staff(center, "security_admin", username="sec-a")
    response = sign_in(client, "root", ROOT_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not AuditEntry.objects.filter(verb="紧急登录").exists()


def test_with_the_three_in_place_the_superuser_is_refused(client, root, three_admins, center):
    response = sign_in(client, "root", ROOT_PASSWORD)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert entry.verb == "超级管理员登录被拒绝"
    assert entry.center == center
    assert entry.actor_name == "root"


def test_an_administrator_no_longer_active_does_not_count(client, root, three_admins, center):
    Membership.objects.filter(user=three_admins[2], center=center).update(is_active=False)
    assert sign_in(client, "root", ROOT_PASSWORD).status_code == 302


def test_break_glass_signs_in_and_is_loud_in_every_center(
    settings, client, root, three_admins, center, other_center
):
    settings.RONGMEI_BREAK_GLASS = True
    assert sign_in(client, "root", ROOT_PASSWORD).status_code == 302
    assert signed_in(client)
    entries = AuditEntry.objects.filter(verb="紧急登录")
    assert sorted(e.center_id for e in entries) == sorted([center.pk, other_center.pk])
    assert all(e.action == AuditAction.LOGIN and e.actor == root for e in entries)
    assert entries.first().ip_address == "10.0.0.5"

    # Every center's dashboard: a red warning for everyone, a to-do for the administrators.
    reporter = make_staff(other_center, "reporter", username="rep-b")
    work_in(client, reporter, other_center)
    page = client.get("/admin/").content.decode()
    assert "data-break-glass" in page
    assert "近7天内，超级管理员账号以紧急方式登录了1次" in page
    assert "help-critical" in page
    work_in(client, three_admins[2], center)
    page = client.get("/admin/").content.decode()
    assert "近7天紧急登录" in page
    assert "?q=紧急登录" in page


def test_the_warning_goes_after_seven_days(client, center):
    audit_record(
        action=AuditAction.LOGIN,
        center=center,
        verb="紧急登录",
        actor_name="root",
        at=timezone.now() - dt.timedelta(days=7, minutes=1),
    )
    reporter = make_staff(center, "reporter", username="rep-a")
    work_in(client, reporter, center)
    assert "data-break-glass" not in client.get("/admin/").content.decode()
    audit_record(
        action=AuditAction.LOGIN,
        center=center,
        verb="紧急登录",
        actor_name="root",
        at=timezone.now() - dt.timedelta(days=6),
    )
    assert "data-break-glass" in client.get("/admin/").content.decode()


def test_no_warning_without_a_break_glass_sign_in(client, center):
    reporter = make_staff(center, "reporter", username="rep-a")
    work_in(client, reporter, center)
    assert "data-break-glass" not in client.get("/admin/").content.decode()
