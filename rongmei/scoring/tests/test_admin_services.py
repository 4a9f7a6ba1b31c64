"""The score-rule admin writes through the rule services: the model's rule on the length
bands and the services' rules (director only, closed months kept) are Chinese form
errors with nothing written; edits and deletes are audited; a rule in use is kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login
from rongmei.scoring.models import ScoreRule
from rongmei.scoring.services import (
    score_rule_create,
    score_rule_delete,
    scoring_month_close,
    scoring_month_compute,
)

pytestmark = pytest.mark.django_db

JUNE = dt.date(2021, 6, 1)


@pytest.fixture
def director(client, center, make_user):
    return login(client, make_user(center, "director", username="dir-a"), center)


def form_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data = {f.name: f.value() for f in response.context["form"]}
    return {k: v for k, v in data.items() if v is not None}


def test_length_bands_that_overlap_are_refused(client, director):
    data = form_data(client, reverse("score_rules:add"))
    data.update(effective_month="2021-07-01", short_below="2000", long_from="1500")

    response = client.post(reverse("score_rules:add"), data)

    assert response.status_code == 200
    assert "长稿字数下限不能小于短稿字数上限" in response.content.decode()
    assert not ScoreRule.objects.exists()


def test_only_the_director_makes_rules(client, center, make_user):
    login(client, make_user(center, "administrator", username="adm-a"), center)
    data = form_data(client, reverse("score_rules:add"))
    data["effective_month"] = "2021-07-01"

    response = client.post(reverse("score_rules:add"), data)

    assert response.status_code == 200
    assert "只有主任可以制定稿分规则" in response.content.decode()
    assert not ScoreRule.objects.exists()


def test_add_and_edit_are_audited(client, center, director):
    data = form_data(client, reverse("score_rules:add"))
    data["effective_month"] = "2021-07-15"
    assert client.post(reverse("score_rules:add"), data).status_code == 302
    rule = ScoreRule.objects.get()
    assert (rule.center, rule.effective_month) == (center, dt.date(2021, 7, 1))
    assert audited(rule, "create").exists()

    url = reverse("score_rules:edit", args=[rule.pk])
    data = form_data(client, url)
    data["genre_news"] = "3"
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert str(rule.genre_news) == "3.00"
    assert audited(rule, "update").get().changes["genre_news"] == ["2.00", "3"]


def test_rule_of_a_closed_month_is_not_edited(client, center, director):
    rule = score_rule_create(by=None, center=center, effective_month=JUNE)
    scoring_month_close(center=center, month=JUNE, by=director)
    url = reverse("score_rules:edit", args=[rule.pk])
    data = form_data(client, url)
    data["genre_news"] = "9"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "已结账" in response.content.decode()
    rule.refresh_from_db()
    assert str(rule.genre_news) == "2.00"
    assert not audited(rule, "update").exists()


def test_rule_in_use_is_not_deleted(client, center, director):
    used = score_rule_create(by=None, center=center, effective_month=JUNE)
    scoring_month_compute(center=center, month=JUNE)
    unused = score_rule_create(by=None, center=center, effective_month=dt.date(2021, 9, 1))

    client.post(reverse("score_rules:delete", args=[used.pk]))
    assert ScoreRule.objects.filter(pk=used.pk).exists()
    with pytest.raises(ValidationError, match="该规则已用于计算月度稿分，不能删除"):
        score_rule_delete(by=director, rule=used)

    assert client.post(reverse("score_rules:delete", args=[unused.pk])).status_code == 302
    assert not ScoreRule.objects.filter(pk=unused.pk).exists()
    assert audited(unused, "delete").exists()
    assert not audited(used, "delete").exists()
