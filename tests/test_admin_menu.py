"""The staff menu asks for the user's roles once per request, however many items it has
and however many centers the user works in."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.admin.menu import admin_menu

from rongmei.accounts.services import membership_add
from rongmei.core.tests.factories import CenterFactory
from rongmei.core.tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

# Every role whose items check a role, so that every such item is asked and shown.
ROLES = ("editor", "channel_operator", "director", "administrator", "chief_editor")


def _request(user, center):
    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {"rongmei_center_id": center.pk}
    return request


def _labels(items) -> set[str]:
    found = set()
    for item in items:
        found.add(str(item.label))
        found |= _labels(getattr(item, "menu_items", []))
    return found


def _role_reads(queries) -> list[str]:
    """`roles_of` (the roles cached on the request) and `has_role` reads."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(('SELECT "auth_group"."name" AS "roles__name" FROM "accounts_membership"',
                                'SELECT 1 AS "a" FROM "accounts_membership"'))
    ]  # fmt: skip


def test_building_the_admin_menu_reads_roles_once(center, make_user):
    user = make_user(center, *ROLES, username="menu-user")
    request = _request(user, center)

    # Wagtail asks each item whether it is shown more than once while building the menu.
    with CaptureQueriesContext(connection) as queries:
        labels = _labels(admin_menu.render_component(request))

    assert {"发布任务", "用户增长", "台账导入", "外宣看板", "工作总结模板"} <= labels
    reads = _role_reads(queries.captured_queries)
    # One read of the roles held in the current center, shared by every item that checks
    # a role in it.
    assert len(reads) == 1
    assert "roles__name" in reads[0]


def test_menu_queries_do_not_grow_with_the_users_other_centers(center, make_user):
    user = make_user(center, *ROLES, username="menu-user")

    def more_memberships():
        for n in range(4):
            elsewhere = CenterFactory(code=f"{632230 + n}", name=f"另一县{n}融媒体中心")
            membership_add(center=elsewhere, user=user, roles=list(ROLES))

    labels = assert_queries_do_not_grow(
        lambda: _labels(admin_menu.render_component(_request(user, center))), more_memberships
    )
    assert {"发布任务", "用户增长", "台账导入", "外宣看板", "工作总结模板"} <= labels
