"""API endpoints of outreach: a center's submissions with each outlet's outcome."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema

from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from . import selectors

router = Router(tags=["outreach"])


class TargetOut(Schema):
    outlet: str
    level: str
    outcome: str
    adoption_date: dt.date | None
    placement: str | None


class SubmissionOut(Schema):
    id: int
    date: dt.date
    title: str
    method: str
    submitted_by: str | None
    targets: list[TargetOut]


@router.get("/outreach/submissions", response=list[SubmissionOut])
def submission_list(request, center: str, start: dt.date, end: dt.date):
    """Submissions dated in the period, of a center the user works in (else 404)."""
    center_obj = Center.objects.filter(code=center, pk__in=record_center_ids(request.user)).first()
    if center_obj is None:
        raise Http404
    return [
        {
            "id": s.pk,
            "date": s.date,
            "title": s.title,
            "method": s.method,
            "submitted_by": str(s.submitted_by) if s.submitted_by else None,
            "targets": [
                {
                    "outlet": t.outlet.name,
                    "level": t.outlet.level,
                    "outcome": t.outcome,
                    "adoption_date": t.adoption.date if t.adoption else None,
                    "placement": t.adoption.placement if t.adoption else None,
                }
                for t in s.targets.all()
            ],
        }
        for s in selectors.submission_list(center=center_obj, start=start, end=end)
    ]
