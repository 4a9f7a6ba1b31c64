"""Party owns the branch's party-building records (党建活动)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center

from .models import PartyActivity

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
