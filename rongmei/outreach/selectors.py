"""Aggregate reads of outside outlets and adoptions (外宣), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Q

from rongmei.core.models import Center

from .models import Adoption, Outlet, OutletLevel, Placement

FRONT_PAGE = Q(placement__in=[Placement.FRONT_PAGE, Placement.FRONT_PAGE_HEADLINE])
FRONT_PAGE_HEADLINE = Q(placement=Placement.FRONT_PAGE_HEADLINE)
LEVELS = tuple(OutletLevel.values)


def _counts():
    # A front-page headline is also on the front page, so it counts in both.
    return {
        "adoptions": Count("id"),
        "front_page": Count("id", filter=FRONT_PAGE),
        "front_page_headline": Count("id", filter=FRONT_PAGE_HEADLINE),
    }


def outlet_list(*, center: Center) -> list[dict[str, Any]]:
    """Every outlet of the center: `pk`, `name`, `level`, `parent_id` (one query)."""
    return list(
        Outlet.objects.filter(center=center)
        .order_by("pk")
        .values("pk", "name", "level", "parent_id")
    )


def adoption_counts_by_outlet(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per outlet id: its own adoptions in the period, on the front page, as headline."""
    rows = (
        Adoption.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("outlet_id")
        .annotate(**_counts())
    )
    return {r.pop("outlet_id"): r for r in rows}


def adoption_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, Any]]:
    """Per center: adoptions in the period, split by the outlet's level (one query)."""
    rows = (
        Adoption.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "outlet__level")
        .annotate(**_counts())
    )
    result: dict[int, dict[str, Any]] = {}
    for r in rows:
        totals = result.setdefault(
            r["center_id"],
            {
                "adoptions": 0,
                "by_level": dict.fromkeys(LEVELS, 0),
                "front_page": 0,
                "front_page_headline": 0,
            },
        )
        totals["adoptions"] += r["adoptions"]
        level = r["outlet__level"] if r["outlet__level"] in LEVELS else OutletLevel.OTHER
        totals["by_level"][level] += r["adoptions"]
        totals["front_page"] += r["front_page"]
        totals["front_page_headline"] += r["front_page_headline"]
    return result
