"""Autosave of a channel version: what someone types is kept as their own draft, never as
an edit of the version, until they save; a refused autosave writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rongmei.core.models import AuditEntry
from rongmei.newsroom import services
from rongmei.newsroom.choices import VersionKind, VersionStatus
from rongmei.newsroom.drafts import version_draft_for
from rongmei.newsroom.models import ChannelVersion, VersionDraft
from rongmei.newsroom.selectors import version_revisions

from .factories import newsroom_staff, signed_off_story, story_for

pytestmark = pytest.mark.django_db

VERB = "自动保存渠道版本草稿"


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def version(center, staff):
    story = story_for(center, staff["reporter"], title="全县秋粮收购工作全面启动")
    return services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])


def _state(version):
    """Everything about the version a draft must never change."""
    version = ChannelVersion.objects.get(pk=version.pk)
    story = version.story
    return (
        version.title,
        version.body,
        version.caption,
        version.status,
        version.latest_revision_id,
        version.revisions.count(),
        story.stage,
        story.latest_revision_id,
        story.workflow_states.count(),
    )


def _autosave(version, by, title="秋粮收购启动", body="<p>今年收购价格上涨。</p>", caption=""):
    return services.version_autosave(
        version=version, by=by, title=title, body=body, caption=caption
    )


def test_autosave_keeps_a_draft_and_leaves_the_version_alone(version, staff):
    before = _state(version)
    draft = _autosave(version, staff["editor"])
    assert (draft.title, draft.body, draft.user, draft.center_id) == (
        "秋粮收购启动",
        "<p>今年收购价格上涨。</p>",
        staff["editor"],
        version.center_id,
    )
    again = _autosave(version, staff["editor"], title="秋粮收购全面启动")
    assert again.pk == draft.pk
    assert VersionDraft.objects.get().title == "秋粮收购全面启动"
    assert _state(version) == before
    entries = AuditEntry.objects.filter(verb=VERB, object_id=str(draft.pk))
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]
    assert entries.order_by("id").last().changes["title"] == ["秋粮收购启动", "秋粮收购全面启动"]


def test_each_person_has_their_own_draft(version, staff):
    _autosave(version, staff["editor"], title="编辑的草稿")
    _autosave(version, staff["reporter"], title="记者的草稿")
    assert version_draft_for(version=version, user=staff["editor"]).title == "编辑的草稿"
    assert version_draft_for(version=version, user=staff["reporter"]).title == "记者的草稿"


def test_autosaving_the_same_text_again_changes_nothing(version, staff):
    draft = _autosave(version, staff["editor"])
    saved_at = VersionDraft.objects.get().saved_at
    audit = AuditEntry.objects.count()
    again = _autosave(version, staff["editor"])
    assert again.pk == draft.pk
    assert VersionDraft.objects.get().saved_at == saved_at
    assert AuditEntry.objects.count() == audit
    assert AuditEntry.objects.filter(verb=VERB).count() == 1


def test_a_too_long_title_is_refused_and_nothing_is_written(version, staff):
    _autosave(version, staff["editor"], title="原来的草稿")
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        _autosave(version, staff["editor"], title="长" * 201)
    assert "标题不能超过200个字" in str(refused.value)
    assert VersionDraft.objects.get().title == "原来的草稿"
    assert AuditEntry.objects.count() == audit


def _refused(version, by, error):
    before = _state(version)
    audit = AuditEntry.objects.count()
    with pytest.raises(error) as refused:
        _autosave(version, by)
    assert not VersionDraft.objects.exists()
    assert AuditEntry.objects.count() == audit
    assert _state(version) == before
    return str(refused.value)


def test_autosave_is_refused_while_someone_else_holds_the_lock(version, staff):
    story = version.story
    story.locked, story.locked_by = True, staff["desk_head"]
    story.save(update_fields=["locked", "locked_by"])
    assert "锁定" in _refused(version, staff["editor"], PermissionDenied)
    # The one who holds the lock may go on typing.
    assert _autosave(version, staff["desk_head"]).user == staff["desk_head"]


def test_autosave_is_refused_to_someone_without_a_newsroom_role(center, make_user, version):
    outsider = make_user(center, "administrator", username="admin-only")
    assert "没有编辑稿件的权限" in _refused(version, outsider, PermissionDenied)


def test_autosave_is_refused_to_a_reporter_of_another_center(other_center, make_user, version):
    theirs = make_user(other_center, "reporter", username="their-rep")
    _refused(version, theirs, PermissionDenied)


def test_autosave_is_refused_once_the_story_is_withdrawn(center, staff):
    story = signed_off_story(center, staff)
    services.story_withdraw(story=story, by=staff["chief_editor"], reason="内容有误")
    version = ChannelVersion.objects.get(story=story, kind=VersionKind.WEB)
    assert "撤稿" in _refused(version, staff["editor"], ValidationError)


def test_autosave_in_review_is_only_for_the_current_reviewer(version, staff):
    services.story_submit(story=version.story, by=staff["reporter"])
    assert "审核人" in _refused(version, staff["reporter"], PermissionDenied)
    assert _autosave(version, staff["editor"]).user == staff["editor"]


def test_saving_the_version_removes_the_savers_draft_only(version, staff):
    _autosave(version, staff["editor"], title="编辑的草稿")
    _autosave(version, staff["reporter"], title="记者的草稿")
    services.version_update(
        version=version, by=staff["editor"], title="编辑的草稿", body="<p>正文</p>"
    )
    assert list(VersionDraft.objects.values_list("user", flat=True)) == [staff["reporter"].pk]
    version.refresh_from_db()
    assert version.title == "编辑的草稿"
    assert version.status == VersionStatus.DRAFT


def test_saving_without_changes_removes_the_draft_too(version, staff):
    _autosave(version, staff["editor"])
    revisions = len(version_revisions(version=version))
    services.version_update(
        version=version, by=staff["editor"], title=version.title, body=version.body
    )
    assert not VersionDraft.objects.exists()
    assert len(version_revisions(version=version)) == revisions


def test_a_refused_save_keeps_the_draft(version, staff):
    _autosave(version, staff["editor"])
    with pytest.raises(ValidationError):
        services.version_update(version=version, by=staff["editor"], title="", body="")
    assert VersionDraft.objects.filter(user=staff["editor"]).exists()


def test_discarding_removes_the_draft_with_an_audit_entry(version, staff):
    draft = _autosave(version, staff["editor"])
    before = _state(version)
    assert services.version_draft_discard(version=version, by=staff["editor"]) is True
    assert not VersionDraft.objects.exists()
    assert AuditEntry.objects.filter(
        action="delete", verb="放弃渠道版本草稿", object_id=str(draft.pk)
    ).exists()
    assert _state(version) == before
    audit = AuditEntry.objects.count()
    assert services.version_draft_discard(version=version, by=staff["editor"]) is False
    assert AuditEntry.objects.count() == audit


def test_a_draft_is_offered_only_while_newer_than_the_version_and_different(version, staff):
    draft = _autosave(version, staff["editor"])
    assert version_draft_for(version=version, user=staff["editor"]) == draft
    # Someone else saves the version afterwards: the draft is out of date and ignored.
    services.version_update(version=version, by=staff["desk_head"], title="主任改稿", body="")
    version.refresh_from_db()
    assert version_draft_for(version=version, user=staff["editor"]) is None
    assert VersionDraft.objects.filter(pk=draft.pk).exists()  # reading never deletes


def test_a_draft_saying_what_the_version_says_is_not_offered(version, staff):
    # The rich-text editor adds paragraph keys; they are not a difference.
    keyed = version.body.replace("<p>", '<p data-block-key="a1b2c">')
    assert keyed != version.body
    _autosave(version, staff["editor"], title=version.title, body=keyed)
    assert version_draft_for(version=version, user=staff["editor"]) is None


def _editor_value(html):
    """The body as the rich-text editor posts it."""
    from wagtail.admin.rich_text import get_rich_text_editor_widget

    return get_rich_text_editor_widget().format_value(html)


def _post_autosave(client, version, title="秋粮收购启动", body="<p>今年收购价格上涨。</p>"):
    return client.post(
        reverse("newsroom_version_autosave", args=[version.pk]),
        {"title": title, "body": _editor_value(body), "caption": ""},
    )


def test_autosave_view_answers_with_the_saved_status(client, version, staff):
    client.force_login(staff["editor"])
    response = _post_autosave(client, version)
    assert response.status_code == 200
    assert "草稿已自动保存（" in response.text
    assert "data-autosave-error" not in response.text
    draft = VersionDraft.objects.get()
    assert draft.title == "秋粮收购启动"
    assert "今年收购价格上涨。</p>" in draft.body
    assert client.get(reverse("newsroom_version_autosave", args=[version.pk])).status_code == 405


def test_autosave_view_answers_with_the_reason_it_refused(client, version, staff):
    client.force_login(staff["editor"])
    response = _post_autosave(client, version, title="长" * 201)
    assert response.status_code == 200
    assert "data-autosave-error" in response.text
    assert "标题不能超过200个字" in response.text
    assert not VersionDraft.objects.exists()


def test_other_centers_version_cannot_be_autosaved_or_discarded(
    client, other_center, make_user, version, staff
):
    _autosave(version, staff["editor"])
    client.force_login(make_user(other_center, "chief_editor", username="their-chief"))
    assert _post_autosave(client, version).status_code == 404
    url = reverse("newsroom_version_draft_discard", args=[version.pk])
    assert client.post(url).status_code == 404
    assert VersionDraft.objects.count() == 1


def test_edit_page_restores_a_fresh_draft_with_a_notice(client, version, staff):
    _autosave(version, staff["editor"], title="尚未保存的标题", body="<p>打了一半的正文</p>")
    client.force_login(staff["editor"])
    page = client.get(reverse("newsroom_version_edit", args=[version.pk]))
    assert page.status_code == 200
    assert "已恢复您于" in page.text
    assert "放弃草稿" in page.text
    assert page.context["form"]["title"].value() == "尚未保存的标题"
    assert page.context["form"]["body"].value() == "<p>打了一半的正文</p>"
    assert reverse("newsroom_version_autosave", args=[version.pk]) in page.text
    # Someone else's draft is theirs alone.
    client.force_login(staff["desk_head"])
    page = client.get(reverse("newsroom_version_edit", args=[version.pk]))
    assert "已恢复您于" not in page.text
    assert page.context["form"]["title"].value() == version.title


def test_edit_page_ignores_a_stale_draft(client, version, staff):
    draft = _autosave(version, staff["editor"], title="过时的草稿")
    VersionDraft.objects.filter(pk=draft.pk).update(
        saved_at=version.latest_revision.created_at - dt.timedelta(minutes=5)
    )
    client.force_login(staff["editor"])
    page = client.get(reverse("newsroom_version_edit", args=[version.pk]))
    assert "已恢复您于" not in page.text
    assert page.context["form"]["title"].value() == version.title
    assert VersionDraft.objects.filter(pk=draft.pk).exists()


def test_discard_view_removes_the_draft_and_returns_to_the_edit_page(client, version, staff):
    _autosave(version, staff["editor"], title="不要了")
    client.force_login(staff["editor"])
    url = reverse("newsroom_version_draft_discard", args=[version.pk])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("newsroom_version_edit", args=[version.pk])
    assert "已放弃自动保存的草稿" in response.text
    assert "已恢复您于" not in response.text
    assert not VersionDraft.objects.exists()
    assert client.get(url).status_code == 405


def test_saving_the_edit_form_removes_the_draft(client, version, staff):
    _autosave(version, staff["editor"], title="草稿标题")
    client.force_login(staff["editor"])
    response = client.post(
        reverse("newsroom_version_edit", args=[version.pk]),
        {"title": "草稿标题", "body": _editor_value(version.body), "caption": ""},
    )
    assert response.status_code == 302
    assert not VersionDraft.objects.exists()
    version.refresh_from_db()
    assert version.title == "草稿标题"
