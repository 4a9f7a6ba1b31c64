"""API endpoints of the kernel: the centers a user may see and their audit log."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from .acting import acting_in
from .models import AuditEntry, Center
from .tenancy import record_center_ids, stats_center_ids

router = Router(tags=["core"])


class CenterOut(Schema):
    code: str
    name: str
    level: str
    records: bool


class AuditOut(Schema):
    id: int
    at: dt.datetime
    center: str | None
    actor: str
    action: str
    verb: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    ip_address: str | None


@router.get("/centers", response=list[CenterOut])
def center_list(request):
    records = record_center_ids(request.user)
    centers = Center.objects.filter(pk__in=stats_center_ids(request.user))
    return [
        {"code": c.code, "name": c.name, "level": c.level, "records": c.pk in records}
        for c in centers
    ]


@router.get("/audit", response=list[AuditOut])
def audit_list(request, center: str, object_type: str = "", object_id: str = "", limit: int = 100):
    center_obj = Center.objects.filter(code=center, pk__in=record_center_ids(request.user)).first()
    if center_obj is None:
        raise Http404
    # The audit-reading role counts only in the center asked about.
    with acting_in(center_obj):
        if not request.user.has_perm("core.view_auditentry"):
            raise Http404
    qs = AuditEntry.objects.filter(center=center_obj)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    return [
        {
            "id": e.pk,
            "at": e.at,
            "center": center_obj.code,
            "actor": e.actor_name,
            "action": e.action,
            "verb": e.verb,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "changes": e.changes,
            "ip_address": e.ip_address,
        }
        for e in qs[: max(1, min(limit, 1000))]
    ]
