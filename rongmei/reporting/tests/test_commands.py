"""`manage.py stats` and `stats_ranking`: JSON only on stdout, Chinese errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .conftest import build_year

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    assert err.getvalue() == ""
    return out.getvalue()


def test_stats_prints_only_the_json_document(center, year):
    out = run("stats", "--start", "2021-01-01", "--end", "2021-12-31")
    doc = json.loads(out)
    assert doc["center"]["code"] == "632224"
    assert doc["outreach"]["adoptions"] == 6
    assert doc["previous"] is None
    assert "示范县融媒体中心" in out  # not \u-escaped


def test_stats_with_center_and_compare(center, other_center, year):
    out = run(
        "stats",
        "--start",
        "2021-01-01",
        "--end",
        "2021-12-31",
        "--center",
        "632224",
        "--compare",
        "previous_year",
    )
    doc = json.loads(out)
    assert doc["previous"]["period"]["start"] == "2020-01-01"
    out = run(
        "stats",
        "--start",
        "2021-01-01",
        "--end",
        "2021-12-31",
        "--center",
        "632224",
        "--compare",
        "previous_period",
    )
    # The 365 days just before: 2020 is a leap year.
    assert json.loads(out)["previous"]["period"] == {"start": "2020-01-02", "end": "2020-12-31"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "2021-13-01", "--end", "2021-12-31"], "不是有效日期"),
        (["--start", "2021/01/01", "--end", "2021-12-31"], "不是有效日期"),
        (["--start", "2021-12-31", "--end", "2021-01-01"], "结束日期不能早于开始日期"),
        (["--start", "2021-01-01", "--end", "2021-12-31", "--center", "999999"], "未找到"),
        (["--start", "2021-01-01", "--end", "2021-12-31", "--compare", "weekly"], "对比方式"),
    ],
)
def test_stats_refuses_bad_input_in_chinese(center, args, message):
    with pytest.raises(CommandError, match=message):
        run("stats", *args)


def test_stats_without_center_needs_a_single_center(center, other_center):
    with pytest.raises(CommandError, match="多个融媒体中心"):
        run("stats", "--start", "2021-01-01", "--end", "2021-12-31")


def test_stats_ranking_prints_every_center(center, other_center):
    build_year(other_center)
    out = run(
        "stats_ranking",
        "--start",
        "2021-01-01",
        "--end",
        "2021-12-31",
        "--metric",
        "outreach.adoptions",
    )
    assert json.loads(out) == [
        {"center": "632225", "name": "邻县融媒体中心", "value": 6, "rank": 1},
        {"center": "632224", "name": "示范县融媒体中心", "value": 0, "rank": 2},
    ]


def test_stats_ranking_unknown_metric(center):
    with pytest.raises(CommandError, match="未知指标"):
        run("stats_ranking", "--start", "2021-01-01", "--end", "2021-12-31", "--metric", "x")
