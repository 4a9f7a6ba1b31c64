"""Figures over time: per-month series of a center, and each center's trend of one metric.

The same counting rules as `services` (a figure of a month is the document's figure for
that month), read through other apps' selectors. Query counts stay fixed whatever the
number of records or centers: publications and adoptions come from one query each,
grouped by day and bucketed here; any other metric is counted once per bucket, and a
period longer than `MAX_MONTHS` is bucketed by year to keep that bounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rongmei.core.models import Center
from rongmei.distribution import selectors as distribution_selectors
from rongmei.outreach import selectors as outreach_selectors

from .services import (
    SECTIONS,
    Document,
    _number,
    check_compare,
    check_metric,
    check_period,
    previous_period,
)

MAX_MONTHS = 36


@dataclass(frozen=True)
class Bucket:
    """A stretch of the period: a calendar month (or year), clipped to the period."""

    key: str  # "2021-03" or "2021"
    label: str  # "3月", "2021-03" or "2021年"
    start: dt.date
    end: dt.date


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def buckets(start: dt.date, end: dt.date) -> list[Bucket]:
    """The months of the period (its years when it spans more than `MAX_MONTHS`)."""
    check_period(start, end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    result = []
    if months > MAX_MONTHS:
        for year in range(start.year, end.year + 1):
            result.append(
                Bucket(
                    key=str(year),
                    label=f"{year}年",
                    start=max(start, dt.date(year, 1, 1)),
                    end=min(end, dt.date(year, 12, 31)),
                )
            )
        return result
    one_year = start.year == end.year
    day = dt.date(start.year, start.month, 1)
    while day <= end:
        result.append(
            Bucket(
                key=f"{day:%Y-%m}",
                label=f"{day.month}月" if one_year else f"{day:%Y-%m}",
                start=max(start, day),
                end=min(end, _month_end(day)),
            )
        )
        day = _month_end(day) + dt.timedelta(days=1)
    return result


def _index(bucket_list: list[Bucket]):
    """A function from a date to the position of its bucket."""
    by_key = {b.key: i for i, b in enumerate(bucket_list)}
    by_year = len(bucket_list[0].key) == 4 if bucket_list else False

    def position(day: dt.date) -> int:
        return by_key[str(day.year) if by_year else f"{day:%Y-%m}"]

    return position


def _publication_series(
    ids: list[int], bucket_list: list[Bucket], start: dt.date, end: dt.date
) -> dict[int, dict[str, list[int]]]:
    position = _index(bucket_list)
    result = {
        cid: {"published": [0] * len(bucket_list), "views": [0] * len(bucket_list)} for cid in ids
    }
    for row in distribution_selectors.publication_totals_by_day(
        center_ids=ids, start=start, end=end
    ):
        i = position(row["date"])
        series = result[row["center_id"]]
        series["published"][i] += row["published"]
        series["views"][i] += row["views"] or 0
    return result


def _adoption_series(
    ids: list[int], bucket_list: list[Bucket], start: dt.date, end: dt.date
) -> dict[int, dict[str, Any]]:
    position = _index(bucket_list)
    n = len(bucket_list)
    levels = outreach_selectors.LEVELS
    result = {
        cid: {
            "adoptions": [0] * n,
            "by_level": {level: [0] * n for level in levels},
            "front_page": [0] * n,
            "front_page_headline": [0] * n,
        }
        for cid in ids
    }
    for row in outreach_selectors.adoption_totals_by_day(center_ids=ids, start=start, end=end):
        i = position(row["date"])
        series = result[row["center_id"]]
        level = row["level"] if row["level"] in levels else "other"
        series["adoptions"][i] += row["adoptions"]
        series["by_level"][level][i] += row["adoptions"]
        series["front_page"][i] += row["front_page"]
        series["front_page_headline"][i] += row["front_page_headline"]
    return result


def _output_series(center: Center, start: dt.date, end: dt.date) -> Document:
    bucket_list = buckets(start, end)
    publications = _publication_series([center.pk], bucket_list, start, end)[center.pk]
    adoptions = _adoption_series([center.pk], bucket_list, start, end)[center.pk]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "buckets": [b.key for b in bucket_list],
        "labels": [b.label for b in bucket_list],
        "published": publications["published"],
        "views": publications["views"],
        "adoptions": adoptions["adoptions"],
        "adoptions_by_level": adoptions["by_level"],
    }


def stats_monthly(
    *, center: Center, start: dt.date, end: dt.date, compare: str | None = None
) -> Document:
    """Publications, views and adoptions of `center` per month of the period (4 queries).

    Keys: `buckets` ("2021-01"…), `labels` ("1月"…), `published`, `views`, `adoptions`,
    `adoptions_by_level` (level → list), each list one value per bucket; `previous`:
    the same for the period compared with (bucket by bucket), or None.
    """
    check_compare(compare)
    series = _output_series(center, start, end)
    series["previous"] = None
    if compare:
        prev_start, prev_end = previous_period(start, end, compare)
        series["previous"] = _output_series(center, prev_start, prev_end)
    return series


def _dig(value: Any, path: list[str]) -> Any:
    for key in path:
        value = value[key]
    return value


def stats_trend(
    *, centers: Iterable[Center], start: dt.date, end: dt.date, metric: str
) -> Document:
    """Each center's value of `metric` per month of the period (per year if long).

    Returns `buckets`, `labels` and `series`: `[{"center", "name", "values"}]` in the
    order of `centers`. Publications and adoptions take one query for all centers;
    any other metric one query per bucket, for all centers at once.
    """
    path = check_metric(metric)
    bucket_list = buckets(start, end)
    centers = list(centers)
    ids = [c.pk for c in centers]
    values: dict[int, list[int | float]] = {cid: [0] * len(bucket_list) for cid in ids}
    if ids and path[0] in ("published_total", "views_total"):
        key = "published" if path[0] == "published_total" else "views"
        for cid, series in _publication_series(ids, bucket_list, start, end).items():
            values[cid] = series[key]
    elif ids and path[0] == "outreach":
        for cid, series in _adoption_series(ids, bucket_list, start, end).items():
            values[cid] = _dig(series, path[1:])
    elif ids:
        section = SECTIONS[path[0]]
        for i, bucket in enumerate(bucket_list):
            figures = section(ids, bucket.start, bucket.end)
            for cid in ids:
                values[cid][i] = _number(_dig(figures[cid], path))
    return {
        "metric": metric,
        "buckets": [b.key for b in bucket_list],
        "labels": [b.label for b in bucket_list],
        "series": [{"center": c.code, "name": c.name, "values": values[c.pk]} for c in centers],
    }
