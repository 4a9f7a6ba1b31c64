"""Exposure owns the exposure board (曝光台): cases, their exposure and rectification."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_transition, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.core.records import record_delete, require_permission_for

from .models import ExposureCase, ExposureStatus

if TYPE_CHECKING:
    from rongmei.accounts.models import User

EXPOSURE_CASE_FIELDS = frozenset(
    {"date", "title", "rectified_date", "description", "complainant_name", "complainant_contact"}
)

# The platform's own workflow; a ledger records whatever happened and may set any status.
_ALLOWED = {
    ExposureStatus.RECEIVED: {
        ExposureStatus.PUBLISHED,
        ExposureStatus.REJECTED,
        ExposureStatus.RECTIFIED,
    },
    ExposureStatus.PUBLISHED: {ExposureStatus.RECTIFIED},
    ExposureStatus.RECTIFIED: set(),
    ExposureStatus.REJECTED: set(),
}


@transaction.atomic
def exposure_case_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    title: str,
    status: str = ExposureStatus.RECEIVED,
    rectified_date: dt.date | None = None,
    description: str = "",
    complainant_name: str = "",
    complainant_contact: str = "",
    audit: bool = True,
) -> ExposureCase:
    """Register a case; an imported (historical) case may start in any status."""
    require_permission_for(by, ExposureCase, "add", center=center)
    case = ExposureCase(
        center=center,
        date=date,
        title=title.strip(),
        status=status,
        rectified_date=rectified_date,
        description=description,
        complainant_name=complainant_name.strip(),
        complainant_contact=complainant_contact.strip(),
    )
    case.full_clean()
    case.save()
    if audit:
        audit_create(by=by, obj=case)
    return case


@transaction.atomic
def exposure_case_update(
    *, by: User | None, case: ExposureCase, audit: bool = True, **changes: Any
) -> ExposureCase:
    """Change a case's facts; its status changes only through the transitions below."""
    unknown = set(changes) - EXPOSURE_CASE_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of ExposureCase")
    require_permission_for(by, case, "change")
    before = snapshot(case)
    for field, value in changes.items():
        setattr(case, field, value)
    case.full_clean()
    case.save()
    if audit:
        audit_update(by=by, obj=case, before=before)
    return case


def _transition(
    *,
    by: User | None,
    case: ExposureCase,
    status: str,
    rectified_date: dt.date | None = None,
    check: bool,
    audit: bool,
) -> ExposureCase:
    require_permission_for(by, case, "change")
    old = case.status
    if old == status:
        return case
    if check and status not in _ALLOWED[ExposureStatus(old)]:
        raise ValidationError(
            _("状态不能从“%(old)s”变为“%(new)s”。")
            % {"old": ExposureStatus(old).label, "new": ExposureStatus(status).label}
        )
    case.status = status
    if rectified_date is not None:
        case.rectified_date = rectified_date
    case.full_clean()
    case.save()
    if audit:
        audit_transition(by=by, obj=case, field="status", old=old, new=status)
    return case


@transaction.atomic
def exposure_case_publish(*, by: User | None, case: ExposureCase) -> ExposureCase:
    return _transition(by=by, case=case, status=ExposureStatus.PUBLISHED, check=True, audit=True)


@transaction.atomic
def exposure_case_reject(*, by: User | None, case: ExposureCase) -> ExposureCase:
    return _transition(by=by, case=case, status=ExposureStatus.REJECTED, check=True, audit=True)


@transaction.atomic
def exposure_case_rectify(
    *, by: User | None, case: ExposureCase, rectified_date: dt.date
) -> ExposureCase:
    return _transition(
        by=by,
        case=case,
        status=ExposureStatus.RECTIFIED,
        rectified_date=rectified_date,
        check=True,
        audit=True,
    )


@transaction.atomic
def exposure_case_record_status(
    *,
    by: User | None,
    case: ExposureCase,
    status: str,
    rectified_date: dt.date | None = None,
    audit: bool = True,
) -> ExposureCase:
    """Set the status a ledger records, whatever it was: ledgers report what happened."""
    return _transition(
        by=by, case=case, status=status, rectified_date=rectified_date, check=False, audit=audit
    )


@transaction.atomic
def exposure_case_delete(*, by: User | None, case: ExposureCase) -> None:
    record_delete(by=by, obj=case)
