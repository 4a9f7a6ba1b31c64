"""Aggregate reads of service notices, in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count

from .models import Notice, NoticeCategory

CATEGORIES = tuple(NoticeCategory.values)


def notice_counts_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: notices dated in the period, by category."""
    rows = (
        Notice.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "category")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        counts = result.setdefault(r["center_id"], dict.fromkeys(CATEGORIES, 0))
        category = r["category"] if r["category"] in counts else NoticeCategory.OTHER
        counts[category] += r["n"]
    return result
