"""Training owns the center's courses, skill contests and exchanges (人才培训)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.core.records import record_delete, require_permission_for

from .models import TrainingEvent, TrainingKind

if TYPE_CHECKING:
    from rongmei.accounts.models import User

TRAINING_EVENT_FIELDS = frozenset({"date", "title", "kind", "attendees", "hours"})


@transaction.atomic
def training_event_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    title: str,
    kind: str = TrainingKind.COURSE,
    attendees: int = 0,
    hours: Decimal = Decimal(0),
    audit: bool = True,
) -> TrainingEvent:
    require_permission_for(by, TrainingEvent, "add", center=center)
    event = TrainingEvent(
        center=center, date=date, title=title.strip(), kind=kind, attendees=attendees, hours=hours
    )
    event.full_clean()
    event.save()
    if audit:
        audit_create(by=by, obj=event)
    return event


@transaction.atomic
def training_event_update(
    *, by: User | None, event: TrainingEvent, audit: bool = True, **changes: Any
) -> TrainingEvent:
    unknown = set(changes) - TRAINING_EVENT_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of TrainingEvent")
    require_permission_for(by, event, "change")
    before = snapshot(event)
    for field, value in changes.items():
        setattr(event, field, value)
    event.full_clean()
    event.save()
    if audit:
        audit_update(by=by, obj=event, before=before)
    return event


@transaction.atomic
def training_event_delete(*, by: User | None, event: TrainingEvent) -> None:
    record_delete(by=by, obj=event)
