"""The common steps of an app's record services: the permission in the record's
center, field checks, the audit entry. Each app's services call these; nothing else
does, so a rule lives in one place (the app's service or the model's `clean()`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .acting import acting_in
from .audit import audit_delete, audit_refused, audit_update, snapshot
from .changes import apply_changes


def require_perm(by, center: Any, perm: str, message: str | None = None) -> None:
    """`by` must hold `perm` through a role held in `center` (None: the system itself)."""
    if by is None:
        return
    with acting_in(center):
        if not by.has_perm(perm):
            refused = PermissionDenied(message or _("您在该中心没有执行此操作的权限。"))
            # Who tried what goes to the audit log (安全审计), surviving the rollback.
            audit_refused(by=by, center=center, perm=perm, exc=refused)
            raise refused


def model_perm(model: type[models.Model] | models.Model, action: str) -> str:
    meta = model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


_REFUSED = {
    "add": gettext_lazy("您在该中心没有新增此记录的权限。"),
    "change": gettext_lazy("您在该中心没有修改此记录的权限。"),
    "delete": gettext_lazy("您在该中心没有删除此记录的权限。"),
}


def require_permission_for(
    by,
    obj: models.Model | type[models.Model],
    action: str,
    perm: str | None = None,
    center: Any = None,
) -> None:
    """`by` may `action` ("add", "change", "delete") records like `obj` in its center (or
    `center`, for a new record: pass the model); `perm` replaces the model's own one."""
    require_perm(
        by,
        center if center is not None else obj.center_id,
        perm or model_perm(obj, action),
        str(_REFUSED.get(action, _("您在该中心没有执行此操作的权限。"))),
    )


@transaction.atomic
def record_update(
    *,
    by,
    obj: models.Model,
    allowed: Iterable[str],
    changes: dict[str, Any],
    check: Callable[[Any], None] | None = None,
    audit: bool = True,
    perm: str | None = None,
) -> Any:
    """Change `allowed` fields of `obj` as someone holding the change permission (or
    `perm`) in its center, validated with `full_clean()`, audited."""
    require_permission_for(by, obj, "change", perm)
    allowed = frozenset(allowed)
    m2m = {
        name: list(value)
        for name, value in changes.items()
        if name in allowed and obj._meta.get_field(name).many_to_many
    }
    before = snapshot(obj)
    apply_changes(obj, {k: v for k, v in changes.items() if k not in m2m}, allowed)
    if check is not None:
        check(obj)
    obj.full_clean()
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    if audit:
        audit_update(by=by, obj=obj, before=before)
    return obj


@transaction.atomic
def record_delete(*, by, obj: models.Model, perm: str | None = None, verb: str = "") -> None:
    """Delete `obj` as someone holding the delete permission in its center, audited."""
    require_perm(
        by,
        obj.center_id,
        perm or model_perm(obj, "delete"),
        _("您在该中心没有删除此记录的权限。"),
    )
    audit_delete(by=by, obj=obj, verb=verb)
    obj.delete()
