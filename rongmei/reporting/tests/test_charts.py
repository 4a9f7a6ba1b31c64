"""Charts: per-month series, the trend of a ranking, the wall screen, the chart data."""

import datetime as dt
import io
import json
import re

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rongmei.core.tests.factories import CenterFactory
from rongmei.outreach.tests.factories import AdoptionFactory
from rongmei.party.tests.factories import PartyActivityFactory
from rongmei.reporting.series import buckets, stats_monthly, stats_trend
from rongmei.reporting.services import stats_document
from rongmei.reporting.staticfiles import ECHARTS, VendorFinder

from .conftest import END, START, build_year

pytestmark = pytest.mark.django_db

YEAR = {"start": "2021-01-01", "end": "2021-12-31"}


def _month(values: dict[int, int]) -> list[int]:
    return [values.get(m, 0) for m in range(1, 13)]


@pytest.fixture
def city(center, other_center):
    city = CenterFactory(code="632200", name="示范市级平台", level="city")
    center.parent = city
    center.save()
    return city


def _json_script(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, element_id
    return json.loads(match.group(1))


# ---------------------------------------------------------------------------
# Series


def test_monthly_series_puts_each_record_in_its_month(center, year):
    series = stats_monthly(center=center, start=START, end=END, compare="previous_year")

    assert series["buckets"] == [f"2021-{m:02d}" for m in range(1, 13)]
    assert series["labels"][0] == "1月"
    assert series["published"] == _month({1: 1, 6: 1, 12: 1})
    assert series["views"] == _month({1: 100, 6: 1000, 12: 50})
    assert series["adoptions"] == _month({6: 5, 12: 1})
    assert series["adoptions_by_level"]["central"] == _month({6: 4})
    assert series["adoptions_by_level"]["municipal"] == _month({12: 1})
    # The year before holds one adoption, on 31 December 2020.
    assert series["previous"]["adoptions"] == _month({12: 1})
    assert series["previous"]["published"] == _month({})


def test_monthly_series_add_up_to_the_document(center):
    build_year(center, n=3)
    doc = stats_document(center=center, start=START, end=END)
    series = stats_monthly(center=center, start=START, end=END)
    assert sum(series["published"]) == doc["published_total"]
    assert sum(series["views"]) == doc["views_total"]
    assert sum(series["adoptions"]) == doc["outreach"]["adoptions"]
    assert series["previous"] is None


def test_monthly_series_take_four_queries_whatever_the_records(
    center, other_center, django_assert_num_queries
):
    build_year(center, n=1)
    build_year(other_center, n=5)
    for c in (center, other_center):
        with django_assert_num_queries(4):
            stats_monthly(center=c, start=START, end=END, compare="previous_year")


def test_buckets_clip_months_and_switch_to_years_for_long_periods():
    months = buckets(dt.date(2021, 11, 15), dt.date(2022, 2, 3))
    assert [b.key for b in months] == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert months[0].start == dt.date(2021, 11, 15)
    assert months[-1].end == dt.date(2022, 2, 3)
    assert months[0].label == "2021-11"  # two years: the year is in the label
    years = buckets(dt.date(2018, 1, 1), dt.date(2021, 6, 30))
    assert [b.label for b in years] == ["2018年", "2019年", "2020年", "2021年"]
    assert years[-1].end == dt.date(2021, 6, 30)


def test_trend_gives_each_center_its_months(center, other_center):
    AdoptionFactory.create_batch(2, center=center, date=dt.date(2021, 3, 9))
    AdoptionFactory(center=other_center, date=dt.date(2021, 12, 31))
    PartyActivityFactory(center=other_center, date=dt.date(2021, 2, 1), kind="theme_day")

    trend = stats_trend(
        centers=[center, other_center], start=START, end=END, metric="outreach.adoptions"
    )
    assert trend["labels"][2] == "3月"
    assert trend["series"] == [
        {"center": "632224", "name": "示范县融媒体中心", "values": _month({3: 2})},
        {"center": "632225", "name": "邻县融媒体中心", "values": _month({12: 1})},
    ]
    party = stats_trend(
        centers=[center, other_center], start=START, end=END, metric="party.theme_day"
    )
    assert [s["values"] for s in party["series"]] == [_month({}), _month({2: 1})]


@pytest.mark.parametrize(
    ("metric", "queries"),
    [("outreach.by_level.central", 1), ("views_total", 1), ("party.theme_day", 12)],
)
def test_trend_queries_do_not_grow_with_the_centers(metric, queries, django_assert_num_queries):
    few = [CenterFactory() for _ in range(3)]
    many = [*few, *(CenterFactory() for _ in range(27))]
    for c in many[:5]:
        AdoptionFactory(center=c, date=dt.date(2021, 5, 5))
    with django_assert_num_queries(queries):
        stats_trend(centers=few, start=START, end=END, metric=metric)
    with django_assert_num_queries(queries):
        rows = stats_trend(centers=many, start=START, end=END, metric=metric)
    assert len(rows["series"]) == 30


# ---------------------------------------------------------------------------
# Statistics page


def test_stats_page_carries_the_chart_data(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats/", {**YEAR, "compare": "previous_year"})
    html = response.content.decode()
    data = _json_script(html, "stats-charts")
    assert data["monthly"]["published"] == _month({1: 1, 6: 1, 12: 1})
    assert data["monthly"]["previous"]["adoptions"] == _month({12: 1})
    assert data["names"] == {"current": "2021年", "previous": "2020年"}
    assert {"name": "中央", "value": 4} in data["by_level"]
    assert data["top"][0]["title"]
    assert data["top"][0]["views"] == 1000
    party = next(g for g in data["groups"] if g["key"] == "party")
    assert {"key": "theme_day", "name": "主题党日", "value": 1, "previous": 1} in party["items"]
    # Served from our own static files, never a CDN.
    assert f"/static/{ECHARTS}" in html
    assert "cdn" not in html.lower()
    assert 'data-chart="monthly"' in html
    assert "阅读量最高的发布" in html


def test_stats_page_without_records_draws_no_charts(client, center, make_user):
    client.force_login(make_user(center, "director"))
    html = client.get("/admin/reporting/stats/", YEAR).content.decode()
    assert 'data-charts="stats-charts"' not in html
    assert "台账导入" in html


def test_each_table_exports_alone(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats.xlsx", {**YEAR, "table": "monthly"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["月度发布与外宣"]
    rows = list(workbook.active.iter_rows(min_row=3, values_only=True))
    assert rows[5][:4] == ("2021-06", 1, 1000, 5)
    assert client.get("/admin/reporting/stats.xlsx", {**YEAR, "table": "nope"}).status_code == 404


def test_full_export_holds_the_monthly_and_top_tables(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats.xlsx", {**YEAR, "compare": "previous_year"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"主要指标", "月度发布与外宣", "阅读量最高的发布"} <= set(workbook.sheetnames)
    overview = workbook["主要指标"]
    assert [c.value for c in overview[2]] == ["指标", "本期", "对比期", "增减"]
    rows = {r[0]: r for r in overview.iter_rows(min_row=3, values_only=True)}
    assert rows["外宣刊播总数"][1:] == (6, 1, "+500%")


# ---------------------------------------------------------------------------
# Wall screen


def test_wall_screen_renders_for_a_director(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/wall/", YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "示范县融媒体中心数据大屏" in html
    assert 'data-refresh="/admin/reporting/wall/data/?' in html
    data = _json_script(html, "wall-data")
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["outreach.adoptions"]["value"] == 6
    assert figures["outreach.adoptions"]["change"] == 500  # 1 the year before
    assert data["previous_period"] == {"start": "2020-01-01", "end": "2020-12-31"}


def test_wall_screen_defaults_to_the_year_so_far(client, center, make_user):
    client.force_login(make_user(center, "director"))
    page = client.get("/admin/reporting/wall/").content.decode()
    assert "还没有任何记录" in page  # and says where records come from
    assert "台账导入" in page
    response = client.get("/admin/reporting/wall/data/")
    assert response.status_code == 200
    data = response.json()
    today = dt.date.fromisoformat(data["period"]["end"])
    assert data["period"]["start"] == f"{today.year}-01-01"
    assert data["figures"][0]["name"] == "外宣刊播总数"


def test_wall_data_is_the_same_figures_as_json(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    data = client.get("/admin/reporting/wall/data/", YEAR).json()
    assert data["monthly"]["adoptions"] == _month({6: 5, 12: 1})
    assert data["updated"]


def test_wall_screen_of_another_center_is_not_found(client, center, other_center, make_user):
    client.force_login(make_user(other_center, "director"))
    assert client.get("/admin/reporting/wall/", {"center": "632224"}).status_code == 404
    assert client.get("/admin/reporting/wall/data/", {"center": "632224"}).status_code == 404


def test_wall_screen_needs_a_signed_in_member(client, center):
    response = client.get("/admin/reporting/wall/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# ---------------------------------------------------------------------------
# Ranking trend


def test_ranking_trend_of_a_city_viewer_holds_only_the_centers_below(
    client, center, other_center, city, make_user
):
    build_year(center)
    build_year(other_center)  # not below the city: never shown to its viewer
    client.force_login(make_user(city, "city_viewer"))
    response = client.get("/admin/reporting/ranking/", {**YEAR, "metric": "outreach.adoptions"})
    assert response.status_code == 200
    trend = _json_script(response.content.decode(), "ranking-trend")
    assert [s["center"] for s in trend["series"]] == ["632224", "632200"]
    assert trend["series"][0]["values"] == _month({6: 5, 12: 1})
    assert trend["metric_label"] == "外宣刊播总数"


def test_ranking_page_queries_do_not_grow_with_the_centers(
    client, center, city, make_user, django_assert_num_queries
):
    PartyActivityFactory(center=center, date=dt.date(2021, 4, 1), kind="theme_day")
    viewer = make_user(city, "city_viewer")
    client.force_login(viewer)
    query = {**YEAR, "metric": "party.theme_day"}
    client.get("/admin/reporting/ranking/", query)  # warm: session, caches
    with CaptureQueriesContext(connection) as two:
        client.get("/admin/reporting/ranking/", query)
    assert len(two.captured_queries) <= 40
    for i in range(20):
        CenterFactory(code=f"6323{i:02d}", parent=city)
        PartyActivityFactory(
            center=CenterFactory(code=f"6324{i:02d}", parent=city), kind="theme_day"
        )
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get("/admin/reporting/ranking/", query)
    assert len(_json_script(response.content.decode(), "ranking-trend")["series"]) == 42


def test_api_monthly_and_trend(client, center, city, year, make_user):
    client.force_login(make_user(city, "city_viewer"))
    monthly = client.get("/api/v1/stats/monthly", {**YEAR, "center": "632224"})
    assert monthly.status_code == 200
    assert monthly.json()["adoptions"] == _month({6: 5, 12: 1})
    assert client.get("/api/v1/stats/monthly", {**YEAR, "center": "632225"}).status_code == 404
    trend = client.get("/api/v1/stats/trend", {**YEAR, "metric": "published_total"})
    assert trend.status_code == 200
    assert {s["center"] for s in trend.json()["series"]} == {"632224", "632200"}
    assert client.get("/api/v1/stats/trend", {**YEAR, "metric": "nope"}).status_code == 400


# ---------------------------------------------------------------------------
# ECharts from npm


@pytest.mark.skipif(
    not (settings.BASE_DIR / "node_modules" / "echarts").exists(),
    reason="npm install has not run (make setup)",
)
def test_vendor_finder_serves_only_the_built_echarts():
    finder = VendorFinder()
    found = finder.find(ECHARTS)
    assert found
    assert found.endswith("node_modules/echarts/dist/echarts.min.js")
    assert finder.find("vendor/echarts/echarts.js") is None
    assert [path for path, _storage in finder.list(None)] == ["echarts.min.js"]
