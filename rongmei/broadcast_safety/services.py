"""Broadcast safety owns the record of incidents on air (停播、错播、劣播、垫播)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.core.records import record_delete, require_permission_for

from .models import BroadcastIncident

if TYPE_CHECKING:
    from rongmei.accounts.models import User

BROADCAST_INCIDENT_FIELDS = frozenset({"started", "system", "kind", "duration_seconds", "cause"})


@transaction.atomic
def broadcast_incident_create(
    *,
    by: User | None,
    center: Center,
    started: dt.datetime,
    system: str,
    kind: str,
    duration_seconds: int,
    cause: str = "",
    audit: bool = True,
) -> BroadcastIncident:
    """Record an incident; `started` must be timezone-aware."""
    require_permission_for(by, BroadcastIncident, "add", center=center)
    incident = BroadcastIncident(
        center=center,
        started=started,
        system=system.strip(),
        kind=kind,
        duration_seconds=duration_seconds,
        cause=cause.strip(),
    )
    incident.full_clean()
    incident.save()
    if audit:
        audit_create(by=by, obj=incident)
    return incident


@transaction.atomic
def broadcast_incident_update(
    *, by: User | None, incident: BroadcastIncident, audit: bool = True, **changes: Any
) -> BroadcastIncident:
    unknown = set(changes) - BROADCAST_INCIDENT_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of BroadcastIncident")
    require_permission_for(by, incident, "change")
    before = snapshot(incident)
    for field, value in changes.items():
        setattr(incident, field, value)
    incident.full_clean()
    incident.save()
    if audit:
        audit_update(by=by, obj=incident, before=before)
    return incident


@transaction.atomic
def broadcast_incident_delete(*, by: User | None, incident: BroadcastIncident) -> None:
    record_delete(by=by, obj=incident)
