"""Reads of planning records: listings, the coverage calendar and dashboard counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from rongmei.core.models import Center

from .choices import OPEN_ASSIGNMENT_STATES, AssignmentStatus, TopicStatus
from .models import Assignment, KeyDate, Lead, Topic

if TYPE_CHECKING:
    from rongmei.accounts.models import User


def lead_list(*, center: Center) -> QuerySet[Lead]:
    return Lead.objects.filter(center=center).select_related("topic", "merged_into")


def topic_list_awaiting(*, center: Center) -> QuerySet[Topic]:
    return Topic.objects.filter(center=center, status=TopicStatus.PROPOSED)


def assignment_list_for_user(*, center: Center, user: User) -> QuerySet[Assignment]:
    """The user's assignments still to be done."""
    return (
        Assignment.objects.filter(
            center=center,
            assignees__user=user,
            status__in=(*OPEN_ASSIGNMENT_STATES,),
        )
        .distinct()
        .order_by("due")
    )


def assignment_overdue_count(*, center: Center) -> int:
    return Assignment.objects.filter(
        center=center, status__in=OPEN_ASSIGNMENT_STATES, due__lt=timezone.now()
    ).count()


def assignment_get(*, center: Center, pk: int) -> Assignment | None:
    return Assignment.objects.filter(center=center, pk=pk).first()


def assignment_choices(*, center: Center) -> QuerySet[Assignment]:
    """Assignments a story can be filed against."""
    return Assignment.objects.filter(center=center).exclude(status=AssignmentStatus.CANCELLED)


def calendar_entries(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[dt.date, list[dict[str, Any]]]:
    """Topics (by planned date), assignments (by due date) and key dates, per day, in three queries."""
    days: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for kd in KeyDate.objects.filter(center=center, date__gte=start, date__lte=end):
        days[kd.date].append({"kind": "key", "title": kd.title, "pk": kd.pk, "overdue": False})
    topics = Topic.objects.filter(
        center=center, planned_date__gte=start, planned_date__lte=end
    ).exclude(status=TopicStatus.REFUSED)
    for t in topics:
        days[t.planned_date].append(
            {
                "kind": "topic",
                "title": t.title,
                "pk": t.pk,
                "status": t.get_status_display(),
                "overdue": False,
            }
        )
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    for a in Assignment.objects.filter(center=center, due__gte=lo, due__lt=hi).exclude(
        status=AssignmentStatus.CANCELLED
    ):
        days[timezone.localtime(a.due).date()].append(
            {
                "kind": "assignment",
                "title": a.title,
                "pk": a.pk,
                "status": a.get_status_display(),
                "overdue": a.is_overdue,
            }
        )
    return days
