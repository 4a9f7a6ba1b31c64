"""Aggregate reads of broadcast incidents, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Sum
from django.utils import timezone

from .models import BroadcastIncident, IncidentKind

KINDS = tuple(IncidentKind.values)


def local_day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants at which local `start` begins and the day after local `end` begins."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return begin, stop


def incident_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: incidents that started on a local date in the period, by kind, with
    `outage_seconds` (the seconds off air of `outage` incidents)."""
    begin, stop = local_day_bounds(start, end)
    rows = (
        BroadcastIncident.objects.filter(
            center_id__in=center_ids, started__gte=begin, started__lt=stop
        )
        .order_by()
        .values("center_id", "kind")
        .annotate(n=Count("id"), seconds=Sum("duration_seconds"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        totals = result.setdefault(r["center_id"], {**dict.fromkeys(KINDS, 0), "outage_seconds": 0})
        if r["kind"] in KINDS:
            totals[r["kind"]] += r["n"]
        if r["kind"] == IncidentKind.OUTAGE:
            totals["outage_seconds"] += r["seconds"] or 0
    return result
