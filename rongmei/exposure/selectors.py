"""Aggregate reads of the exposure board, in one query whatever the number of cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count

from .models import ExposureCase, ExposureStatus

STATUSES = tuple(ExposureStatus.values)


def case_counts_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: cases dated in the period, by their current status, and `total`."""
    rows = (
        ExposureCase.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "status")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        counts = result.setdefault(r["center_id"], {**dict.fromkeys(STATUSES, 0), "total": 0})
        if r["status"] in STATUSES:
            counts[r["status"]] += r["n"]
        counts["total"] += r["n"]
    return result
