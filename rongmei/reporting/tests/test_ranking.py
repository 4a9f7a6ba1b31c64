"""Rankings: highest first, ties sharing a rank, any counted key path."""

import pytest

from rongmei.core.models import Center
from rongmei.core.tests.factories import CenterFactory
from rongmei.outreach.tests.factories import AdoptionFactory
from rongmei.reporting.services import StatsError, metric_names, stats_document, stats_ranking

from .conftest import END, IN, START, build_year

pytestmark = pytest.mark.django_db


def _adoptions(center, n):
    AdoptionFactory.create_batch(n, center=center, date=IN)


def test_ties_share_a_rank_and_the_next_rank_skips():
    a, b, c, d = (CenterFactory(code=f"63220{i}", name=f"县{i}") for i in range(1, 5))
    _adoptions(a, 5)
    _adoptions(b, 3)
    _adoptions(c, 3)
    _adoptions(d, 1)

    rows = stats_ranking(
        centers=Center.objects.all(), start=START, end=END, metric="outreach.adoptions"
    )

    assert rows == [
        {"center": "632201", "name": "县1", "value": 5, "rank": 1},
        {"center": "632202", "name": "县2", "value": 3, "rank": 2},
        {"center": "632203", "name": "县3", "value": 3, "rank": 2},
        {"center": "632204", "name": "县4", "value": 1, "rank": 4},
    ]


def test_centers_without_records_rank_with_zero(center, other_center):
    _adoptions(center, 2)
    rows = stats_ranking(
        centers=[center, other_center], start=START, end=END, metric="outreach.by_level.central"
    )
    assert [(r["center"], r["value"], r["rank"]) for r in rows] == [
        ("632224", 2, 1),
        ("632225", 0, 2),
    ]


def test_every_metric_ranks_by_the_document_value(center, other_center):
    build_year(center, n=2)
    build_year(other_center, n=1)
    docs = {c.code: stats_document(center=c, start=START, end=END) for c in (center, other_center)}
    for metric in metric_names():
        rows = stats_ranking(centers=[center, other_center], start=START, end=END, metric=metric)
        for row in rows:
            expected = docs[row["center"]]
            for key in metric.split("."):
                expected = expected[key]
            assert row["value"] == expected, metric


def test_metric_names_cover_the_contract_examples():
    names = metric_names()
    for metric in (
        "published_total",
        "outreach.adoptions",
        "outreach.by_level.central",
        "views_total",
        "party.theme_day",
        "party.community_service_hours",
        "broadcast.outage_seconds",
        "training.hours",
        "exposures.received",
        "notices.by_category.power",
    ):
        assert metric in names
    assert "channels" not in names


def test_unknown_metric_is_a_clear_error(center):
    with pytest.raises(StatsError, match=r"未知指标“outreach\.nothing”"):
        stats_ranking(centers=[center], start=START, end=END, metric="outreach.nothing")


def test_ranking_queries_do_not_grow_with_the_centers(django_assert_num_queries):
    centers = [CenterFactory() for _ in range(30)]
    for c in centers[:5]:
        _adoptions(c, 2)
    with django_assert_num_queries(1):  # two centers: one query…
        stats_ranking(centers=centers[:2], start=START, end=END, metric="outreach.adoptions")
    with django_assert_num_queries(1):  # …and thirty: still one
        rows = stats_ranking(centers=centers, start=START, end=END, metric="outreach.adoptions")
    assert len(rows) == 30
    assert [r["rank"] for r in rows[:6]] == [1, 1, 1, 1, 1, 6]
