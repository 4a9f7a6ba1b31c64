"""Roles are groups created by migration; an administrator assigns them per center."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from rongmei.accounts.models import Membership, User
from rongmei.accounts.selectors import has_role, roles_of
from rongmei.core.models import AuditEntry
from rongmei.core.roles import ROLE_GROUP_NAMES

pytestmark = pytest.mark.django_db


def test_every_role_of_the_domain_is_a_group_with_admin_access(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_GROUP_NAMES.values()) <= names
    for name in ROLE_GROUP_NAMES.values():
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_administrator_manages_staff_but_reporter_does_not(client, center, make_user, admin_user):
    reporter = make_user(center, "reporter")
    client.force_login(reporter)
    assert client.get(reverse("staff:index")).status_code in (302, 403)
    client.force_login(admin_user)
    assert client.get(reverse("staff:index")).status_code == 200


def test_administrator_creates_staff_with_roles(client, center, admin_user):
    client.force_login(admin_user)
    groups = Group.objects.filter(name__in=["记者", "摄像"])
    response = client.post(
        reverse("staff:add"),
        {
            "username": "newhire",
            "display_name": "新员工",
            "password": "Sturdy-pass-2021",
            "title": "见习记者",
            "roles": [g.pk for g in groups],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    user = User.objects.get(username="newhire")
    assert user.check_password("Sturdy-pass-2021")
    assert roles_of(user, center) == {"reporter", "camera"}
    assert set(user.groups.values_list("name", flat=True)) == {"记者", "摄像"}
    assert AuditEntry.objects.filter(object_type="accounts.Membership", verb="分配角色").exists()


def test_weak_password_is_refused_and_nothing_is_created(client, center, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("staff:add"),
        {"username": "weak", "display_name": "弱口令", "password": "12345678", "roles": []},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert not Membership.objects.filter(user__username="weak").exists()


def test_roles_changed_in_admin_take_effect(client, center, admin_user, make_user):
    reporter = make_user(center, "reporter", username="promote-me")
    membership = Membership.objects.get(user=reporter)
    client.force_login(admin_user)
    editor = Group.objects.get(name="编辑")
    response = client.post(
        reverse("staff:edit", args=[membership.pk]),
        {"display_name": "晋升", "roles": [editor.pk], "is_active": "on", "title": ""},
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert has_role(reporter, center, "editor")
    assert not has_role(reporter, center, "reporter")
    assert list(reporter.groups.values_list("name", flat=True)) == ["编辑"]


def test_roles_are_per_center(center, other_center, make_user):
    user = make_user(center, "chief_editor")
    assert has_role(user, center, "chief_editor")
    assert not has_role(user, other_center, "chief_editor")


def test_there_is_no_public_sign_up(client, center, make_user):
    response = client.get("/admin/signup/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert client.get("/accounts/signup/").status_code == 404
    client.force_login(make_user(center, "reporter"))
    assert client.get("/admin/signup/").status_code == 404
