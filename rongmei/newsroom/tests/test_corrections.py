"""Corrections (更正) of signed-off stories: who may correct, what is required, the hook,
the desk form, the review sheet (HTML and PDF) and tenancy."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail import hooks

from rongmei.core.models import AuditEntry
from rongmei.newsroom import services
from rongmei.newsroom.models import Correction

from . import pdftext
from .factories import newsroom_staff, signed_off_story, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def published(center, staff):
    return signed_off_story(center, staff)


def _correct(story, by, reason="数据有误", note="原文“三万人”应为“三千人”，特此更正。"):
    return services.story_correct(story=story, by=by, reason=reason, note=note)


def test_desk_head_chief_and_director_may_correct(center, staff, published, make_user):
    director = make_user(center, "director", username="director-a")
    for user in (staff["desk_head"], staff["chief_editor"], director):
        correction = _correct(published, user)
        assert (correction.center_id, correction.by, correction.is_public) == (
            center.pk,
            user,
            True,
        )
    assert published.corrections.count() == 3
    assert AuditEntry.objects.filter(
        object_type="newsroom.Correction", verb="更正稿件", actor=director
    ).exists()


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_others_may_not_correct_and_nothing_is_written(staff, published, role):
    audit = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        _correct(published, staff[role])
    assert not Correction.objects.exists()
    assert AuditEntry.objects.count() == audit


def test_member_of_another_center_may_not_correct(other_center, make_user, published):
    theirs = make_user(other_center, "chief_editor", username="their-chief")
    with pytest.raises(PermissionDenied):
        _correct(published, theirs)
    assert not Correction.objects.exists()


@pytest.mark.parametrize(("reason", "note"), [("", "说明"), ("理由", "  "), (" ", "")])
def test_reason_and_note_are_required(staff, published, reason, note):
    with pytest.raises(ValidationError):
        _correct(published, staff["chief_editor"], reason=reason, note=note)
    assert not Correction.objects.exists()


def test_only_a_signed_off_story_can_be_corrected(center, staff):
    story = story_for(center, staff["reporter"])
    with pytest.raises(ValidationError):
        _correct(story, staff["chief_editor"])
    services.story_submit(story=story, by=staff["reporter"])
    with pytest.raises(ValidationError):
        _correct(story, staff["chief_editor"])
    assert not Correction.objects.exists()


def test_the_hook_hears_of_each_correction(staff, published):
    heard = []

    def listener(*, story, correction, by):
        heard.append((story.pk, correction.pk, by))

    with hooks.register_temporarily("rongmei_story_corrected", listener):
        correction = services.story_correct(
            story=published, by=staff["desk_head"], reason="错字", note="更正错字", is_public=False
        )
    assert heard == [(published.pk, correction.pk, staff["desk_head"])]
    assert correction.is_public is False


def test_desk_form_corrects_and_the_sheet_lists_it(client, staff, published):
    url = reverse("newsroom_story_desk", args=[published.pk])
    client.force_login(staff["editor"])
    assert "发布更正" not in client.get(url).text
    client.force_login(staff["chief_editor"])
    assert "发布更正" in client.get(url).text
    response = client.post(
        reverse("newsroom_story_act", args=[published.pk, "correct"]),
        {"correct-reason": "人名有误", "correct-note": "张三应为张山。", "correct-is_public": "on"},
    )
    assert response.status_code == 302
    correction = published.corrections.get()
    assert (correction.reason, correction.note, correction.is_public) == (
        "人名有误",
        "张三应为张山。",
        True,
    )
    sheet = client.get(reverse("newsroom_story_sheet", args=[published.pk])).text
    assert "更正记录" in sheet
    assert "张三应为张山。" in sheet
    assert reverse("newsroom_story_sheet_pdf", args=[published.pk]) in sheet


def test_desk_form_with_an_empty_note_writes_nothing(client, staff, published):
    client.force_login(staff["chief_editor"])
    response = client.post(
        reverse("newsroom_story_act", args=[published.pk, "correct"]),
        {"correct-reason": "人名有误", "correct-note": ""},
        follow=True,
    )
    assert "请填写更正说明" in response.text
    assert not Correction.objects.exists()


def test_other_centers_story_cannot_be_corrected_by_url(client, other_center, make_user, published):
    theirs = make_user(other_center, "chief_editor", username="their-chief")
    client.force_login(theirs)
    response = client.post(
        reverse("newsroom_story_act", args=[published.pk, "correct"]),
        {"correct-reason": "x", "correct-note": "y"},
    )
    assert response.status_code == 404
    assert not Correction.objects.exists()


# -- the review sheet as PDF ---------------------------------------------------------------


def test_sheet_pdf_holds_title_steps_sign_off_and_corrections(client, staff, published):
    _correct(published, staff["chief_editor"], reason="数据有误", note="特此更正")
    client.force_login(staff["editor"])
    response = client.get(reverse("newsroom_story_sheet_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert pdftext.page_count(pdf) >= 1
    text = pdftext.text(pdf)
    for expected in ("稿件审签单", published.title, "终审", "签发人", "数据有误", "特此更正"):
        assert expected in text, expected
    assert str(staff["chief_editor"]) in text


def test_sheet_pdf_uncompressed_shows_the_title(published):
    from rongmei.newsroom.selectors import review_sheet
    from rongmei.newsroom.sheet_pdf import review_sheet_pdf

    pdf = review_sheet_pdf(review_sheet(story=published), compress=False)
    assert b"/FlateDecode" not in pdf
    assert published.title in pdftext.text(pdf)


def test_long_sheet_runs_over_pages(center, staff, published):
    from rongmei.newsroom.selectors import review_sheet
    from rongmei.newsroom.sheet_pdf import review_sheet_pdf

    for i in range(40):
        _correct(published, staff["chief_editor"], reason=f"理由{i}", note="说明" * 40)
    pdf = review_sheet_pdf(review_sheet(story=published))
    assert pdftext.page_count(pdf) >= 2
    assert "理由39" in pdftext.text(pdf)


def test_other_centers_sheet_pdf_is_not_found(client, other_center, make_user, published):
    client.force_login(make_user(other_center, "chief_editor", username="their-chief"))
    response = client.get(reverse("newsroom_story_sheet_pdf", args=[published.pk]))
    assert response.status_code == 404
