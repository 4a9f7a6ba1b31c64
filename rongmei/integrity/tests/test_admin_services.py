"""The integrity admin writes through the services: a count below one is a Chinese
form error with nothing written; adds, edits and deletes are audited; deleting needs the
delete permission in the record's center."""

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login
from rongmei.integrity.models import IntegrityRecord
from rongmei.integrity.services import integrity_record_create

pytestmark = pytest.mark.django_db

VALID = {"date": "2021-06-01", "kind": "integrity_talk", "subject": "节前廉政谈话"}


@pytest.fixture
def officer(client, center, make_user):
    return login(client, make_user(center, "integrity_officer", username="jj-a"), center)


def test_count_of_zero_is_refused(client, officer):
    response = client.post(reverse("integrity-records:add"), {**VALID, "count": "0"})

    assert response.status_code == 200
    assert "份数/次数应大于零" in response.content.decode()
    assert not IntegrityRecord.objects.exists()


def test_add_and_edit_are_audited(client, center, officer):
    response = client.post(reverse("integrity-records:add"), {**VALID, "count": "2"})
    assert response.status_code == 302
    record = IntegrityRecord.objects.get()
    assert (record.center, record.count) == (center, 2)
    assert audited(record, "create").exists()

    url = reverse("integrity-records:edit", args=[record.pk])
    assert "份数/次数应大于零" in client.post(url, {**VALID, "count": "0"}).content.decode()
    record.refresh_from_db()
    assert record.count == 2
    assert client.post(url, {**VALID, "count": "3"}).status_code == 302
    record.refresh_from_db()
    assert record.count == 3
    assert audited(record, "update").get().changes["count"] == [2, 3]


def test_delete_needs_the_permission_and_is_audited(client, center, officer, make_user):
    record = integrity_record_create(
        by=None, center=center, date=dt.date(2021, 6, 1), kind="inspection"
    )
    url = reverse("integrity-records:delete", args=[record.pk])

    client.post(url)
    assert IntegrityRecord.objects.filter(pk=record.pk).exists()
    assert not audited(record, "delete").exists()

    login(client, make_user(center, "director", username="dir-a"), center)
    assert client.post(url).status_code == 302
    assert not IntegrityRecord.objects.exists()
    assert audited(record, "delete").exists()
