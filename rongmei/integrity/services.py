"""Integrity owns the records of 党风廉政: letters signed, talks, inspections, problems."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.core.records import record_delete, require_permission_for

from .models import IntegrityRecord

if TYPE_CHECKING:
    from rongmei.accounts.models import User

INTEGRITY_RECORD_FIELDS = frozenset({"date", "kind", "count", "subject", "details"})


@transaction.atomic
def integrity_record_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    kind: str,
    count: int = 1,
    subject: str = "",
    details: str = "",
    audit: bool = True,
) -> IntegrityRecord:
    require_permission_for(by, IntegrityRecord, "add", center=center)
    record = IntegrityRecord(
        center=center,
        date=date,
        kind=kind,
        count=count,
        subject=subject.strip(),
        details=details.strip(),
    )
    record.full_clean()
    record.save()
    if audit:
        audit_create(by=by, obj=record)
    return record


@transaction.atomic
def integrity_record_update(
    *, by: User | None, record: IntegrityRecord, audit: bool = True, **changes: Any
) -> IntegrityRecord:
    unknown = set(changes) - INTEGRITY_RECORD_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of IntegrityRecord")
    require_permission_for(by, record, "change")
    before = snapshot(record)
    for field, value in changes.items():
        setattr(record, field, value)
    record.full_clean()
    record.save()
    if audit:
        audit_update(by=by, obj=record, before=before)
    return record


@transaction.atomic
def integrity_record_delete(*, by: User | None, record: IntegrityRecord) -> None:
    record_delete(by=by, obj=record)
