"""Submissions (报送): outcomes per outlet, adoptions they create, roles, evidence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.newsroom.choices import AuthorRole
from rongmei.newsroom.services import story_create
from rongmei.outreach.models import Adoption, Outcome, Outlet, Submission
from rongmei.outreach.selectors import adoption_rollup_by_outlet, adoption_totals_by_center
from rongmei.outreach.services import (
    adoption_create,
    adoption_register,
    outlet_create,
    outlet_load_starter,
    outlet_starter_list,
    submission_adopt,
    submission_create,
    submission_decline,
)
from rongmei.outreach.tests.factories import PDF_BYTES, evidence_png, submission_for


@pytest.fixture
def staff(center, make_user):
    return {
        role: make_user(center, role, username=f"{role}-sub")
        for role in ("reporter", "camera", "editor", "director")
    }


@pytest.fixture
def outlets(center):
    daily = outlet_create(by=None, center=center, name="青海日报", level="provincial")
    city = outlet_create(by=None, center=center, name="海东日报", level="municipal")
    return daily, city


def test_starter_list_loads_once_with_its_hierarchy(center, other_center):
    created = outlet_load_starter(center)
    again = outlet_load_starter(center)

    assert len(created) == len(outlet_starter_list())
    assert again == []
    news = Outlet.objects.get(center=center, name="新闻联播")
    assert news.parent.name == "中央电视台"
    assert news.level == "central"
    assert not Outlet.objects.filter(center=other_center).exists()


def test_starter_list_keeps_the_centers_own_edits(center):
    outlet_create(
        by=None, center=center, name="人民日报", level="central", contacts="王编辑 010-1234"
    )

    outlet_load_starter(center)

    assert Outlet.objects.get(center=center, name="人民日报").contacts == "王编辑 010-1234"
    assert Outlet.objects.get(center=center, name="人民日报客户端").parent.name == "人民日报"


def test_adopted_submission_creates_an_adoption_crediting_the_story_authors(center, staff, outlets):
    daily, city = outlets
    story = story_create(
        by=staff["reporter"],
        center=center,
        title="高原夏菜喜丰收",
        authors=[(staff["reporter"], AuthorRole.WRITER), (staff["camera"], AuthorRole.CAMERA)],
    )
    submission = submission_create(
        by=staff["reporter"], center=center, outlets=[daily, city], date=dt.date(2021, 6, 1),
        story=story,
    )  # fmt: skip
    target = submission.targets.get(outlet=daily)

    adoption = submission_adopt(
        by=staff["editor"],
        target=target,
        date=dt.date(2021, 6, 3),
        placement="front_page_headline",
        programme="第1版",
        evidence=evidence_png(),
    )

    target.refresh_from_db()
    assert target.outcome == Outcome.ADOPTED
    assert target.adoption == adoption
    assert adoption.title == "高原夏菜喜丰收"
    assert adoption.story == story
    assert [(c.user, c.role) for c in adoption.credits.all()] == [
        (staff["reporter"], "writer"),
        (staff["camera"], "camera"),
    ]
    assert adoption.authors == "reporter-sub、camera-sub"
    assert adoption.evidence.name.endswith(".png")
    assert AuditEntry.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(submission.pk)
    ).exists()


def test_adoptions_from_submissions_count_like_imported_ones(center, staff, outlets):
    daily, city = outlets
    adoption_create(
        by=None, center=center, outlet=daily, date=dt.date(2021, 6, 2), title="导入的",
        placement="front_page", ref="L-1",
    )  # fmt: skip
    submission = submission_for(center, staff["editor"], [daily, city])
    submission_adopt(
        by=staff["editor"],
        target=submission.targets.get(outlet=daily),
        date=dt.date(2021, 6, 3),
        placement="front_page_headline",
    )
    submission_decline(by=staff["editor"], target=submission.targets.get(outlet=city))

    # What `stats` reads (tests/test_browser_outreach.py checks the document itself).
    june = {"start": dt.date(2021, 6, 1), "end": dt.date(2021, 6, 30)}
    totals = adoption_totals_by_center(center_ids=[center.pk], **june)[center.pk]
    rows = adoption_rollup_by_outlet(center=center, **june)

    assert totals["adoptions"] == 2
    assert totals["by_level"]["provincial"] == 2
    assert totals["front_page"] == 2
    assert totals["front_page_headline"] == 1
    assert [(r["outlet"], r["adoptions"]) for r in rows] == [("青海日报", 2)]


def test_reporter_may_not_submit_someone_elses_story(center, staff, outlets, make_user):
    other = make_user(center, "reporter", username="other-reporter")
    story = story_create(by=other, center=center, title="别人的稿件")

    with pytest.raises(PermissionDenied):
        submission_create(
            by=staff["reporter"], center=center, outlets=[outlets[0]], date=dt.date(2021, 6, 1),
            story=story,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        submission_create(
            by=staff["reporter"], center=center, outlets=[outlets[0]], date=dt.date(2021, 6, 1),
            title="自由标题",
        )  # fmt: skip
    assert not Submission.objects.exists()


def test_reporter_may_not_register_an_outcome(center, staff, outlets):
    submission = submission_for(center, staff["editor"], [outlets[0]])

    with pytest.raises(PermissionDenied):
        submission_adopt(
            by=staff["reporter"], target=submission.targets.get(), date=dt.date(2021, 6, 3)
        )
    assert not Adoption.objects.exists()
    assert submission.targets.get().outcome == Outcome.PENDING


def test_an_outlet_adopts_a_submission_only_once(center, staff, outlets):
    submission = submission_for(center, staff["editor"], [outlets[0]])
    target = submission.targets.get()
    submission_adopt(by=staff["editor"], target=target, date=dt.date(2021, 6, 3))

    with pytest.raises(ValidationError):
        submission_adopt(by=staff["editor"], target=target, date=dt.date(2021, 6, 4))
    assert Adoption.objects.count() == 1


def test_declined_then_found_adopted_later(center, staff, outlets):
    submission = submission_for(center, staff["editor"], [outlets[0]])
    target = submission.targets.get()
    submission_decline(by=staff["editor"], target=target)

    submission_adopt(by=staff["editor"], target=target, date=dt.date(2021, 6, 9))

    target.refresh_from_db()
    assert target.outcome == Outcome.ADOPTED


def test_outlets_of_another_center_are_refused(center, other_center, staff):
    foreign = outlet_create(by=None, center=other_center, name="邻县报", level="county")

    with pytest.raises(ValidationError):
        submission_for(center, staff["editor"], [foreign])
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("截图.exe", b"MZ\x90\x00", "只能是截图"),
        ("截图.png", b"not really a png", "文件内容与扩展名不符"),
        ("版面.pdf", PDF_BYTES + b"0" * (21 * 1024 * 1024), "不能超过 20 MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_size_is_refused(
    center, staff, outlets, name, content, message
):
    upload = SimpleUploadedFile(name, content)

    with pytest.raises(ValidationError) as exc:
        adoption_register(
            by=staff["editor"], center=center, outlet=outlets[0], date=dt.date(2021, 6, 3),
            title="直接登记", evidence=upload,
        )  # fmt: skip

    assert message in " ".join(exc.value.messages)
    assert not Adoption.objects.exists()


def test_direct_registration_credits_the_staff_named(center, staff, outlets):
    adoption = adoption_register(
        by=staff["editor"], center=center, outlet=outlets[1], date=dt.date(2021, 6, 3),
        title="报纸上发现的稿件", credits=[(staff["reporter"], "writer")],
        evidence=SimpleUploadedFile("版面.pdf", PDF_BYTES),
    )  # fmt: skip

    assert adoption.authors == "reporter-sub"
    assert list(adoption.credited.all()) == [staff["reporter"]]
