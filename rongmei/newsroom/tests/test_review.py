"""三审三校 on Wagtail's workflow: pre-check, the three levels, send-back, veto, re-review
after an edit, sign-off publishing the versions, and withdrawal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import WorkflowState

from rongmei.newsroom import services
from rongmei.newsroom.choices import Stage, VersionKind, VersionStatus
from rongmei.newsroom.models import ReviewRecord, ReviewTask
from rongmei.proofing.services import lexicon_create, term_create

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


def _level(story):
    state = story.current_workflow_state
    task = state.current_task_state.task.specific
    return task.level if isinstance(task, ReviewTask) else "precheck"


def _approve(story, user, opinion="同意"):
    return services.review_decide(story=story, by=user, action="approve", opinion=opinion)


def test_story_passes_three_levels_and_is_signed_off(center, staff):
    story = story_for(center, staff["reporter"])
    services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])
    services.story_submit(story=story, by=staff["reporter"])
    story.refresh_from_db()
    assert story.stage == Stage.IN_REVIEW
    assert _level(story) == "first"
    story = _approve(story, staff["editor"], "文字已校")
    assert _level(story) == "second"
    story = _approve(story, staff["desk_head"], "同意")
    assert _level(story) == "final"
    story = _approve(story, staff["chief_editor"], "同意签发")
    assert story.stage == Stage.PUBLISHED
    assert story.live
    kinds = dict(story.versions.values_list("kind", "status"))
    assert kinds[VersionKind.WECHAT] == VersionStatus.READY
    assert VersionKind.WEB in kinds  # made at sign-off when missing
    actions = list(story.review_records.values_list("action", flat=True))
    assert actions == ["submit", "precheck_pass", "approve", "approve", "approve"]


def test_each_level_is_restricted_to_its_role(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    for user in (staff["reporter"], staff["desk_head"], staff["chief_editor"]):
        with pytest.raises(PermissionDenied):
            _approve(story, user)
    assert _level(story) == "first"
    story = _approve(story, staff["editor"])
    with pytest.raises(PermissionDenied):
        _approve(story, staff["editor"])
    assert _level(story) == "second"


def test_reporter_holding_a_reviewer_role_still_cannot_approve(center, make_user, staff):
    both = make_user(center, "reporter", "editor", username="both")
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    with pytest.raises(PermissionDenied):
        _approve(story, both)


def test_reviewer_cannot_approve_own_story_above_first_level(center, staff):
    story = story_for(center, staff["desk_head"])
    services.story_submit(story=story, by=staff["desk_head"])
    story = _approve(story, staff["editor"])
    with pytest.raises(PermissionDenied):
        _approve(story, staff["desk_head"])
    # Sending it back is allowed.
    story = services.review_decide(
        story=story, by=staff["desk_head"], action="reject", opinion="自己再改改"
    )
    assert story.stage == Stage.NEEDS_CHANGES


def test_opinion_is_required(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    with pytest.raises(ValidationError):
        services.review_decide(story=story, by=staff["editor"], action="approve", opinion="  ")
    assert _level(story) == "first"
    assert not ReviewRecord.objects.filter(action="approve").exists()


def test_send_back_then_resubmit_starts_again_from_precheck(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    story = _approve(story, staff["editor"])
    story = services.review_decide(
        story=story, by=staff["desk_head"], action="reject", opinion="导语太长"
    )
    assert story.stage == Stage.NEEDS_CHANGES
    assert story.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    services.story_update(story=story, by=staff["reporter"], body="<p>导语已精简。</p>")
    services.story_submit(story=story, by=staff["reporter"])
    story.refresh_from_db()
    assert _level(story) == "first"  # 初审 again, not 复审


def test_edit_during_review_requires_approval_again(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    story = _approve(story, staff["editor"])
    story = _approve(story, staff["desk_head"])
    assert _level(story) == "final"
    services.story_update(story=story, by=staff["chief_editor"], title="全力推进创卫工作（修改）")
    story.refresh_from_db()
    assert _level(story) == "first"
    assert story.review_records.filter(action="restart").exists()


def test_edit_after_sign_off_needs_a_new_review_before_it_goes_live(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    for user in (staff["editor"], staff["desk_head"], staff["chief_editor"]):
        story = _approve(story, user)
    services.story_update(story=story, by=staff["reporter"], title="改过的标题")
    story.refresh_from_db()
    assert story.title == "全力推进创卫工作"  # the live content is unchanged
    assert story.has_unpublished_changes
    services.story_submit(story=story, by=staff["reporter"])
    story.refresh_from_db()
    assert _level(story) == "first"


def test_final_level_can_veto_and_a_vetoed_story_is_closed(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    story = _approve(story, staff["editor"])
    with pytest.raises(PermissionDenied):
        services.review_decide(story=story, by=staff["desk_head"], action="veto", opinion="不宜")
    story = _approve(story, staff["desk_head"])
    story = services.review_decide(
        story=story, by=staff["chief_editor"], action="veto", opinion="导向有问题，不予刊发"
    )
    assert story.stage == Stage.VETOED
    assert not story.live
    with pytest.raises(ValidationError):
        services.story_submit(story=story, by=staff["reporter"])
    with pytest.raises(ValidationError):
        services.story_update(story=story, by=staff["reporter"], title="再试")


def test_precheck_blocks_a_banned_word_in_any_version(center, staff):
    lexicon = lexicon_create(center=center, name="本地禁用词", kind="banned", by=None)
    term_create(lexicon=lexicon, text="包治百病", by=None)
    story = story_for(center, staff["reporter"])
    version = services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["reporter"])
    services.version_update(
        version=version, by=staff["reporter"], title="神药包治百病", body="<p>x</p>"
    )
    services.story_submit(story=story, by=staff["reporter"])
    story.refresh_from_db()
    assert story.stage == Stage.NEEDS_CHANGES
    fail = story.review_records.get(action="precheck_fail")
    assert "包治百病" in fail.opinion
    services.version_update(version=version, by=staff["reporter"], title="良药", body="<p>x</p>")
    services.story_submit(story=story, by=staff["reporter"])
    story.refresh_from_db()
    assert story.stage == Stage.IN_REVIEW
    assert _level(story) == "first"


def test_withdrawal_needs_a_reason_and_a_desk_head(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    for user in (staff["editor"], staff["desk_head"], staff["chief_editor"]):
        story = _approve(story, user)
    with pytest.raises(PermissionDenied):
        services.story_withdraw(story=story, by=staff["editor"], reason="有误")
    with pytest.raises(ValidationError):
        services.story_withdraw(story=story, by=staff["chief_editor"], reason="")
    story.refresh_from_db()
    assert story.stage == Stage.PUBLISHED
    story = services.story_withdraw(story=story, by=staff["chief_editor"], reason="数据有误")
    assert (story.stage, story.withdraw_reason, story.live) == (Stage.WITHDRAWN, "数据有误", False)
    assert set(story.versions.values_list("status", flat=True)) == {VersionStatus.WITHDRAWN}


def test_channel_version_is_a_copy_edited_on_its_own(center, staff):
    story = story_for(center, staff["reporter"], body="<p>第一段</p><p>第二段</p>")
    wechat = services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])
    video = services.version_create(story=story, kind=VersionKind.SHORT_VIDEO, by=staff["editor"])
    assert wechat.body == story.body
    assert video.caption == story.title
    services.version_update(
        version=wechat, by=staff["editor"], title="公众号标题", body="<p>改</p>"
    )
    story.refresh_from_db()
    assert story.body == "<p>第一段</p><p>第二段</p>"
    with pytest.raises(ValidationError):
        services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])
