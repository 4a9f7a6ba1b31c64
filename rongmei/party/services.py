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
from rongmei.core.records import record_delete, record_update, require_permission_for

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
PARTY_MEMBER_FIELDS = frozenset({"name", "joined", "left"})
SERVICE_REPORT_FIELDS = frozenset({"member", "date", "hours", "activity"})
STUDY_APP_FIELDS = frozenset({"date", "app", "members", "installed", "active"})


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
    require_permission_for(by, PartyActivity, "add", center=center)
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
    require_permission_for(by, activity, "change")
    before = snapshot(activity)
    for field, value in changes.items():
        setattr(activity, field, value)
    activity.full_clean()
    activity.save()
    if audit:
        audit_update(by=by, obj=activity, before=before)
    return activity


@transaction.atomic
def party_activity_delete(*, by: User | None, activity: PartyActivity) -> None:
    """Delete an activity; reports to the community made under it stay, without it."""
    record_delete(by=by, obj=activity)


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
    require_permission_for(by, PartyMember, "add", center=center)
    member = PartyMember(center=center, name=name.strip(), joined=joined, left=left)
    member.full_clean()
    member.save()
    if audit:
        audit_create(by=by, obj=member)
    return member


@transaction.atomic
def party_member_update(
    *, by: User | None, member: PartyMember, audit: bool = True, **changes: Any
) -> PartyMember:
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    return record_update(
        by=by, obj=member, allowed=PARTY_MEMBER_FIELDS, changes=changes, audit=audit
    )


@transaction.atomic
def party_member_delete(*, by: User | None, member: PartyMember) -> None:
    """Remove a member entered by mistake; one who has reports is kept (set a 转出日期)."""
    if member.service_reports.exists():
        raise ValidationError(_("该党员已有社区报到记录，不能删除；党员转出请填写转出日期。"))
    record_delete(by=by, obj=member)


def _check_report(report: CommunityServiceReport) -> None:
    """The member and the activity are the center's own; the activity a 双报到服务 one."""
    if report.member_id is not None and report.member.center_id != report.center_id:
        raise ValidationError({"member": _("只能选择本中心的党员。")})
    activity = report.activity
    if activity is not None:
        if activity.center_id != report.center_id:
            raise ValidationError({"activity": _("只能选择本中心的党建活动。")})
        if activity.kind != ActivityKind.COMMUNITY_SERVICE:
            raise ValidationError({"activity": _("所属活动应为“双报到服务”类活动。")})


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
    require_permission_for(by, CommunityServiceReport, "add", center=center)
    report = CommunityServiceReport(
        center=center, member=member, date=date, hours=hours, activity=activity
    )
    _check_report(report)
    report.full_clean()
    report.save()
    if audit:
        audit_create(by=by, obj=report)
    return report


@transaction.atomic
def community_service_report_update(
    *, by: User | None, report: CommunityServiceReport, audit: bool = True, **changes: Any
) -> CommunityServiceReport:
    return record_update(
        by=by,
        obj=report,
        allowed=SERVICE_REPORT_FIELDS,
        changes=changes,
        check=_check_report,
        audit=audit,
    )


@transaction.atomic
def community_service_report_delete(*, by: User | None, report: CommunityServiceReport) -> None:
    record_delete(by=by, obj=report)


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
    require_permission_for(by, usage or StudyAppUsage, "change" if usage else "add", center=center)
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


@transaction.atomic
def study_app_usage_create(
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
    """A new day's figures of a study app; a day already recorded is corrected, not added."""
    require_permission_for(by, StudyAppUsage, "add", center=center)
    usage = StudyAppUsage(
        center=center,
        date=date,
        app=app.strip(),
        members=members,
        installed=installed,
        active=active,
    )
    usage.full_clean()
    usage.save()
    if audit:
        audit_create(by=by, obj=usage)
    return usage


@transaction.atomic
def study_app_usage_update(
    *, by: User | None, usage: StudyAppUsage, audit: bool = True, **changes: Any
) -> StudyAppUsage:
    if "app" in changes:
        changes["app"] = changes["app"].strip()
    return record_update(by=by, obj=usage, allowed=STUDY_APP_FIELDS, changes=changes, audit=audit)


@transaction.atomic
def study_app_usage_delete(*, by: User | None, usage: StudyAppUsage) -> None:
    record_delete(by=by, obj=usage)
