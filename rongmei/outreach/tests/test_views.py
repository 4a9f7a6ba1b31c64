"""Outreach pages: the board, submissions, evidence; tenancy and query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.outreach.models import Adoption, Outcome
from rongmei.outreach.services import adoption_register, outlet_create, submission_adopt
from rongmei.outreach.tests.factories import PNG_BYTES, evidence_png, submission_for

JUNE = "?period=custom&start=2021-06-01&end=2021-06-30"


@pytest.fixture
def editor(center, make_user):
    return make_user(center, "editor", username="editor-v")


@pytest.fixture
def foreign(other_center, make_user):
    editor = make_user(other_center, "editor", username="editor-f")
    outlet = outlet_create(by=None, center=other_center, name="邻县报", level="county")
    submission = submission_for(other_center, editor, [outlet], title="邻县报送")
    adoption = submission_adopt(
        by=editor,
        target=submission.targets.get(),
        date=dt.date(2021, 6, 5),
        evidence=evidence_png(),
    )
    return submission, adoption


@pytest.fixture
def own(center, editor):
    outlet = outlet_create(by=None, center=center, name="青海日报", level="provincial")
    submission = submission_for(center, editor, [outlet], title="本中心报送")
    return outlet, submission


def test_board_shows_own_center_only(client, editor, own, foreign):
    client.force_login(editor)

    response = client.get(reverse("outreach_board") + JUNE)

    content = response.content.decode()
    assert response.status_code == 200
    assert "本中心报送" in content
    assert "邻县报送" not in content


def test_another_centers_submission_and_evidence_are_not_found(client, editor, own, foreign):
    submission, adoption = foreign
    target = submission.targets.get()
    client.force_login(editor)

    assert client.get(reverse("outreach_submission", args=[submission.pk])).status_code == 404
    assert client.get(reverse("outreach_evidence", args=[adoption.pk])).status_code == 404
    response = client.post(reverse("outreach_target_decline", args=[submission.pk, target.pk]))
    assert response.status_code == 404


def test_board_export_contains_own_rows_only(client, editor, center, own, foreign):
    _outlet, submission = own
    submission_adopt(
        by=editor, target=submission.targets.get(), date=dt.date(2021, 6, 3),
        placement="front_page_headline",
    )  # fmt: skip
    client.force_login(editor)

    response = client.get(reverse("outreach_board") + JUNE + "&export=xlsx")

    wb = load_workbook(__import__("io").BytesIO(response.content))
    titles = [row[4] for row in wb["采用明细"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["本中心报送"]
    assert [r[1] for r in wb["报送"].iter_rows(min_row=2, values_only=True)] == ["本中心报送"]


def test_api_lists_own_submissions_and_hides_other_centers(client, editor, own, foreign):
    client.force_login(editor)

    own_rows = client.get(
        "/api/v1/outreach/submissions?center=632224&start=2021-06-01&end=2021-06-30"
    )
    other = client.get("/api/v1/outreach/submissions?center=632225&start=2021-06-01&end=2021-06-30")

    assert [r["title"] for r in own_rows.json()] == ["本中心报送"]
    assert other.status_code == 404


def test_board_queries_do_not_grow_with_rows(client, editor, center, own):
    outlet, first = own
    submission_adopt(by=editor, target=first.targets.get(), date=dt.date(2021, 6, 9))
    client.force_login(editor)

    def more_rows():
        for n in range(8):
            s = submission_for(center, editor, [outlet], title=f"更多{n}")
            submission_adopt(by=editor, target=s.targets.get(), date=dt.date(2021, 6, 10))

    assert_queries_do_not_grow(lambda: client.get(reverse("outreach_board") + JUNE), more_rows)


def test_registering_an_outcome_with_evidence_through_the_page(client, editor, own):
    _, submission = own
    target = submission.targets.get()
    client.force_login(editor)
    prefix = f"t{target.pk}"

    response = client.post(
        reverse("outreach_target_adopt", args=[submission.pk, target.pk]),
        {
            f"{prefix}-date": "2021-06-04",
            f"{prefix}-placement": "front_page_headline",
            f"{prefix}-programme": "第1版",
            f"{prefix}-evidence": evidence_png(),
        },
    )

    assert response.status_code == 302
    target.refresh_from_db()
    assert target.outcome == Outcome.ADOPTED
    evidence = client.get(reverse("outreach_evidence", args=[target.adoption_id]))
    assert evidence["Content-Type"] == "image/png"
    assert b"".join(evidence.streaming_content) == PNG_BYTES


def test_wrong_evidence_shows_a_chinese_error_and_changes_nothing(client, editor, own):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, submission = own
    target = submission.targets.get()
    client.force_login(editor)
    prefix = f"t{target.pk}"

    response = client.post(
        reverse("outreach_target_adopt", args=[submission.pk, target.pk]),
        {
            f"{prefix}-date": "2021-06-04",
            f"{prefix}-placement": "other",
            f"{prefix}-evidence": SimpleUploadedFile("a.docx", b"PK\x03\x04"),
        },
        follow=True,
    )

    assert "采用凭证只能是截图" in response.content.decode()
    assert not Adoption.objects.exists()


def test_reporter_cannot_register_adoptions_directly(client, center, make_user, own):
    outlet, _ = own
    client.force_login(make_user(center, "reporter", username="rep-v"))

    refused = client.get(reverse("outreach_adoption_register"))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's refusal
    with pytest.raises(Exception):  # noqa: B017 - the service refuses as well
        adoption_register(
            by=make_user(center, "reporter", username="rep-w"), center=center, outlet=outlet,
            date=dt.date(2021, 6, 1), title="x",
        )  # fmt: skip
