"""Aggregate reads of party-building records, each in one query whatever their number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from rongmei.core.models import Center

from .models import ActivityKind, PartyActivity, PartyMember, StudyAppUsage, usage_rate

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


def community_service_by_member(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[str, Any] | None:
    """Reports to the community (双报到) per member of the branch during the period.

    Counts every member on the roster at some time in the period, those who did not
    report included. Keys: `members`, `reports`, `hours` (totals), and per member
    `min_reports`, `max_reports`, `min_hours`, `max_hours`. None without members.
    """
    in_period = Q(service_reports__date__gte=start, service_reports__date__lte=end)
    rows = list(
        PartyMember.objects.filter(center=center)
        .filter(Q(joined__isnull=True) | Q(joined__lte=end))
        .filter(Q(left__isnull=True) | Q(left__gte=start))
        .order_by()
        .annotate(
            n=Count("service_reports", filter=in_period),
            h=Sum("service_reports__hours", filter=in_period),
        )
        .values_list("n", "h")
    )
    if not rows:
        return None
    reports = [n for n, _h in rows]
    hours = [h or Decimal(0) for _n, h in rows]
    return {
        "members": len(rows),
        "reports": sum(reports),
        "hours": sum(hours, Decimal(0)),
        "min_reports": min(reports),
        "max_reports": max(reports),
        "min_hours": min(hours),
        "max_hours": max(hours),
    }


def study_app_usage_latest(*, center: Center, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per study app, its latest figures in the period: `app`, `date`, `members`,
    `installed`, `active` and `rate` (安装使用率, whole percent), apps by name."""
    rows = (
        StudyAppUsage.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by("app", "-date")
        .values("app", "date", "members", "installed", "active")
    )
    latest: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["app"] not in latest:
            latest[r["app"]] = {**r, "rate": usage_rate(r["active"], r["members"])}
    return list(latest.values())
