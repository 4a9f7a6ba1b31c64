"""`/api/v1/stats` and `/api/v1/stats/ranking`: tenancy and bad input."""

import pytest

from rongmei.core.tests.factories import CenterFactory

from .conftest import build_year

pytestmark = pytest.mark.django_db

YEAR = {"start": "2021-01-01", "end": "2021-12-31"}


@pytest.fixture
def city(center):
    city = CenterFactory(code="632200", name="示范市级平台", level="city")
    center.parent = city
    center.save()
    return city


def test_a_member_gets_the_document_of_their_center(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/api/v1/stats", YEAR)
    assert response.status_code == 200
    assert response.json()["outreach"]["adoptions"] == 6
    response = client.get("/api/v1/stats", {**YEAR, "center": "632224", "compare": "previous_year"})
    assert response.json()["previous"]["outreach"]["adoptions"] == 1


def test_another_centers_statistics_are_not_found(client, center, other_center, make_user):
    client.force_login(make_user(center, "director"))
    assert client.get("/api/v1/stats", {**YEAR, "center": "632225"}).status_code == 404
    assert client.get("/api/v1/stats", {**YEAR, "center": "000000"}).status_code == 404


def test_a_city_viewer_sees_centers_below_not_elsewhere(
    client, center, other_center, city, year, make_user
):
    client.force_login(make_user(city, "city_viewer"))
    response = client.get("/api/v1/stats", {**YEAR, "center": "632224"})
    assert response.status_code == 200
    assert response.json()["outreach"]["adoptions"] == 6
    assert client.get("/api/v1/stats", {**YEAR, "center": "632225"}).status_code == 404


def test_signed_out_is_refused(client, center):
    assert client.get("/api/v1/stats", YEAR).status_code == 401


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2021-02-30", "end": "2021-12-31"}, "不是有效日期"),
        ({"end": "2021-12-31"}, "缺少开始日期"),
        ({"start": "2021-12-31", "end": "2021-01-01"}, "结束日期不能早于开始日期"),
        ({**YEAR, "compare": "daily"}, "对比方式"),
    ],
)
def test_bad_input_is_a_400_in_chinese(client, center, make_user, params, message):
    client.force_login(make_user(center, "director"))
    response = client.get("/api/v1/stats", params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_ranking_holds_the_centers_the_user_may_see(client, center, other_center, city, make_user):
    build_year(center)
    build_year(other_center)
    client.force_login(make_user(city, "city_viewer"))
    response = client.get("/api/v1/stats/ranking", {**YEAR, "metric": "outreach.adoptions"})
    assert response.status_code == 200
    assert response.json() == [
        {"center": "632224", "name": "示范县融媒体中心", "value": 6, "rank": 1},
        {"center": "632200", "name": "示范市级平台", "value": 0, "rank": 2},
    ]


def test_ranking_refuses_an_unknown_metric(client, center, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/api/v1/stats/ranking", {**YEAR, "metric": "nope"})
    assert response.status_code == 400
    assert "未知指标" in response.json()["detail"]
    response = client.get("/api/v1/stats/ranking", YEAR)
    assert response.status_code == 400
