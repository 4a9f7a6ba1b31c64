"""A role counts only in the center where it is held (issue 12's findings).

The attacker: security administrator (who grants roles) in center B, only a reporter in
center A, working in A; the snooper: audit administrator in B, reporter in A.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rongmei.accounts.models import Membership
from rongmei.accounts.selectors import roles_of
from rongmei.accounts.services import (
    department_create,
    membership_add,
    membership_update,
    staff_create,
)
from rongmei.core.acting import acting_in
from rongmei.core.models import AuditEntry
from rongmei.core.tests.helpers import work_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def attacker(center, other_center, make_user):
    user = make_user(center, "reporter", username="two-hats")
    membership_add(center=other_center, user=user, roles=["security_admin"])
    return user


@pytest.fixture
def snooper(center, other_center, make_user):
    user = make_user(center, "reporter", username="reads-b")
    membership_add(center=other_center, user=user, roles=["audit_admin"])
    return user


@pytest.fixture
def a_records(center, admin_user):
    department_create(center=center, name="A中心机密部门")
    staff_create(
        center=center, username="a-secret", password=None, display_name="A中心员工甲", roles=[]
    )


def test_has_perm_counts_only_the_acting_centers_roles(attacker, snooper, center, other_center):
    with acting_in(center):
        assert not attacker.has_perm("accounts.view_membership")
        assert not attacker.has_perm("accounts.grant_roles")
        assert not snooper.has_perm("core.view_auditentry")
    with acting_in(other_center):
        assert attacker.has_perm("accounts.view_membership")
        assert attacker.has_perm("accounts.grant_roles")
        assert snooper.has_perm("core.view_auditentry")
    # No global groups hold a copy of the roles.
    assert not attacker.groups.exists()


@pytest.mark.parametrize("who", ["attacker", "snooper"])
@pytest.mark.parametrize("name", ["staff", "departments", "score_rules", "audit"])
def test_admin_of_b_reads_nothing_of_a(request, client, center, a_records, name, who):
    work_in(client, request.getfixturevalue(who), center)
    for url in (reverse(f"{name}:index"), reverse(f"{name}:index") + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        body = response.content.decode() if not response.streaming else ""
        assert "A中心机密部门" not in body
        assert "A中心员工甲" not in body


def test_audit_api_of_a_is_not_found_for_admin_of_b(client, snooper, center, other_center):
    work_in(client, snooper, other_center)  # even working in B, where he is audit administrator
    assert client.get(f"/api/v1/audit?center={center.code}").status_code == 404
    assert client.get(f"/api/v1/audit?center={other_center.code}").status_code == 200


def test_admin_of_b_cannot_give_himself_roles_in_a(client, attacker, center):
    work_in(client, attacker, center)
    mine = Membership.objects.get(user=attacker, center=center)
    chief = Group.objects.get(name="总编辑")
    admin = Group.objects.get(name="系统管理员")
    response = client.post(
        reverse("staff:edit", args=[mine.pk]),
        {"display_name": "x", "roles": [chief.pk, admin.pk], "is_active": "on", "title": ""},
    )
    assert response.status_code in (302, 403)
    assert roles_of(attacker, center) == {"reporter"}


def test_admin_of_b_cannot_edit_as_b_what_belongs_to_a(client, attacker, center, other_center):
    work_in(client, attacker, other_center)
    mine = Membership.objects.get(user=attacker, center=center)
    response = client.post(
        reverse("staff:edit", args=[mine.pk]),
        {"display_name": "x", "roles": [Group.objects.get(name="总编辑").pk], "is_active": "on"},
    )
    assert response.status_code == 404
    assert roles_of(attacker, center) == {"reporter"}


def test_nobody_grants_themselves_a_role(client, center, security_admin):
    mine = Membership.objects.get(user=security_admin, center=center)
    with pytest.raises(PermissionDenied):
        membership_update(
            membership=mine, by=security_admin, roles=list(Group.objects.filter(name="总编辑"))
        )
    work_in(client, security_admin, center)
    response = client.post(
        reverse("staff:edit", args=[mine.pk]),
        {
            "display_name": security_admin.display_name,
            "roles": [Group.objects.get(name="安全管理员").pk, Group.objects.get(name="纪检").pk],
            "is_active": "on",
            "title": "",
        },
    )
    assert response.status_code == 200
    assert "不能给自己分配或撤销角色" in response.content.decode()
    assert roles_of(security_admin, center) == {"security_admin"}


def test_granting_needs_the_granting_permission_in_that_center(center, make_user):
    director = make_user(center, "director")  # reads staff, grants nothing
    target = Membership.objects.get(user=make_user(center, "reporter"))
    with pytest.raises(PermissionDenied):
        membership_update(
            membership=target, by=director, roles=list(Group.objects.filter(name="总编辑"))
        )
    assert roles_of(target.user, center) == {"reporter"}


def test_role_change_is_audited_with_before_and_after(client, center, security_admin, make_user):
    target = Membership.objects.get(user=make_user(center, "reporter", username="gets-editor"))
    work_in(client, security_admin, center)
    response = client.post(
        reverse("staff:edit", args=[target.pk]),
        {
            "display_name": "新名字",
            "roles": [Group.objects.get(name="编辑").pk],
            "is_active": "on",
            "title": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(verb="分配角色", object_id=str(target.pk)).latest("pk")
    assert entry.changes == {"roles": [["记者"], ["编辑"]]}
    assert entry.actor_id == security_admin.pk
    renamed = AuditEntry.objects.filter(verb="修改姓名", object_id=str(target.pk)).get()
    assert renamed.changes == {"display_name": ["gets-editor", "新名字"]}
    target.user.refresh_from_db()
    assert target.user.display_name == "新名字"
