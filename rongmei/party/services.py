"""Party owns the branch's party-building records (党建活动), its members (党员) with
their reports to the community (社区报到), and study-app usage (学习APP使用情况)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center

from .models import (
    ActivityKind,
    CommunityServiceReport,
    PartyActivity,
    PartyMember,
    StudyAppUsage,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User

PARTY_ACTIVITY_FIELDS = frozenset({"date", "kind", "title", "attendees", "hours"})


@transaction.atomic
def party_activity_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    kind: str,
    title: str = "",
    attendees: int | None = None,
    hours: Decimal | None = None,
    audit: bool = True,
) -> PartyActivity:
    """Record a meeting, lecture, theme day or service held by the branch."""
    activity = PartyActivity(
        center=center, date=date, kind=kind, title=title.strip(), attendees=attendees, hours=hours
    )
    activity.full_clean()
    activity.save()
    if audit:
        audit_create(by=by, obj=activity)
    return activity


@transaction.atomic
def party_activity_update(
    *, by: User | None, activity: PartyActivity, audit: bool = True, **changes: Any
) -> PartyActivity:
    unknown = set(changes) - PARTY_ACTIVITY_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of PartyActivity")
    before = snapshot(activity)
    for field, value in changes.items():
        setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    if audit:
        audit_update(by=by, obj=activity, before=before)
    return activity


@transaction.atomic
def party_member_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    joined: dt.date | None = None,
    left: dt.date | None = None,
    audit: bool = True,
) -> PartyMember:
    """Add a member to the branch's roster (the denominator of per-member figures)."""
    member = PartyMember(center=center, name=name.strip(), joined=joined, left=left)
    member.full_clean()
    member.save()
    if audit:
        audit_create(by=by, obj=member)
    return member


@transaction.atomic
def community_service_report_create(
    *,
    by: User | None,
    center: Center,
    member: PartyMember,
    date: dt.date,
    hours: Decimal,
    activity: PartyActivity | None = None,
    audit: bool = True,
) -> CommunityServiceReport:
    """Record one member's report to the community (“双报到”) and the hours served.

    The member and the activity must be the center's own; the activity, where given,
    is a community-service one (双报到服务).
    """
    if member.center_id != center.pk:
        raise ValidationError({"member": _("只能选择本中心的党员。")})
    if activity is not None:
        if activity.center_id != center.pk:
            raise ValidationError({"activity": _("只能选择本中心的党建活动。")})
        if activity.kind != ActivityKind.COMMUNITY_SERVICE:
            raise ValidationError({"activity": _("所属活动应为“双报到服务”类活动。")})
    report = CommunityServiceReport(
        center=center, member=member, date=date, hours=hours, activity=activity
    )
    report.full_clean()
    report.save()
    if audit:
        audit_create(by=by, obj=report)
    return report


@transaction.atomic
def study_app_usage_record(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    app: str,
    members: int,
    installed: int,
    active: int,
    audit: bool = True,
) -> StudyAppUsage:
    """Record (or correct) the figures of one study app on one day, as its backend shows."""
    app = app.strip()
    usage = StudyAppUsage.objects.filter(center=center, app=app, date=date).first()
    if usage is None:
        usage = StudyAppUsage(
            center=center, date=date, app=app, members=members, installed=installed, active=active
        )
        usage.full_clean()
        usage.save()
        if audit:
            audit_create(by=by, obj=usage)
        return usage
    before = snapshot(usage)
    usage.members, usage.installed, usage.active = members, installed, active
    usage.full_clean()
    usage.save()
    if audit:
        audit_update(by=by, obj=usage, before=before)
    return usage
