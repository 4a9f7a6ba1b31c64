"""The restricted part of an integrity record: encrypted at rest, read only by the
integrity officer (each read audited), hidden from directors and in their exports."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in
from rongmei.integrity.models import IntegrityRecord
from rongmei.integrity.services import integrity_record_create, integrity_record_update

pytestmark = pytest.mark.django_db
DETAILS = "与张某谈话，反映其收受礼金问题"


@pytest.fixture
def record(center):
    return integrity_record_create(
        by=None,
        center=center,
        date=dt.date(2021, 9, 18),
        kind="integrity_talk",
        subject="节前廉政谈话",
        details=DETAILS,
    )


def test_the_details_are_stored_encrypted_and_kept_out_of_the_audit_log(record):
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM integrity_integrityrecord WHERE id = %s", [record.pk])
        raw = cursor.fetchone()[0]

    assert "张某" not in raw
    assert IntegrityRecord.objects.get(pk=record.pk).details == DETAILS
    entry = AuditEntry.objects.get(object_type="integrity.IntegrityRecord")
    assert "张某" not in str(entry.changes)


def test_the_integrity_officer_reads_the_details_and_the_read_is_audited(
    client, center, make_user, record
):
    officer = work_in(client, make_user(center, "integrity_officer"), center)

    page = client.get(reverse("integrity-records:inspect", args=[record.pk])).content.decode()

    assert DETAILS in page
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, verb="查看廉政记录受限内容")
    assert entry.actor == officer


def test_a_director_sees_the_record_but_not_its_details(client, center, make_user, record):
    work_in(client, make_user(center, "director"), center)

    page = client.get(reverse("integrity-records:inspect", args=[record.pk])).content.decode()
    edit = client.get(reverse("integrity-records:edit", args=[record.pk])).content.decode()
    csv = b"".join(
        client.get(reverse("integrity-records:index") + "?export=csv").streaming_content
    ).decode()

    assert "节前廉政谈话" in page
    assert "节前廉政谈话" in csv
    for html in (page, edit, csv):
        assert "张某" not in html
    assert "（无权查看）" in csv
    assert not AuditEntry.objects.filter(verb__contains="受限内容").exists()


def test_a_directors_edit_leaves_the_details_as_they_were(client, center, make_user, record):
    work_in(client, make_user(center, "director"), center)
    data = {"date": "2021-09-18", "kind": "integrity_talk", "count": "2", "subject": "节前谈话"}

    response = client.post(
        reverse("integrity-records:edit", args=[record.pk]), {**data, "details": ""}
    )

    assert response.status_code == 302
    stored = IntegrityRecord.objects.get(pk=record.pk)
    assert (stored.count, stored.details) == (2, DETAILS)


def test_details_change_through_the_service(record):
    integrity_record_update(by=None, record=record, details="已整改")

    assert IntegrityRecord.objects.get(pk=record.pk).details == "已整改"
