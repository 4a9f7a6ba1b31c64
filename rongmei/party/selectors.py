"""Aggregate reads of party-building activities, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from .models import ActivityKind, PartyActivity

KINDS = tuple(ActivityKind.values)


def activity_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, Any]]:
    """Per center: activities in the period per kind, and `community_service_hours`.

    The hours are those of community-service activities (双报到服务), the only kind
    the hours field (服务时长) describes.
    """
    rows = (
        PartyActivity.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "kind")
        .annotate(n=Count("id"), hours=Sum("hours"))
    )
    result: dict[int, dict[str, Any]] = {}
    for r in rows:
        totals = result.setdefault(
            r["center_id"], {**dict.fromkeys(KINDS, 0), "community_service_hours": Decimal(0)}
        )
        if r["kind"] in KINDS:
            totals[r["kind"]] += r["n"]
        if r["kind"] == ActivityKind.COMMUNITY_SERVICE:
            totals["community_service_hours"] += r["hours"] or Decimal(0)
    return result
