"""API endpoints of scoring: a month's results per person, for payroll systems."""

from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from rongmei.accounts.selectors import has_role
from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from . import selectors
from .forms import parse_month
from .services import VIEW_ALL_ROLES

router = Router(tags=["scoring"])


class PersonOut(Schema):
    username: str
    name: str
    department: str
    items: Decimal
    adjustments: Decimal
    total: Decimal
    rank: int
    department_rank: int


class MonthOut(Schema):
    center: str
    month: str
    status: str
    people: list[PersonOut]


@router.get("/scoring/months/{month}", response=MonthOut)
def month_detail(request, month: str, center: str):
    """A month's scores (`YYYY-MM`) for directors, chief editors and desk heads."""
    center_obj = Center.objects.filter(code=center, pk__in=record_center_ids(request.user)).first()
    if center_obj is None or not has_role(request.user, center_obj, *VIEW_ALL_ROLES):
        raise Http404
    score_month = selectors.month_get(center=center_obj, month=parse_month(month))
    if score_month is None:
        raise Http404
    return {
        "center": center_obj.code,
        "month": f"{score_month.month:%Y-%m}",
        "status": score_month.status,
        "people": selectors.month_results(score_month=score_month),
    }
