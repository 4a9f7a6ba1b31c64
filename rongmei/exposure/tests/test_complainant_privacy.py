"""Who reported a case: encrypted at rest, masked to those who do not verify cases,
in full (and audited) to the editors who do."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in
from rongmei.exposure.models import ExposureCase
from rongmei.exposure.services import exposure_case_create, exposure_case_update

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def case(center):
    return exposure_case_create(
        by=None,
        center=center,
        date=dt.date(2021, 8, 1),
        title="小区门口垃圾乱堆",
        complainant_name="王小明",
        complainant_contact=PHONE,
    )


def test_the_complainant_is_stored_encrypted_and_read_back(case):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT complainant_name, complainant_contact FROM exposure_exposurecase WHERE id = %s",
            [case.pk],
        )
        name, contact = cursor.fetchone()

    assert "王小明" not in name
    assert PHONE not in contact
    stored = ExposureCase.objects.get(pk=case.pk)
    assert (stored.complainant_name, stored.complainant_contact) == ("王小明", PHONE)
    entry = AuditEntry.objects.get(object_type="exposure.ExposureCase", action=AuditAction.CREATE)
    assert PHONE not in str(entry.changes)
    assert "王小明" not in str(entry.changes)


def test_a_contact_too_long_is_refused_and_nothing_changes(case):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        exposure_case_update(by=None, case=case, complainant_contact="1" * 101)

    assert ExposureCase.objects.get(pk=case.pk).complainant_contact == PHONE


def test_a_channel_operator_sees_the_complainant_masked(client, center, make_user, case):
    work_in(client, make_user(center, "channel_operator"), center)

    page = client.get(reverse("exposures:inspect", args=[case.pk])).content.decode()
    edit = client.get(reverse("exposures:edit", args=[case.pk])).content.decode()
    csv = b"".join(
        client.get(reverse("exposures:index") + "?export=csv").streaming_content
    ).decode()

    for html in (page, edit, csv):
        assert PHONE not in html
        assert "王小明" not in html
    assert "139****5678" in page
    assert "王**" in page
    assert "139****5678" in csv
    assert not AuditEntry.objects.filter(verb__contains="举报人").exists()


def test_an_editor_sees_the_complainant_and_the_read_is_audited(client, center, make_user, case):
    editor = work_in(client, make_user(center, "editor"), center)

    page = client.get(reverse("exposures:inspect", args=[case.pk])).content.decode()
    csv = b"".join(
        client.get(reverse("exposures:index") + "?export=csv").streaming_content
    ).decode()

    assert PHONE in page
    assert "王小明" in page
    assert PHONE in csv
    reads = AuditEntry.objects.filter(
        action=AuditAction.EXPORT, actor=editor, verb__contains="举报人"
    ).order_by("pk")
    assert [e.verb for e in reads] == ["查看举报人联系方式", "导出：查看举报人联系方式"]
    assert reads[0].changes["fields"] == ["complainant_contact", "complainant_name"]
    assert reads[1].changes["rows"] == 1
