"""Aggregate reads of outside outlets and adoptions (外宣), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from rongmei.core.models import Center
from rongmei.core.tenancy import get_record_or_404

from .models import (
    Adoption,
    AdoptionCredit,
    Outcome,
    Outlet,
    OutletLevel,
    Placement,
    Submission,
    SubmissionTarget,
)

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


def adoption_totals_by_day(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per center, day and outlet level: adoptions, on the front page, as headline.

    One query; rows `center_id`, `date`, `level`, `adoptions`, `front_page`,
    `front_page_headline`. Callers bucket the days into weeks or months.
    """
    rows = (
        Adoption.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "date", "outlet__level")
        .annotate(**_counts())
    )
    return [{**r, "level": r.pop("outlet__level")} for r in rows]


# ---------------------------------------------------------------------------
# Submissions, the outreach board and what scoring reads


def submission_list(
    *, center: Center, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Submission]:
    """The center's submissions, newest first, with their outlets and outcomes (3 queries)."""
    qs = Submission.objects.filter(center=center)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    return qs.select_related("submitted_by", "story").prefetch_related(
        Prefetch(
            "targets",
            queryset=SubmissionTarget.objects.select_related("outlet", "adoption").order_by("id"),
        )
    )


def submission_get_for_user(*, user, pk: int) -> Submission:
    """One submission of the user's centers; another center's is not found."""
    queryset = Submission.objects.select_related(
        "submitted_by", "story", "version", "center"
    ).prefetch_related(
        Prefetch(
            "targets",
            queryset=SubmissionTarget.objects.select_related(
                "outlet", "adoption", "decided_by"
            ).order_by("id"),
        )
    )
    return get_record_or_404(queryset, user, pk=pk)


def adoption_list(*, center: Center, start: dt.date, end: dt.date) -> QuerySet[Adoption]:
    """Adoptions dated in the period, with outlet, parent and credited staff (2 queries)."""
    return (
        Adoption.objects.filter(center=center, date__gte=start, date__lte=end)
        .select_related("outlet", "outlet__parent", "submission_target")
        .prefetch_related(
            Prefetch("credits", queryset=AdoptionCredit.objects.select_related("user"))
        )
        .order_by("-date", "-id")
    )


def adoption_rollup_by_outlet(
    *, center: Center, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per outlet with adoptions in the period: its own plus all its descendants' counts."""
    outlets = {o["pk"]: o for o in outlet_list(center=center)}
    own = adoption_counts_by_outlet(center=center, start=start, end=end)
    keys = ("adoptions", "front_page", "front_page_headline")
    rolled: dict[int, dict[str, int]] = {}
    for outlet_id, counts in own.items():
        node: int | None = outlet_id
        seen: set[int] = set()
        while node is not None and node in outlets and node not in seen:
            seen.add(node)
            row = rolled.setdefault(node, dict.fromkeys(keys, 0))
            for k in keys:
                row[k] += counts[k]
            node = outlets[node]["parent_id"]
    rows = []
    for outlet_id, counts in rolled.items():
        outlet = outlets[outlet_id]
        parent = outlets.get(outlet["parent_id"]) if outlet["parent_id"] else None
        rows.append(
            {
                "pk": outlet_id,
                "outlet": outlet["name"],
                "level": outlet["level"],
                "parent": parent["name"] if parent else None,
                **counts,
            }
        )
    rows.sort(key=lambda r: (-r["adoptions"], r["outlet"]))
    return rows


def outreach_board(*, center: Center, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What the outreach board shows for a period, in a fixed number of queries."""
    submissions = list(submission_list(center=center, start=start, end=end))
    targets = [t for s in submissions for t in s.targets.all()]
    adoptions = list(adoption_list(center=center, start=start, end=end))
    totals = adoption_totals_by_center(center_ids=[center.pk], start=start, end=end).get(
        center.pk,
        {
            "adoptions": 0,
            "by_level": dict.fromkeys(LEVELS, 0),
            "front_page": 0,
            "front_page_headline": 0,
        },
    )
    return {
        "submissions": submissions,
        "submission_count": len(submissions),
        "target_count": len(targets),
        "outcomes": {
            value: sum(1 for t in targets if t.outcome == value) for value in Outcome.values
        },
        "adoptions": adoptions,
        "headlines": [a for a in adoptions if a.placement == Placement.FRONT_PAGE_HEADLINE],
        "totals": totals,
        "by_level": [
            (value, label, totals["by_level"].get(value, 0)) for value, label in OutletLevel.choices
        ],
        "by_outlet": adoption_rollup_by_outlet(center=center, start=start, end=end),
    }


def adoptions_for_scoring(*, center: Center, until: dt.date) -> list[dict[str, Any]]:
    """Every adoption up to `until`, with what scoring needs (2 queries).

    Rows: `pk`, `date`, `title`, `level`, `outlet`, `placement`, `story_id`,
    `submission_id`, `authors` (text) and `credits` [(user_id, role)].
    """
    rows = list(
        Adoption.objects.filter(center=center, date__lte=until)
        .order_by("date", "pk")
        .values(
            "pk",
            "date",
            "title",
            "placement",
            "story_id",
            "authors",
            "outlet__name",
            "outlet__level",
            "submission_target__submission_id",
        )
    )
    credits: dict[int, list[tuple[int, str]]] = {}
    for adoption_id, user_id, role in (
        AdoptionCredit.objects.filter(adoption__center=center, adoption__date__lte=until)
        .order_by("adoption_id", "sort_order", "id")
        .values_list("adoption_id", "user_id", "role")
    ):
        credits.setdefault(adoption_id, []).append((user_id, role))
    return [
        {
            "pk": r["pk"],
            "date": r["date"],
            "title": r["title"],
            "placement": r["placement"],
            "story_id": r["story_id"],
            "authors": r["authors"],
            "outlet": r["outlet__name"],
            "level": r["outlet__level"],
            "submission_id": r["submission_target__submission_id"],
            "credits": credits.get(r["pk"], []),
        }
        for r in rows
    ]
