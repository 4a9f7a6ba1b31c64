"""Writing the audit log. Every service calls `audit_record` for what it changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from .context import current_request
from .models import AuditAction, AuditEntry, Center
from .net import client_ip

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.http import HttpRequest


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, for comparing before and after."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose value changed."""
    skip = {"updated_at", "created_at"}
    return {
        k: [before.get(k), after.get(k)]
        for k in after
        if k not in skip and before.get(k) != after.get(k)
    }


def audit_record(
    *,
    action: str,
    by: AbstractBaseUser | None = None,
    obj: models.Model | None = None,
    center: Center | None = None,
    changes: dict[str, Any] | None = None,
    verb: str = "",
    request: HttpRequest | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry to the audit log."""
    request = request or current_request.get()
    if center is None and obj is not None:
        center_id = getattr(obj, "center_id", None)
    else:
        center_id = center.pk if center is not None else None
    if obj is not None and isinstance(obj, Center):
        center_id = obj.pk
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        center_id=center_id,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        action=action,
        verb=verb[:100],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        ip_address=client_ip(request),
    )


def audit_create(*, by, obj: models.Model, verb: str = "") -> AuditEntry:
    return audit_record(
        action=AuditAction.CREATE,
        by=by,
        obj=obj,
        verb=verb,
        changes={
            k: [None, v]
            for k, v in snapshot(obj).items()
            if v not in (None, "") and k not in {"created_at", "updated_at"}
        },
    )


def audit_update(
    *, by, obj: models.Model, before: dict[str, Any], verb: str = ""
) -> AuditEntry | None:
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return audit_record(action=AuditAction.UPDATE, by=by, obj=obj, changes=changes, verb=verb)


def audit_delete(*, by, obj: models.Model, verb: str = "") -> AuditEntry:
    return audit_record(
        action=AuditAction.DELETE,
        by=by,
        obj=obj,
        verb=verb,
        changes={
            k: [v, None]
            for k, v in snapshot(obj).items()
            if v not in (None, "") and k not in {"created_at", "updated_at"}
        },
    )


def audit_transition(
    *,
    by,
    obj: models.Model,
    field: str,
    old: Any,
    new: Any,
    verb: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    changes: dict[str, Any] = {field: [old, new]}
    changes.update(extra or {})
    return audit_record(action=AuditAction.TRANSITION, by=by, obj=obj, changes=changes, verb=verb)
