"""Aggregate reads of integrity records, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Sum

from .models import IntegrityKind, IntegrityRecord

KINDS = tuple(IntegrityKind.values)


def record_sums_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: the sum of `count` of the records dated in the period, per kind."""
    rows = (
        IntegrityRecord.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "kind")
        .annotate(total=Sum("count"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        sums = result.setdefault(r["center_id"], dict.fromkeys(KINDS, 0))
        if r["kind"] in sums:
            sums[r["kind"]] += r["total"] or 0
    return result
