"""Aggregate reads of programmes, episodes, live streams and productions.

Each function runs one query whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Sum

from rongmei.core.models import Center

from .models import Episode, LiveStream, Production, ProductionKind

PRODUCTION_KINDS = tuple(ProductionKind.values)


def episode_totals_by_programme(
    *, center: Center, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Programmes with episodes aired in the period: `programme`, `episodes`, `items`."""
    rows = (
        Episode.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("programme_id", "programme__name")
        .annotate(episodes=Count("id"), items=Sum("items"))
    )
    return [
        {"programme": r["programme__name"], "episodes": r["episodes"], "items": r["items"] or 0}
        for r in rows
    ]


def live_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: live streams in the period and their viewers summed."""
    rows = (
        LiveStream.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id")
        .annotate(events=Count("id"), viewers=Sum("viewers"))
    )
    return {r["center_id"]: {"events": r["events"], "viewers": r["viewers"] or 0} for r in rows}


def production_counts_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: productions completed in the period, by kind."""
    rows = (
        Production.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "kind")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        kinds = result.setdefault(r["center_id"], dict.fromkeys(PRODUCTION_KINDS, 0))
        kind = r["kind"] if r["kind"] in kinds else ProductionKind.OTHER
        kinds[kind] += r["n"]
    return result
