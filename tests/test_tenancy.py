"""A user of one center never sees another center's records: not in listings, not by
URL, not in exports, not through the API."""

import pytest
from django.urls import reverse

from rongmei.accounts.models import Department
from rongmei.accounts.services import department_create, membership_add
from rongmei.core.tenancy import record_center_ids, stats_center_ids
from rongmei.core.tests.factories import CenterFactory
from rongmei.core.tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_departments(center, other_center):
    return (
        department_create(center=center, name="新闻采访部"),
        department_create(center=other_center, name="邻县专用部门"),
    )


def test_listing_shows_only_own_centers_records(client, admin_user, two_departments):
    client.force_login(admin_user)
    response = client.get(reverse("departments:index"))
    assert response.status_code == 200
    assert "新闻采访部" in response.text
    assert "邻县专用部门" not in response.text


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "copy"])
def test_other_centers_record_by_url_is_not_found(client, admin_user, two_departments, view):
    client.force_login(admin_user)
    theirs = two_departments[1]
    response = client.get(reverse(f"departments:{view}", args=[theirs.pk]))
    assert response.status_code == 404


def test_posting_to_other_centers_record_changes_nothing(client, admin_user, two_departments):
    client.force_login(admin_user)
    theirs = two_departments[1]
    response = client.post(
        reverse("departments:edit", args=[theirs.pk]), {"name": "被篡改", "sort_order": 1}
    )
    assert response.status_code == 404
    response = client.post(reverse("departments:delete", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "邻县专用部门"


def test_export_contains_only_own_centers_records(client, admin_user, two_departments):
    client.force_login(admin_user)
    response = client.get(reverse("departments:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "新闻采访部" in body
    assert "邻县专用部门" not in body


def test_api_other_centers_staff_is_not_found(client, admin_user, other_center, center):
    client.force_login(admin_user)
    assert client.get(f"/api/v1/centers/{center.code}/staff").status_code == 200
    assert client.get(f"/api/v1/centers/{other_center.code}/staff").status_code == 404
    assert client.get(f"/api/v1/audit?center={other_center.code}").status_code == 404


def test_api_requires_sign_in(client, center):
    assert client.get(f"/api/v1/centers/{center.code}/staff").status_code == 401


def test_new_record_belongs_to_current_center(client, admin_user, center):
    client.force_login(admin_user)
    response = client.post(reverse("departments:add"), {"name": "新媒体部", "sort_order": 3})
    assert response.status_code == 302
    assert Department.objects.get(name="新媒体部").center == center


def test_city_viewer_sees_statistics_below_but_no_records(db):
    city = CenterFactory(code="632200", name="示范市平台", level="city")
    below = CenterFactory(code="632224", name="示范县", parent=city)
    elsewhere = CenterFactory(code="530100", name="别处县")
    from rongmei.accounts.tests.factories import make_staff

    viewer = make_staff(city, "city_viewer")
    assert record_center_ids(viewer) == frozenset()
    assert stats_center_ids(viewer) == {city.pk, below.pk}
    assert elsewhere.pk not in stats_center_ids(viewer)


def test_multi_center_staff_switches_center(client, center, other_center, make_user):
    user = make_user(center, "administrator")
    membership_add(center=other_center, user=user, roles=["administrator"])
    department_create(center=other_center, name="邻县专用部门")
    client.force_login(user)
    assert "邻县专用部门" not in client.get(reverse("departments:index")).text
    response = client.post(reverse("core_center_switch"), {"center": other_center.pk})
    assert response.status_code == 302
    assert "邻县专用部门" in client.get(reverse("departments:index")).text
    client.post(reverse("departments:add"), {"name": "切换后新建", "sort_order": 1})
    assert Department.objects.get(name="切换后新建").center == other_center


def test_switching_to_a_center_not_ones_own_is_refused(client, admin_user, other_center):
    client.force_login(admin_user)
    response = client.post(reverse("core_center_switch"), {"center": other_center.pk})
    assert response.status_code == 404


def test_staff_listing_query_count_does_not_grow(client, admin_user, center, make_user):
    for i in range(3):
        make_user(center, "reporter", username=f"r{i}")
    client.force_login(admin_user)

    def more_staff():
        for i in range(3, 25):
            make_user(center, "reporter", username=f"r{i}")

    response = assert_queries_do_not_grow(lambda: client.get(reverse("staff:index")), more_staff)
    # A page of the listing (Wagtail shows 20 a page) names each reporter's role.
    assert response.text.count("记者") >= 20
