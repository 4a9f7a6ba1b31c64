"""Aggregate reads of own channels, publications and audience figures.

Every function here runs a fixed number of queries whatever the number of records:
the statistics (`reporting`) rely on that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from rongmei.core.models import Center

from .models import AudienceFigure, Channel, Publication

REACH_FIELDS = ("views", "likes", "shares", "comments")


def publication_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: publications dated in the period and the sum of their views (one query)."""
    rows = (
        Publication.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id")
        .annotate(published=Count("id"), views=Sum("views"))
    )
    return {r["center_id"]: {"published": r["published"], "views": r["views"] or 0} for r in rows}


def publication_figures_by_channel_and_column(
    *, center: Center, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Publications in the period grouped by (channel, column), with summed reach (one query).

    Rows: `channel_id`, `column_id` (None where none), `published`, `views`, `likes`,
    `shares`, `comments`. Grouping by both at once lets a caller total per channel and
    per column from a single scan.
    """
    rows = (
        Publication.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("channel_id", "column_id")
        .annotate(published=Count("id"), **{f: Sum(f) for f in REACH_FIELDS})
    )
    return [{**r, **{f: r[f] or 0 for f in REACH_FIELDS}} for r in rows]


def channel_audience(*, center: Center, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every channel of the center with its audience figures for the period (one query).

    `followers_end`: the latest follower figure on or before `end` (None where none);
    `followers_before`: the latest before `start`; `visits`: visits summed over the
    period; `has_audience`: whether any audience figure is dated in the period.
    """
    figures = AudienceFigure.objects.filter(channel=OuterRef("pk")).order_by()

    def latest_followers(**date_lookup):
        return (
            figures.filter(followers__isnull=False, **date_lookup)
            .order_by("-date")
            .values("followers")[:1]
        )

    in_period = figures.filter(date__gte=start, date__lte=end)
    visits = in_period.values("channel_id").annotate(s=Sum("visits")).values("s")[:1]
    rows = (
        Channel.objects.filter(center=center)
        .order_by("pk")
        .annotate(
            followers_end=Subquery(latest_followers(date__lte=end)),
            followers_before=Subquery(latest_followers(date__lt=start)),
            visits=Coalesce(Subquery(visits), Value(0), output_field=IntegerField()),
            has_audience=Exists(in_period),
        )
        .values(
            "pk", "name", "platform", "followers_end", "followers_before", "visits", "has_audience"
        )
    )
    return list(rows)


def publication_figures_by_channel(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per channel id: publications in the period and their summed reach (one query).

    Keys: `published`, `views`, `likes`, `shares`, `comments`. Grouping by the channel
    alone (not by channel and column) keeps the sort small; columns are counted apart
    by `publication_counts_by_column`.
    """
    rows = (
        Publication.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("channel_id")
        .annotate(published=Count("*"), **{f: Sum(f) for f in REACH_FIELDS})
    )
    return {
        r["channel_id"]: {"published": r["published"], **{f: r[f] or 0 for f in REACH_FIELDS}}
        for r in rows
    }


def publication_counts_by_column(
    *, center: Center, start: dt.date, end: dt.date, column_ids: Collection[int]
) -> dict[int, int]:
    """Per column id (of those given): publications in the period (one query).

    The ids are listed explicitly so that an index on (center, column, date) can
    answer from the index alone, one column after another.
    """
    if not column_ids:
        return {}
    rows = (
        Publication.objects.filter(
            center=center, column_id__in=column_ids, date__gte=start, date__lte=end
        )
        .order_by()
        .values("column_id")
        .annotate(n=Count("*"))
    )
    return {r["column_id"]: r["n"] for r in rows}


def publication_totals_by_day(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per center and day with publications: `center_id`, `date`, `published`, `views`.

    One query. Grouping by the day follows the (center, date) index, so no sort is
    needed; callers bucket the days into weeks or months.
    """
    return list(
        Publication.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "date")
        .annotate(published=Count("*"), views=Sum("views"))
    )


def publication_top(
    *, center: Center, start: dt.date, end: dt.date, limit: int = 10
) -> list[dict[str, Any]]:
    """The most viewed publications of the period, most first (one query).

    Keys: `title`, `date`, `channel`, `platform`, `url`, and the reach figures.
    """
    rows = (
        Publication.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by("-views", "-date", "-pk")
        .values("title", "date", "url", "channel__name", "channel__platform", *REACH_FIELDS)[:limit]
    )
    return [
        {**r, "channel": r.pop("channel__name"), "platform": r.pop("channel__platform")}
        for r in rows
    ]
