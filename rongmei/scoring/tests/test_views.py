"""Scoring pages: ranking, breakdown, export, rules admin; tenancy and query counts."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rongmei.scoring.models import ScoreAdjustment, ScoreMonth, ScoreRule
from rongmei.scoring.services import scoring_month_close, scoring_month_compute
from rongmei.scoring.tests.factories import signed_off_story

JUNE = dt.date(2021, 6, 1)
BODY = "<p>" + "字" * 500 + "</p>"


@pytest.fixture
def staff(center, make_user):
    return {r: make_user(center, r, username=f"{r}-sv") for r in ("reporter", "director")}


@pytest.fixture
def foreign(other_center, make_user):
    reporter = make_user(other_center, "reporter", username="foreign-sv")
    signed_off_story(other_center, [(reporter, "writer")], title="邻县稿件", body=BODY)
    return scoring_month_compute(center=other_center, month=JUNE), reporter


def test_month_page_ranks_own_staff_only(client, center, staff, foreign):
    signed_off_story(center, [(staff["reporter"], "writer")], title="本县稿件", body=BODY)
    scoring_month_compute(center=center, month=JUNE)
    client.force_login(staff["director"])

    content = client.get(reverse("scoring_month") + "?month=2021-06").content.decode()

    assert 'data-user="reporter-sv"' in content
    assert "foreign-sv" not in content


def test_another_centers_person_is_not_found(client, staff, foreign):
    _, reporter = foreign
    client.force_login(staff["director"])

    url = reverse("scoring_person", args=[reporter.pk]) + "?month=2021-06"
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/scoring/months/2021-06?center=632225").status_code == 404


def test_reporters_see_only_their_own_scores(client, center, staff, make_user):
    other = make_user(center, "reporter", username="other-sv")
    client.force_login(staff["reporter"])

    response = client.get(reverse("scoring_month") + "?month=2021-06")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("scoring_person", args=[staff["reporter"].pk]))
    refused = client.get(reverse("scoring_person", args=[other.pk]))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal


def test_export_and_api_hold_own_people_only(client, center, staff, foreign):
    signed_off_story(center, [(staff["reporter"], "writer")], title="本县稿件", body=BODY)
    scoring_month_compute(center=center, month=JUNE)
    client.force_login(staff["director"])

    response = client.get(reverse("scoring_month") + "?month=2021-06&export=xlsx")
    api = client.get("/api/v1/scoring/months/2021-06?center=632224").json()

    wb = load_workbook(io.BytesIO(response.content))
    assert [r[2] for r in wb["汇总"].iter_rows(min_row=2, values_only=True)] == ["reporter-sv"]
    assert [r[3] for r in wb["明细"].iter_rows(min_row=2, values_only=True)] == ["本县稿件"]
    assert [p["username"] for p in api["people"]] == ["reporter-sv"]


def test_month_page_queries_do_not_grow_with_people(client, center, staff, make_user):
    client.force_login(staff["director"])
    signed_off_story(center, [(staff["reporter"], "writer")], body=BODY)
    scoring_month_compute(center=center, month=JUNE)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("scoring_month") + "?month=2021-06")
    for n in range(6):
        user = make_user(center, "reporter", username=f"more-{n}")
        signed_off_story(center, [(user, "writer")], title=f"更多{n}", body=BODY)
    scoring_month_compute(center=center, month=JUNE)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("scoring_month") + "?month=2021-06")

    assert len(many) == len(few)


def test_closing_and_adjusting_through_the_page(client, center, staff):
    signed_off_story(center, [(staff["reporter"], "writer")], body=BODY)
    client.force_login(staff["director"])

    client.post(reverse("scoring_act", args=["close"]), {"month": "2021-06"})
    client.post(
        reverse("scoring_act", args=["adjust"]),
        {"month": "2021-06", "user": staff["reporter"].pk, "points": "3", "reason": "重大报道奖励"},
    )
    response = client.post(
        reverse("scoring_act", args=["compute"]), {"month": "2021-06"}, follow=True
    )

    assert ScoreMonth.objects.get(center=center, month=JUNE).status == "closed"
    assert ScoreAdjustment.objects.get().reason == "重大报道奖励"
    assert "该月已结账" in response.content.decode()


def test_rule_admin_refuses_a_closed_month(client, center, staff):
    scoring_month_close(center=center, month=JUNE, by=staff["director"])
    client.force_login(staff["director"])
    response = client.get(reverse("score_rules:add"))
    assert response.status_code == 200

    data = {f.name: f.value() for f in response.context["form"]}
    data = {k: v for k, v in data.items() if v is not None}
    data["effective_month"] = "2021-06-01"
    response = client.post(reverse("score_rules:add"), data)

    assert response.status_code == 200
    assert "该月已结账" in response.content.decode()
    assert not ScoreRule.objects.exists()
    data["effective_month"] = "2021-07-01"
    assert client.post(reverse("score_rules:add"), data).status_code == 302
    assert ScoreRule.objects.get().effective_month == dt.date(2021, 7, 1)
