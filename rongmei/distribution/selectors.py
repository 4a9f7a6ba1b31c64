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
