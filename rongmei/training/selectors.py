"""Aggregate reads of training events, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from .models import TrainingEvent


def training_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, Any]]:
    """Per center: events in the period, attendees summed, hours summed (a Decimal)."""
    rows = (
        TrainingEvent.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id")
        .annotate(events=Count("id"), attendees=Sum("attendees"), hours=Sum("hours"))
    )
    return {
        r["center_id"]: {
            "events": r["events"],
            "attendees": r["attendees"] or 0,
            "hours": r["hours"] or Decimal(0),
        }
        for r in rows
    }
