"""The broadcast-incident admin writes through the services: an incident of no duration
is a Chinese form error with nothing written; adds, edits and deletes are audited."""

import pytest
from django.urls import reverse

from rongmei.broadcast_safety.models import BroadcastIncident
from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login

pytestmark = pytest.mark.django_db

VALID = {"started": "2021-06-01 20:00", "system": "FM 98.6", "kind": "outage", "cause": "停电"}


@pytest.fixture
def engineer(client, center, make_user):
    return login(client, make_user(center, "engineer", username="eng-a"), center)


def test_incident_of_no_duration_is_refused(client, engineer):
    response = client.post(reverse("broadcast-incidents:add"), {**VALID, "duration_seconds": "0"})

    assert response.status_code == 200
    assert "时长应大于零" in response.content.decode()
    assert not BroadcastIncident.objects.exists()


def test_add_edit_delete_are_audited(client, center, engineer, make_user):
    response = client.post(reverse("broadcast-incidents:add"), {**VALID, "duration_seconds": "60"})
    assert response.status_code == 302
    incident = BroadcastIncident.objects.get()
    assert (incident.center, incident.duration_seconds) == (center, 60)
    assert audited(incident, "create").exists()

    url = reverse("broadcast-incidents:edit", args=[incident.pk])
    assert "时长应大于零" in client.post(url, {**VALID, "duration_seconds": "0"}).content.decode()
    incident.refresh_from_db()
    assert incident.duration_seconds == 60
    assert client.post(url, {**VALID, "duration_seconds": "90"}).status_code == 302
    incident.refresh_from_db()
    assert incident.duration_seconds == 90
    assert audited(incident, "update").get().changes["duration_seconds"] == [60, 90]

    login(client, make_user(center, "director", username="dir-a"), center)
    assert client.post(reverse("broadcast-incidents:delete", args=[incident.pk])).status_code == 302
    assert not BroadcastIncident.objects.exists()
    assert audited(incident, "delete").exists()
