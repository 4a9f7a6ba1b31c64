"""Notices owns the service notices (便民信息) the center publishes for the public."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.core.records import record_delete, require_permission_for

from .models import Notice

if TYPE_CHECKING:
    from rongmei.accounts.models import User

NOTICE_FIELDS = frozenset({"date", "category", "title", "body", "valid_until"})


@transaction.atomic
def notice_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    category: str,
    title: str,
    body: str = "",
    valid_until: dt.date | None = None,
    audit: bool = True,
) -> Notice:
    require_permission_for(by, Notice, "add", center=center)
    notice = Notice(
        center=center,
        date=date,
        category=category,
        title=title.strip(),
        body=body,
        valid_until=valid_until,
    )
    notice.full_clean()
    notice.save()
    if audit:
        audit_create(by=by, obj=notice)
    return notice


@transaction.atomic
def notice_update(*, by: User | None, notice: Notice, audit: bool = True, **changes: Any) -> Notice:
    unknown = set(changes) - NOTICE_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of Notice")
    require_permission_for(by, notice, "change")
    before = snapshot(notice)
    for field, value in changes.items():
        setattr(notice, field, value)
    notice.full_clean()
    notice.save()
    if audit:
        audit_update(by=by, obj=notice, before=before)
    return notice


@transaction.atomic
def notice_delete(*, by: User | None, notice: Notice) -> None:
    record_delete(by=by, obj=notice)
