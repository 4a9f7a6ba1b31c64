"""Every write through a service, and every sign-in, leaves an audit entry that nobody
can change through the application."""

import pytest
from django.urls import NoReverseMatch, reverse

from rongmei.accounts.services import department_create
from rongmei.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_sign_in_is_recorded_with_address(client, chief_editor, center):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "chief-a", "password": "pass-1234"},
        REMOTE_ADDR="10.1.2.3",
    )
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == chief_editor
    assert entry.center == center
    assert entry.ip_address == "10.1.2.3"


def test_failed_sign_in_is_recorded_without_the_password(client, chief_editor, center):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": "chief-a", "password": "wrong-guess"},
        REMOTE_ADDR="10.9.9.9",
    )
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor is None
    assert entry.actor_name == "chief-a"
    assert entry.center == center
    assert entry.ip_address == "10.9.9.9"
    assert "wrong-guess" not in str(entry.changes)


def test_failed_sign_in_of_unknown_account_is_recorded(client, db):
    client.post(reverse("wagtailadmin_login"), {"username": "nobody", "password": "x"})
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_name == "nobody"
    assert entry.center is None


def test_sign_out_is_recorded(client, chief_editor):
    client.force_login(chief_editor)
    client.post(reverse("wagtailadmin_logout"))
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=chief_editor).count() == 1


def test_admin_edit_records_changed_fields(client, admin_user, center):
    department = department_create(center=center, name="办公室")
    client.force_login(admin_user)
    client.post(
        reverse("departments:edit", args=[department.pk]),
        {"name": "综合办公室", "sort_order": 0},
        REMOTE_ADDR="10.0.0.7",
    )
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE, object_type="accounts.Department", object_id=str(department.pk)
    )
    assert entry.changes == {"name": ["办公室", "综合办公室"]}
    assert entry.actor == admin_user
    assert entry.ip_address == "10.0.0.7"
    assert entry.object_type == "accounts.Department"


def test_admin_create_and_delete_are_recorded(client, admin_user, center):
    client.force_login(admin_user)
    client.post(reverse("departments:add"), {"name": "融媒体研究室", "sort_order": 9})
    created = AuditEntry.objects.get(action=AuditAction.CREATE, object_repr="融媒体研究室")
    client.post(reverse("departments:delete", args=[created.object_id]))
    deleted = AuditEntry.objects.get(
        action=AuditAction.DELETE, object_type="accounts.Department", object_id=created.object_id
    )
    assert deleted.changes["name"] == ["融媒体研究室", None]


def test_audit_entries_cannot_be_edited_or_deleted_in_the_admin(client, center, django_user_model):
    department_create(center=center, name="办公室")
    entry = AuditEntry.objects.latest("pk")
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pass-1234")
    client.force_login(root)
    for view in ("edit", "delete", "add"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit:{view}", args=[entry.pk] if view != "add" else [])
    assert client.post(f"/admin/audit/edit/{entry.pk}/", {"verb": "x"}).status_code == 404
    assert client.post(f"/admin/audit/delete/{entry.pk}/").status_code == 404
    assert AuditEntry.objects.filter(pk=entry.pk, verb=entry.verb).exists()
    assert client.get(reverse("audit:inspect", args=[entry.pk])).status_code == 200


def test_audit_listing_is_scoped_filtered_and_exportable(client, audit_admin, center, other_center):
    department_create(center=center, name="本中心部门")
    department_create(center=other_center, name="邻县部门")
    client.force_login(audit_admin)
    page = client.get(reverse("audit:index"))
    assert "本中心部门" in page.text
    assert "邻县部门" not in page.text
    export = client.get(reverse("audit:index") + "?export=csv&action=create")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "本中心部门" in body
    assert "邻县部门" not in body
    theirs = AuditEntry.objects.get(object_repr="邻县部门")
    assert client.get(reverse("audit:inspect", args=[theirs.pk])).status_code == 404


def test_audit_of_one_object_through_the_api(client, admin_user, audit_admin, center):
    department = department_create(center=center, name="办公室", by=admin_user)
    client.force_login(audit_admin)
    response = client.get(
        f"/api/v1/audit?center={center.code}&object_type=accounts.Department&object_id={department.pk}"
    )
    assert response.status_code == 200
    assert [e["action"] for e in response.json()] == ["create"]


def test_reporter_cannot_read_the_audit_log(client, center, make_user):
    reporter = make_user(center, "reporter")
    client.force_login(reporter)
    assert client.get(reverse("audit:index")).status_code in (302, 403)
    assert client.get(f"/api/v1/audit?center={center.code}").status_code == 404


def test_audit_admin_dashboard_counts_failed_sign_ins(client, center, audit_admin, chief_editor):
    for _ in range(3):
        client.post(reverse("wagtailadmin_login"), {"username": "chief-a", "password": "bad"})
    client.force_login(audit_admin)
    page = client.get(reverse("wagtailadmin_home")).text
    assert "近7天登录失败" in page
    assert '<span class="w-status">3</span>' in page
