"""Roles are groups created by migration; the security administrator assigns them per center."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from rongmei.accounts.models import Membership, User
from rongmei.accounts.selectors import has_role, request_has_role, request_roles, roles_of
from rongmei.core.models import AuditEntry
from rongmei.core.roles import ROLE_GROUP_NAMES

pytestmark = pytest.mark.django_db


def test_every_role_of_the_domain_is_a_group_with_admin_access(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_GROUP_NAMES.values()) <= names
    for name in ROLE_GROUP_NAMES.values():
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_security_admin_manages_staff_but_reporter_does_not(
    client, center, make_user, security_admin
):
    reporter = make_user(center, "reporter")
    client.force_login(reporter)
    assert client.get(reverse("staff:index")).status_code in (302, 403)
    client.force_login(security_admin)
    assert client.get(reverse("staff:index")).status_code == 200


def test_security_admin_creates_staff_with_roles(client, center, security_admin):
    client.force_login(security_admin)
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
    # Roles live on the membership only, never in global groups that count everywhere.
    assert not user.groups.exists()
    assert AuditEntry.objects.filter(object_type="accounts.Membership", verb="分配角色").exists()


def test_weak_password_is_refused_and_nothing_is_created(client, center, security_admin):
    client.force_login(security_admin)
    response = client.post(
        reverse("staff:add"),
        {"username": "weak", "display_name": "弱口令", "password": "12345678", "roles": []},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()
    assert not Membership.objects.filter(user__username="weak").exists()


def test_roles_changed_in_admin_take_effect(client, center, security_admin, make_user):
    reporter = make_user(center, "reporter", username="promote-me")
    membership = Membership.objects.get(user=reporter)
    client.force_login(security_admin)
    editor = Group.objects.get(name="编辑")
    response = client.post(
        reverse("staff:edit", args=[membership.pk]),
        {"display_name": "晋升", "roles": [editor.pk], "is_active": "on", "title": ""},
    )
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert has_role(reporter, center, "editor")
    assert not has_role(reporter, center, "reporter")
    assert not reporter.groups.exists()


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


def _request(user, center=None):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {"rongmei_center_id": center.pk} if center is not None else {}
    return request


def test_request_roles_are_read_once_per_request(
    center, other_center, make_user, django_assert_num_queries
):
    user = make_user(center, "editor", "channel_operator")
    Membership.objects.create(user=user, center=other_center)
    request = _request(user, center)

    assert request_roles(request) == {"editor", "channel_operator"}
    with django_assert_num_queries(0):
        assert request_has_role(request, "channel_operator", "director")
        assert not request_has_role(request, "director")
        assert request_roles(request) == {"editor", "channel_operator"}
    # Another request, another center: the roles there (none).
    assert request_roles(_request(user, other_center)) == set()
    assert not request_has_role(_request(user, other_center), "editor")


def test_request_roles_of_superusers_and_strangers(center, make_user):
    superuser = make_user(center, username="root")
    superuser.is_superuser = True
    superuser.save()
    stranger = make_user(center, "director", username="gone")
    stranger.is_active = False
    stranger.save()
    nobody = User.objects.create_user(username="nobody", password="pass-1234")

    assert request_roles(_request(superuser)) is None
    assert request_has_role(_request(superuser), "director")
    assert not request_has_role(_request(stranger), "director")
    assert request_roles(_request(nobody)) == set()
    assert not request_has_role(_request(nobody), "director")  # no center at all
