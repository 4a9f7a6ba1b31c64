"""The statistics document: every key, from factory-built records."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rongmei.distribution.tests.factories import (
    AudienceFigureFactory,
    ChannelFactory,
    PublicationFactory,
)
from rongmei.outreach.tests.factories import AdoptionFactory, OutletFactory
from rongmei.reporting.services import StatsError, previous_period, stats_document

from .conftest import END, START, build_year

pytestmark = pytest.mark.django_db

TOP_KEYS = [
    "center",
    "period",
    "outreach",
    "published_total",
    "views_total",
    "channels",
    "programmes",
    "columns",
    "campaigns",
    "productions",
    "live",
    "party",
    "integrity",
    "exposures",
    "notices",
    "broadcast",
    "training",
    "previous",
]


@pytest.fixture
def doc(center, year):
    return stats_document(center=center, start=START, end=END)


def test_document_has_the_contract_keys_in_order(doc):
    assert list(doc) == TOP_KEYS
    assert doc["center"] == {"code": "632224", "name": "示范县融媒体中心"}
    assert doc["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert doc["previous"] is None
    json.dumps(doc)  # plain JSON types only


def test_outreach_counts_levels_placements_and_parents(doc):
    outreach = doc["outreach"]
    assert outreach["adoptions"] == 6
    assert outreach["by_level"] == {
        "central": 4,
        "provincial": 1,
        "municipal": 1,
        "county": 0,
        "other": 0,
    }
    # A front-page headline also counts as front page.
    assert outreach["front_page"] == 2
    assert outreach["front_page_headline"] == 1
    rows = {r["outlet"]: r for r in outreach["by_outlet"]}
    assert rows["中央电视台"] == {
        "outlet": "中央电视台",
        "level": "central",
        "parent": None,
        "adoptions": 2,
        "front_page": 0,
        "front_page_headline": 0,
    }
    assert rows["新闻联播"]["parent"] == "中央电视台"
    assert rows["新闻联播"]["adoptions"] == 1
    assert rows["人民日报"]["front_page"] == 2
    counts = [r["adoptions"] for r in outreach["by_outlet"]]
    assert counts == sorted(counts, reverse=True)


def test_a_parent_without_adoptions_of_its_own_counts_its_descendants(center):
    cctv = OutletFactory(center=center, name="中央电视台", level="central")
    news = OutletFactory(center=center, name="新闻频道", level="central", parent=cctv)
    lianbo = OutletFactory(center=center, name="新闻联播", level="central", parent=news)
    OutletFactory(center=center, name="未采用媒体", level="provincial")
    AdoptionFactory.create_batch(3, center=center, outlet=lianbo, date=START)
    AdoptionFactory(center=center, outlet=news, date=START, placement="front_page")

    outreach = stats_document(center=center, start=START, end=END)["outreach"]

    rows = {r["outlet"]: (r["adoptions"], r["front_page"]) for r in outreach["by_outlet"]}
    assert rows == {"中央电视台": (4, 1), "新闻频道": (4, 1), "新闻联播": (3, 0)}
    assert outreach["adoptions"] == 4
    assert outreach["by_level"]["central"] == 4


def test_publications_on_own_channels_and_their_views(doc):
    assert doc["published_total"] == 3
    assert doc["views_total"] == 1150


def test_channels_with_followers_growth_visits_and_nulls(doc):
    channels = {c["channel"]: c for c in doc["channels"]}
    assert set(channels) == {"示范融媒微信公众号", "示范融媒抖音"}  # the idle channel is left out
    assert channels["示范融媒微信公众号"] == {
        "channel": "示范融媒微信公众号",
        "platform": "wechat",
        "published": 2,
        "views": 150,
        "likes": 1,
        "shares": 2,
        "comments": 3,
        # Latest figure on or before the end (a visits-only row does not hide it).
        "followers": 1500,
        "followers_growth": 500,
        "visits": 15,
    }
    douyin = channels["示范融媒抖音"]
    assert douyin["followers"] == 300
    assert douyin["followers_growth"] is None  # no figure before the start
    assert douyin["visits"] == 0


def test_a_channel_with_only_audience_figures_has_a_row_and_no_followers(center):
    channel = ChannelFactory(center=center, name="网站", platform="website")
    AudienceFigureFactory(center=center, channel=channel, date=START, visits=40)

    channels = stats_document(center=center, start=START, end=END)["channels"]

    assert channels == [
        {
            "channel": "网站",
            "platform": "website",
            "published": 0,
            "views": 0,
            "likes": 0,
            "shares": 0,
            "comments": 0,
            "followers": None,
            "followers_growth": None,
            "visits": 40,
        }
    ]


def test_programmes_columns_and_campaigns(doc):
    assert doc["programmes"] == [{"programme": "示范新闻", "episodes": 1, "items": 12}]
    # The column 示范新闻 counts the episodes of the programme of the same name.
    assert doc["columns"] == [
        {"column": "健康示范", "published": 1},
        {"column": "示范新闻", "published": 1},
    ]
    assert doc["campaigns"] == [
        {
            "campaign": "爱卫创卫",
            "published": 1,
            "adoptions": 1,
            "productions": 1,
            "live_streams": 1,
        }
    ]


def test_productions_and_live(doc):
    assert doc["productions"] == {
        "total": 2,
        "by_kind": {"special_film": 1, "psa": 1, "micro_video": 0, "other": 0},
    }
    assert doc["live"] == {"events": 1, "viewers": 5000}


def test_party_integrity_exposures_notices(doc):
    assert doc["party"] == {
        "branch_committee": 1,
        "member_meeting": 0,
        "group_meeting": 0,
        "party_lecture": 0,
        "theme_day": 1,
        "political_birthday": 0,
        "org_life": 0,
        "study_session": 0,
        "community_service": 1,
        "community_service_hours": 2.5,
    }
    assert doc["integrity"] == {
        "responsibility_letter": 40,
        "commitment_letter": 0,
        "integrity_talk": 1,
        "inspection": 0,
        "problem": 0,
    }
    # `received` counts every report of the period, the others go by current status.
    assert doc["exposures"] == {"received": 2, "published": 0, "rectified": 1, "rejected": 0}
    assert doc["notices"] == {
        "total": 2,
        "by_category": {
            "power": 1,
            "water": 0,
            "traffic": 0,
            "agriculture": 1,
            "weather": 0,
            "other": 0,
        },
    }


def test_broadcast_counts_by_local_date_and_outage_seconds_of_outages_only(doc):
    # The outage at 00:01 on 1 January 2022 (local) is outside 2021.
    assert doc["broadcast"] == {
        "incidents": 2,
        "by_kind": {"outage": 1, "wrong": 0, "degraded": 0, "filler": 1},
        "outage_seconds": 30,
    }


def test_training_hours_are_json_numbers(doc, center):
    assert doc["training"] == {"events": 1, "attendees": 20, "hours": 1.5}
    whole = stats_document(center=center, start=dt.date(2021, 6, 1), end=dt.date(2021, 6, 1))
    assert isinstance(whole["training"]["hours"], float)
    assert json.loads(json.dumps(doc))["party"]["community_service_hours"] == 2.5


def test_whole_hours_come_out_as_integers(center):
    from rongmei.training.tests.factories import TrainingEventFactory

    TrainingEventFactory(center=center, date=START, hours=Decimal("3.0"))
    training = stats_document(center=center, start=START, end=END)["training"]
    assert training["hours"] == 3
    assert isinstance(training["hours"], int)


def test_period_includes_both_ends(center):
    channel = ChannelFactory(center=center)
    for day in (dt.date(2021, 3, 1), dt.date(2021, 3, 31), dt.date(2021, 4, 1)):
        PublicationFactory(center=center, channel=channel, date=day)
    doc = stats_document(center=center, start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 31))
    assert doc["published_total"] == 2


def test_records_of_another_center_are_not_counted(center, other_center):
    build_year(other_center)
    doc = stats_document(center=center, start=START, end=END)
    assert doc["outreach"]["adoptions"] == 0
    assert doc["published_total"] == 0
    assert doc["channels"] == []
    assert doc["party"]["theme_day"] == 0


def test_compare_previous_year(center, year):
    doc = stats_document(center=center, start=START, end=END, compare="previous_year")
    previous = doc["previous"]
    assert previous["period"] == {"start": "2020-01-01", "end": "2020-12-31"}
    assert "previous" not in previous
    assert previous["outreach"]["adoptions"] == 1
    assert previous["party"]["theme_day"] == 1
    assert previous["channels"][0]["followers"] == 1000
    assert list(previous) == TOP_KEYS[:-1]


def test_compare_previous_period(center, year):
    doc = stats_document(
        center=center,
        start=dt.date(2022, 1, 1),
        end=dt.date(2022, 1, 31),
        compare="previous_period",
    )
    assert doc["previous"]["period"] == {"start": "2021-12-01", "end": "2021-12-31"}
    assert doc["previous"]["published_total"] == 1  # the one of 31 December
    assert doc["published_total"] == 1  # the one of 1 January 2022


@pytest.mark.parametrize(
    ("start", "end", "compare", "expected"),
    [
        ("2021-01-01", "2021-12-31", "previous_year", ("2020-01-01", "2020-12-31")),
        ("2020-02-29", "2020-02-29", "previous_year", ("2019-02-28", "2019-02-28")),
        ("2021-03-01", "2021-03-10", "previous_period", ("2021-02-19", "2021-02-28")),
        ("2021-01-01", "2021-01-01", "previous_period", ("2020-12-31", "2020-12-31")),
    ],
)
def test_previous_period(start, end, compare, expected):
    s, e = previous_period(dt.date.fromisoformat(start), dt.date.fromisoformat(end), compare)
    assert (s.isoformat(), e.isoformat()) == expected


def test_end_before_start_and_unknown_compare_are_refused(center):
    with pytest.raises(StatsError, match="结束日期不能早于开始日期"):
        stats_document(center=center, start=END, end=START)
    with pytest.raises(StatsError, match="对比方式"):
        stats_document(center=center, start=START, end=END, compare="last_week")


def _queries(center, compare=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        stats_document(center=center, start=START, end=END, compare=compare)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_records(center, other_center):
    build_year(center, n=1)
    build_year(other_center, n=50)
    for compare in (None, "previous_year"):
        _queries(center, compare)  # warm what is cached on first use
        assert _queries(center, compare) == _queries(other_center, compare), compare
    doc = stats_document(center=other_center, start=START, end=END)
    assert doc["outreach"]["adoptions"] == 300
    assert doc["published_total"] == 150
