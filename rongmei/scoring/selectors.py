"""Reads of scoring: the rule of a month, the records a month is scored from, results."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils.html import strip_tags

from rongmei.accounts.models import Membership
from rongmei.core.models import Center

from .models import MonthStatus, ScoreAdjustment, ScoreLine, ScoreMonth, ScoreRule, StoryGrade

PUBLISHED = "published"
CENT = Decimal("0.01")


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_last(month: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def rule_for_month(*, center: Center, month: dt.date) -> ScoreRule:
    """The rule in force in `month`: the latest taking effect on or before it.

    Without any, the built-in defaults (an unsaved rule), so a new center scores at once.
    """
    rule = (
        ScoreRule.objects.filter(center=center, effective_month__lte=month_first(month))
        .order_by("-effective_month")
        .first()
    )
    return rule or ScoreRule(center=center, effective_month=dt.date(2000, 1, 1))


def month_get(*, center: Center, month: dt.date) -> ScoreMonth | None:
    return ScoreMonth.objects.filter(center=center, month=month_first(month)).first()


def month_is_closed(*, center: Center | int, month: dt.date) -> bool:
    center_id = center if isinstance(center, int) else center.pk
    return ScoreMonth.objects.filter(
        center_id=center_id, month=month_first(month), status=MonthStatus.CLOSED
    ).exists()


def _local_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(month_first(month), dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(month_last(month) + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def stories_signed_off(*, center: Center, month: dt.date) -> list[dict[str, Any]]:
    """Stories signed off (签发) in the month and still published, with what scores them.

    Rows: `pk`, `title`, `genre`, `is_original`, `length`, `date`, `grade` (or ""),
    `authors` [(user_id, role)], `channels` [kinds of published versions]. 3 queries.

    Reads newsroom's models directly until newsroom offers a selector for it.
    """
    from rongmei.newsroom.models import ChannelVersion, Story, StoryAuthor

    start, end = _local_bounds(month)
    tz = ZoneInfo(settings.TIME_ZONE)
    stories = list(
        Story.objects.filter(
            center=center, stage=PUBLISHED, published_at__gte=start, published_at__lt=end
        )
        .order_by("published_at", "pk")
        .prefetch_related(
            Prefetch(
                "authors",
                queryset=StoryAuthor.objects.order_by("sort_order", "pk").only(
                    "story_id", "user_id", "role"
                ),
            ),
            Prefetch(
                "versions",
                queryset=ChannelVersion.objects.filter(status=PUBLISHED).only("story_id", "kind"),
            ),
        )
    )
    grades = dict(StoryGrade.objects.filter(story__in=stories).values_list("story_id", "grade"))
    return [
        {
            "pk": s.pk,
            "title": s.title,
            "genre": s.genre,
            "is_original": s.is_original,
            "length": len(strip_tags(s.body or "").strip()),
            "date": s.published_at.astimezone(tz).date(),
            "grade": grades.get(s.pk, ""),
            "authors": [(a.user_id, a.role) for a in s.authors.all()],
            "channels": [v.kind for v in s.versions.all()],
        }
        for s in stories
    ]


def staff_by_name(*, center: Center) -> dict[str, int]:
    """Active staff of the center by display name and username, for text author lists."""
    names: dict[str, int] = {}
    for user_id, display, username in Membership.objects.filter(
        center=center, is_active=True
    ).values_list("user_id", "user__display_name", "user__username"):
        for name in (display, username):
            if name:
                names.setdefault(name, user_id)
    return names


def _rank(rows: list[dict[str, Any]], key: str, field: str) -> None:
    """Competition ranking: equal totals share a rank, the next rank skips (1, 2, 2, 4)."""
    last, rank = None, 0
    for i, row in enumerate(rows, start=1):
        if row["total"] != last:
            rank, last = i, row["total"]
        row[field] = rank


def month_results(*, score_month: ScoreMonth) -> list[dict[str, Any]]:
    """Per person: item points, adjustments, total, department, rank in center and department.

    Highest total first; a fixed number of queries whatever the staff count.
    """
    lines = dict(
        ScoreLine.objects.filter(score_month=score_month)
        .order_by()
        .values("user_id")
        .annotate(s=Sum("points"))
        .values_list("user_id", "s")
    )
    adjust = dict(
        ScoreAdjustment.objects.filter(score_month=score_month)
        .order_by()
        .values("user_id")
        .annotate(s=Sum("points"))
        .values_list("user_id", "s")
    )
    user_ids = set(lines) | set(adjust)
    members = {
        m.user_id: m
        for m in Membership.objects.filter(
            center_id=score_month.center_id, user_id__in=user_ids
        ).select_related("user", "department")
    }
    from rongmei.accounts.models import User

    missing = user_ids - set(members)
    extra_users = {u.pk: u for u in User.objects.filter(pk__in=missing)} if missing else {}
    rows = []
    for uid in user_ids:
        m = members.get(uid)
        user = m.user if m else extra_users.get(uid)
        # SQLite sums decimals as floats; bring every figure back to cents.
        items = Decimal(str(lines.get(uid) or 0)).quantize(CENT)
        adj = Decimal(str(adjust.get(uid) or 0)).quantize(CENT)
        rows.append(
            {
                "user_id": uid,
                "name": str(user) if user else str(uid),
                "username": user.username if user else "",
                "department": m.department.name if m and m.department else "",
                "items": items,
                "adjustments": adj,
                "total": items + adj,
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["name"]))
    _rank(rows, "total", "rank")
    by_dept: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_dept[row["department"]].append(row)
    for dept_rows in by_dept.values():
        _rank(dept_rows, "total", "department_rank")
    return rows


def department_totals(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per department: people, total and average, highest total first."""
    by: dict[str, list[Decimal]] = defaultdict(list)
    for row in results:
        by[row["department"]].append(row["total"])
    rows = [
        {
            "department": name,
            "people": len(totals),
            "total": sum(totals, Decimal(0)).quantize(CENT),
            "average": (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")),
        }
        for name, totals in by.items()
    ]
    rows.sort(key=lambda r: (-r["total"], r["department"]))
    _rank(rows, "total", "rank")
    return rows


def person_lines(*, score_month: ScoreMonth, user_id: int) -> dict[str, Any]:
    """One person's breakdown: every item with the rule that scored it, and adjustments."""
    lines = list(
        ScoreLine.objects.filter(score_month=score_month, user_id=user_id).order_by("date", "pk")
    )
    adjustments = list(
        ScoreAdjustment.objects.filter(score_month=score_month, user_id=user_id)
        .select_related("made_by")
        .order_by("created_at", "pk")
    )
    items = sum((line.points for line in lines), Decimal(0)).quantize(CENT)
    adj = sum((a.points for a in adjustments), Decimal(0)).quantize(CENT)
    return {
        "lines": lines,
        "adjustments": adjustments,
        "items": items,
        "adjustments_total": adj,
        "total": items + adj,
    }


def month_list(*, center: Center) -> list[ScoreMonth]:
    return list(ScoreMonth.objects.filter(center=center).order_by("-month"))
