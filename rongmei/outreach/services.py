"""Outreach owns outside media (外部媒体) and the center's stories they adopted (外宣刊播)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_record, audit_update, snapshot
from rongmei.core.models import AuditAction, Center

from .models import Adoption, Outlet, Placement

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.newsroom.models import Campaign

OUTLET_FIELDS = frozenset({"name", "level", "parent"})
ADOPTION_FIELDS = frozenset(
    {"outlet", "date", "title", "kind", "placement", "url", "authors", "ref"}
)


def _apply(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of {type(instance).__name__}")
    for field, value in changes.items():
        setattr(instance, field, value)


def _check_parent(outlet: Outlet) -> None:
    parent = outlet.parent
    if parent is None:
        return
    if parent.center_id != outlet.center_id:
        raise ValidationError({"parent": _("上级媒体不属于本中心。")})
    seen = set()
    node: Outlet | None = parent
    while node is not None:
        if (outlet.pk is not None and node.pk == outlet.pk) or node.pk in seen:
            raise ValidationError({"parent": _("上级媒体不能形成循环。")})
        seen.add(node.pk)
        node = node.parent


def _check_campaigns(center_id: int, campaigns: Iterable[Campaign]) -> list[Campaign]:
    campaigns = list(campaigns)
    if any(c.center_id != center_id for c in campaigns):
        raise ValidationError({"campaigns": _("专题不属于本中心。")})
    return campaigns


@transaction.atomic
def outlet_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    level: str,
    parent: Outlet | None = None,
    audit: bool = True,
) -> Outlet:
    outlet = Outlet(center=center, name=name.strip(), level=level, parent=parent)
    _check_parent(outlet)
    outlet.full_clean()
    outlet.save()
    if audit:
        audit_create(by=by, obj=outlet)
    return outlet


@transaction.atomic
def outlet_update(*, by: User | None, outlet: Outlet, audit: bool = True, **changes: Any) -> Outlet:
    before = snapshot(outlet)
    _apply(outlet, changes, OUTLET_FIELDS)
    _check_parent(outlet)
    outlet.full_clean()
    outlet.save()
    if audit:
        audit_update(by=by, obj=outlet, before=before)
    return outlet


@transaction.atomic
def adoption_create(
    *,
    by: User | None,
    center: Center,
    outlet: Outlet,
    date: dt.date,
    title: str,
    kind: str = "",
    placement: str = Placement.OTHER,
    url: str = "",
    authors: str = "",
    campaigns: Iterable[Campaign] = (),
    ref: str = "",
    audit: bool = True,
) -> Adoption:
    """Record that an outside outlet carried one of the center's stories."""
    if outlet.center_id != center.pk:
        raise ValidationError({"outlet": _("该媒体不属于本中心。")})
    campaigns = _check_campaigns(center.pk, campaigns)
    adoption = Adoption(
        center=center,
        outlet=outlet,
        date=date,
        title=title.strip(),
        kind=kind,
        placement=placement,
        url=url,
        authors=authors,
        ref=ref.strip(),
    )
    adoption.full_clean()
    adoption.save()
    if campaigns:
        adoption.campaigns.set(campaigns)
    if audit:
        audit_create(by=by, obj=adoption)
    return adoption


@transaction.atomic
def adoption_update(
    *,
    by: User | None,
    adoption: Adoption,
    campaigns: Iterable[Campaign] | None = None,
    audit: bool = True,
    **changes: Any,
) -> Adoption:
    before = snapshot(adoption)
    _apply(adoption, changes, ADOPTION_FIELDS)
    if adoption.outlet.center_id != adoption.center_id:
        raise ValidationError({"outlet": _("该媒体不属于本中心。")})
    adoption.full_clean()
    adoption.save()
    if campaigns is not None:
        new = _check_campaigns(adoption.center_id, campaigns)
        old_names = sorted(c.name for c in adoption.campaigns.all())
        adoption.campaigns.set(new)
        new_names = sorted(c.name for c in new)
        if audit and old_names != new_names:
            audit_record(
                action=AuditAction.UPDATE,
                by=by,
                obj=adoption,
                changes={"campaigns": [old_names, new_names]},
            )
    if audit:
        audit_update(by=by, obj=adoption, before=before)
    return adoption
