"""The training admin writes through the services: the model's rules are Chinese form
errors with nothing written, every add, edit and delete leaves an audit entry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.middleware import SESSION_KEY
from rongmei.core.models import AuditEntry
from rongmei.core.tests.helpers import audited
from rongmei.training.models import TrainingEvent
from rongmei.training.services import training_event_create

pytestmark = pytest.mark.django_db

VALID = {"date": "2021-06-01", "title": "新闻写作培训", "kind": "course", "attendees": "20"}


@pytest.fixture
def director(client, center, make_user):
    user = make_user(center, "director", username="dir-a")
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = center.pk
    session.save()
    return user


def test_negative_hours_are_refused(client, director):
    response = client.post(reverse("trainings:add"), {**VALID, "hours": "-2"})

    assert response.status_code == 200
    assert "学时不能为负数" in response.content.decode()
    assert not TrainingEvent.objects.exists()
    assert not AuditEntry.objects.filter(object_type="training.TrainingEvent").exists()


def test_add_edit_delete_are_audited(client, center, director):
    assert client.post(reverse("trainings:add"), {**VALID, "hours": "3"}).status_code == 302
    event = TrainingEvent.objects.get()
    assert event.center == center
    assert audited(event, "create").exists()

    url = reverse("trainings:edit", args=[event.pk])
    response = client.post(url, {**VALID, "hours": "-1"})
    assert "学时不能为负数" in response.content.decode()
    event.refresh_from_db()
    assert event.hours == Decimal(3)
    assert not audited(event, "update").exists()
    assert client.post(url, {**VALID, "hours": "4.5"}).status_code == 302
    event.refresh_from_db()
    assert event.hours == Decimal("4.5")
    assert audited(event, "update").get().changes["hours"] == ["3.0", "4.5"]

    assert client.post(reverse("trainings:delete", args=[event.pk])).status_code == 302
    assert not TrainingEvent.objects.exists()
    assert audited(event, "delete").exists()


def test_the_rule_holds_outside_the_admin(center):
    with pytest.raises(ValidationError, match="学时不能为负数"):
        training_event_create(
            by=None, center=center, date=dt.date(2021, 6, 1), title="培训", hours=Decimal(-1)
        )
    assert not TrainingEvent.objects.exists()
