"""The staff menu asks for the user's roles once per request, however many items it has."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.admin.menu import admin_menu

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


def test_building_the_admin_menu_reads_roles_in_bounded_queries(
    center, make_user, django_assert_max_num_queries
):
    user = make_user(center, *ROLES, username="menu-user")
    request = _request(user, center)

    # Wagtail asks each item whether it is shown more than once while building the menu.
    with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as queries:
        labels = _labels(admin_menu.render_component(request))

    assert {"发布任务", "用户增长", "台账导入", "外宣看板", "工作总结模板"} <= labels
    reads = _role_reads(queries.captured_queries)
    # One read of the roles held in the current center, shared by every item that checks
    # a role in it.
    assert len(reads) == 1
    assert "roles__name" in reads[0]
