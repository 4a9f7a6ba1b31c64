"""The notices admin writes through the services: a notice valid until before its date
is a Chinese form error with nothing written; adds, edits and deletes are audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login
from rongmei.notices.models import Notice
from rongmei.notices.services import notice_create, notice_update

pytestmark = pytest.mark.django_db

VALID = {"date": "2021-06-01", "category": "power", "title": "城区停电通知", "body": "检修线路"}


@pytest.fixture
def editor(client, center, make_user):
    return login(client, make_user(center, "editor", username="ed-a"), center)


def test_valid_until_before_the_date_is_refused(client, editor):
    response = client.post(reverse("notices:add"), {**VALID, "valid_until": "2021-05-31"})

    assert response.status_code == 200
    assert "有效期不能早于发布日期" in response.content.decode()
    assert not Notice.objects.exists()


def test_add_and_edit_are_audited(client, center, editor):
    response = client.post(reverse("notices:add"), {**VALID, "valid_until": "2021-06-02"})
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.center == center
    assert audited(notice, "create").exists()

    url = reverse("notices:edit", args=[notice.pk])
    response = client.post(url, {**VALID, "valid_until": "2021-05-01"})
    assert "有效期不能早于发布日期" in response.content.decode()
    notice.refresh_from_db()
    assert notice.valid_until == dt.date(2021, 6, 2)
    assert client.post(url, {**VALID, "valid_until": "2021-06-03"}).status_code == 302
    notice.refresh_from_db()
    assert notice.valid_until == dt.date(2021, 6, 3)
    assert audited(notice, "update").get().changes["valid_until"] == ["2021-06-02", "2021-06-03"]


def test_delete_is_audited(client, center, make_user):
    login(client, make_user(center, "director", username="dir-a"), center)
    notice = notice_create(
        by=None, center=center, date=dt.date(2021, 6, 1), category="water", title="停水"
    )
    assert client.post(reverse("notices:delete", args=[notice.pk])).status_code == 302
    assert not Notice.objects.exists()
    assert audited(notice, "delete").exists()


def test_the_rule_lives_on_the_model(center):
    notice = notice_create(
        by=None, center=center, date=dt.date(2021, 6, 1), category="water", title="停水"
    )
    with pytest.raises(ValidationError, match="有效期不能早于发布日期"):
        notice_update(by=None, notice=notice, valid_until=dt.date(2021, 5, 1))
    bare = Notice(center=center, date=dt.date(2021, 6, 1), category="water", title="停水")
    bare.valid_until = dt.date(2021, 5, 1)
    with pytest.raises(ValidationError, match="有效期不能早于发布日期"):
        bare.full_clean()
