"""三员分立 (GB/T 22239-2019 8.1.4.2): system, security and audit administrators are
three people, each with only their own part."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.accounts.models import Membership, User
from rongmei.accounts.selectors import roles_of
from rongmei.accounts.services import membership_add, membership_update, staff_create
from rongmei.core.acting import acting_in
from rongmei.core.tests.helpers import work_in

pytestmark = pytest.mark.django_db

PAIRS = [
    ("administrator", "security_admin"),
    ("administrator", "audit_admin"),
    ("security_admin", "audit_admin"),
]


@pytest.mark.parametrize("pair", PAIRS)
def test_two_of_the_three_are_refused_on_one_person(center, security_admin, pair):
    with pytest.raises(ValidationError, match="三员分立"):
        staff_create(
            center=center,
            username="both",
            password=None,
            display_name="兼任者",
            roles=list(pair),
            by=security_admin,
        )
    assert not User.objects.filter(username="both").exists()
    holder = Membership.objects.get(
        user=staff_create(
            center=center, username="one", password=None, display_name="甲", roles=[pair[0]]
        ).user
    )
    with pytest.raises(ValidationError, match="三员分立"):
        membership_add(center=center, user=holder.user, roles=[pair[1]], by=security_admin)
    with pytest.raises(ValidationError, match="三员分立"):
        membership_update(
            membership=holder,
            by=security_admin,
            roles=list(Group.objects.filter(name__in=["系统管理员", "安全管理员", "审计管理员"])),
        )
    assert roles_of(holder.user, center) == {pair[0]}


def test_the_combination_is_refused_through_the_admin_with_a_chinese_error(
    client, center, security_admin, make_user
):
    target = Membership.objects.get(user=make_user(center, "administrator", username="sys-1"))
    work_in(client, security_admin, center)
    response = client.post(
        reverse("staff:edit", args=[target.pk]),
        {
            "display_name": "系统管理员甲",
            "roles": [Group.objects.get(name=n).pk for n in ("系统管理员", "审计管理员")],
            "is_active": "on",
            "title": "",
        },
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()
    assert roles_of(target.user, center) == {"administrator"}


def test_one_person_may_hold_them_in_different_centers(center, other_center, make_user):
    user = make_user(center, "administrator", username="small-county")
    membership_add(center=other_center, user=user, roles=["audit_admin"])
    assert roles_of(user, other_center) == {"audit_admin"}


def test_each_administrator_has_only_their_part(center, admin_user, security_admin, audit_admin):
    with acting_in(center):
        # The system administrator runs the center but grants no role and reads no log.
        assert admin_user.has_perm("accounts.change_department")
        assert not admin_user.has_perm("accounts.grant_roles")
        assert not admin_user.has_perm("accounts.change_membership")
        assert not admin_user.has_perm("core.view_auditentry")
        # The security administrator grants roles but changes no business data.
        assert security_admin.has_perm("accounts.grant_roles")
        assert not security_admin.has_perm("core.view_auditentry")
        assert not security_admin.has_perm("accounts.change_department")
        assert not security_admin.has_perm("newsroom.change_story")
        assert not security_admin.has_perm("exposure.change_exposurecase")
        # The audit administrator reads the audit log and nothing else.
        assert audit_admin.has_perm("core.view_auditentry")
        assert not audit_admin.has_perm("accounts.view_membership")
        assert not audit_admin.has_perm("accounts.grant_roles")
        assert not audit_admin.has_perm("newsroom.view_story")


def test_pages_follow_the_split(client, center, admin_user, security_admin, audit_admin):
    expected = {
        admin_user: {"staff:index": 200, "audit:index": 302, "departments:add": 200},
        security_admin: {"staff:index": 200, "audit:index": 302, "departments:add": 302},
        audit_admin: {"staff:index": 302, "audit:index": 200, "departments:add": 302},
    }
    for user, pages in expected.items():
        work_in(client, user, center)
        for name, status in pages.items():
            got = client.get(reverse(name)).status_code
            assert got == status or (status == 302 and got == 403), (user, name, got)
