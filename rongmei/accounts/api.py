"""API endpoints for staff: who works in a center (scoped to the caller's centers)."""

from django.http import Http404
from ninja import Router, Schema

from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from .selectors import membership_list

router = Router(tags=["accounts"])


class StaffOut(Schema):
    username: str
    name: str
    department: str | None
    roles: list[str]


@router.get("/centers/{code}/staff", response=list[StaffOut])
def staff_list(request, code: str):
    center = Center.objects.filter(code=code, pk__in=record_center_ids(request.user)).first()
    if center is None:
        raise Http404
    return [
        {
            "username": m.user.username,
            "name": str(m.user),
            "department": m.department.name if m.department else None,
            "roles": sorted(r.name for r in m.roles.all()),
        }
        for m in membership_list(user=request.user).filter(center=center)
    ]
