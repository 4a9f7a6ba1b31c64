"""The services check the permission in the record's center themselves, so the API, a
command or a task acting for someone obeys the same rule as the admin (issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from rongmei.accounts.services import membership_add
from rongmei.broadcast_safety.models import BroadcastIncident
from rongmei.broadcast_safety.services import (
    broadcast_incident_create,
    broadcast_incident_update,
)
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.exposure.models import ExposureCase
from rongmei.exposure.services import exposure_case_create, exposure_case_publish
from rongmei.integrity.models import IntegrityKind, IntegrityRecord
from rongmei.integrity.services import integrity_record_create, integrity_record_update
from rongmei.notices.models import Notice
from rongmei.notices.services import notice_create, notice_update
from rongmei.party.models import PartyActivity, PartyMember, StudyAppUsage
from rongmei.party.services import (
    party_activity_create,
    party_activity_update,
    party_member_create,
    party_member_update,
    study_app_usage_record,
)
from rongmei.training.models import TrainingEvent
from rongmei.training.services import training_event_create, training_event_update

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 5, 4)
KIND = next(iter(IntegrityKind.values))


def _incident(center, by):
    return broadcast_incident_create(
        by=by,
        center=center,
        started=dt.datetime(2021, 5, 4, 19, 30, tzinfo=dt.UTC),
        system="调频发射机",
        kind="outage",
        duration_seconds=12,
    )


CASES = [
    # (keeper role, model, create(center, by), update(record, by))
    (
        "director",
        TrainingEvent,
        lambda c, by: training_event_create(by=by, center=c, date=DAY, title="采编培训"),
        lambda r, by: training_event_update(by=by, event=r, title="改名"),
    ),
    (
        "director",
        Notice,
        lambda c, by: notice_create(by=by, center=c, date=DAY, category="water", title="停水"),
        lambda r, by: notice_update(by=by, notice=r, title="改名"),
    ),
    (
        "engineer",
        BroadcastIncident,
        _incident,
        lambda r, by: broadcast_incident_update(by=by, incident=r, cause="改"),
    ),
    (
        "editor",
        ExposureCase,
        lambda c, by: exposure_case_create(by=by, center=c, date=DAY, title="占道经营"),
        lambda r, by: exposure_case_publish(by=by, case=r),
    ),
    (
        "integrity_officer",
        IntegrityRecord,
        lambda c, by: integrity_record_create(by=by, center=c, date=DAY, kind=KIND),
        lambda r, by: integrity_record_update(by=by, record=r, count=2),
    ),
    (
        "party_branch",
        PartyActivity,
        lambda c, by: party_activity_create(by=by, center=c, date=DAY, kind="party_lecture"),
        lambda r, by: party_activity_update(by=by, activity=r, title="改名"),
    ),
    (
        "party_branch",
        PartyMember,
        lambda c, by: party_member_create(by=by, center=c, name="党员甲"),
        lambda r, by: party_member_update(by=by, member=r, name="党员乙"),
    ),
    (
        "party_branch",
        StudyAppUsage,
        lambda c, by: study_app_usage_record(
            by=by, center=c, date=DAY, app="学习强国", members=30, installed=28, active=20
        ),
        lambda r, by: study_app_usage_record(
            by=by, center=r.center, date=DAY, app="学习强国", members=31, installed=28, active=20
        ),
    ),
]


@pytest.mark.parametrize(("keeper", "model", "create", "update"), CASES, ids=lambda v: "")
def test_a_service_refuses_who_lacks_the_permission_in_that_center(
    center, other_center, make_user, keeper, model, create, update
):
    reporter = make_user(center, "reporter", username="rep")
    # Holds the keeper's role in the neighbouring center only.
    elsewhere = make_user(center, "reporter", username="elsewhere")
    membership_add(center=other_center, user=elsewhere, roles=[keeper])
    for outsider in (reporter, elsewhere):
        with pytest.raises(PermissionDenied):
            create(center, outsider)
    assert not model.objects.exists()

    holder = make_user(center, keeper, username="keeper")
    record = create(center, holder)
    assert model.objects.count() == 1
    before = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}
    for outsider in (reporter, elsewhere):
        with pytest.raises(PermissionDenied):
            update(record, outsider)
    record.refresh_from_db()
    assert {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields} == before
    update(record, holder)
    assert AuditEntry.objects.filter(
        action__in=[AuditAction.UPDATE, AuditAction.TRANSITION],
        object_id=str(record.pk),
        actor=holder,
    ).exists()


def test_the_system_itself_may_write(center):
    """Ledger import and the demo act as the system (by=None)."""
    event = training_event_create(by=None, center=center, date=DAY, title="导入", hours=Decimal(2))
    assert TrainingEvent.objects.filter(pk=event.pk).exists()
