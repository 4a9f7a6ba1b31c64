"""Stories, channel versions and their review (三审三校); re-exported by `services`.

Review runs on Wagtail's workflow: these functions drive it and add what Wagtail does
not know: roles per level, written opinions, the veto, restarting after an edit, and
publishing the channel versions on sign-off.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.actions.unpublish import UnpublishAction
from wagtail.models import WorkflowState

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_create, audit_record, audit_transition
from rongmei.core.models import AuditAction, Center
from rongmei.core.richtext import rich_text_clean
from rongmei.core.roles import Role

from . import review
from .choices import AuthorRole, Stage, VersionKind, VersionStatus
from .models import (
    ChannelVersion,
    Correction,
    ReviewAction,
    ReviewRecord,
    ReviewTask,
    Story,
    StoryAuthor,
    VersionDraft,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User

NEWSROOM_ROLES = (
    Role.REPORTER,
    Role.CAMERA,
    Role.EDITOR,
    Role.DESK_HEAD,
    Role.CHIEF_EDITOR,
    Role.CHANNEL_OPERATOR,
)
WITHDRAW_ROLES = (Role.DESK_HEAD, Role.CHIEF_EDITOR)
CORRECT_ROLES = (Role.DESK_HEAD, Role.CHIEF_EDITOR, Role.DIRECTOR)
STORY_FIELDS = frozenset(
    {"title", "body", "summary", "genre", "is_original", "assignment", "columns", "campaigns"}
)
SCRIPT_KINDS = (VersionKind.TV, VersionKind.RADIO)


def _require_staff(by: User, center_id: int) -> None:
    if not has_role(by, center_id, *NEWSROOM_ROLES):
        raise PermissionDenied(_("没有编辑稿件的权限。"))


def _check_related(center_id: int, **related: Any) -> None:
    for name, value in related.items():
        items = value if isinstance(value, list | tuple) else [value]
        if any(i is not None and i.center_id != center_id for i in items):
            raise ValidationError({name: _("只能选择本中心的记录。")})


def _record(story: Story, action: str, by: User | None, opinion: str = "", level: str = "") -> None:
    ReviewRecord.objects.create(
        center_id=story.center_id,
        story=story,
        level=level,
        action=action,
        by=by if by is not None and by.is_authenticated else None,
        opinion=opinion,
        revision_id=story.latest_revision_id,
    )


def _set_stage(story: Story, stage: str, by: User | None, verb: str, **extra: Any) -> None:
    old = Story.objects.filter(pk=story.pk).values_list("stage", flat=True).first()
    Story.objects.filter(pk=story.pk).update(stage=stage, **extra)
    story.stage = stage
    for key, value in extra.items():
        setattr(story, key, value)
    audit_transition(by=by, obj=story, field="stage", old=old, new=stage, verb=verb)


# -- stories --------------------------------------------------------------------------


@transaction.atomic
def story_create(
    *,
    by: User,
    center: Center,
    title: str,
    body: str = "",
    summary: str = "",
    genre: str = "news",
    is_original: bool = True,
    assignment: Any = None,
    columns: list[Any] | None = None,
    campaigns: list[Any] | None = None,
    authors: list[tuple[User, str]] | None = None,
) -> Story:
    """A new story draft with its first revision; the creator is its writer unless told."""
    _require_staff(by, center.pk)
    _check_related(
        center.pk, assignment=assignment, columns=columns or [], campaigns=campaigns or []
    )
    story = Story(
        center=center,
        title=title.strip(),
        body=rich_text_clean(body),
        summary=summary,
        genre=genre,
        is_original=is_original,
        assignment=assignment,
        created_by=by,
        live=False,
    )
    story.full_clean(exclude=["columns", "campaigns"])
    # Parental relations are held in memory until the save that commits them.
    story.columns.set(columns or [])
    story.campaigns.set(campaigns or [])
    story.save()
    for i, (user, role) in enumerate(authors or [(by, AuthorRole.WRITER)]):
        StoryAuthor.objects.create(story=story, user=user, role=role, sort_order=i)
    story.save_revision(user=by, log_action=True)
    audit_create(by=by, obj=story)
    return story


def story_after_edit(*, story: Story, by: User) -> None:
    """After any change of content: a review in progress starts again from the pre-check."""
    state = story.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    workflow = state.workflow
    state.cancel(user=by)
    _record(story, ReviewAction.RESTART, by, _("审核中修改了稿件，须从机器初筛起重新审核。"))
    workflow.start(story, by)
    audit_record(action=AuditAction.TRANSITION, by=by, obj=story, verb=_("修改后重新送审"))


@transaction.atomic
def story_update(*, story: Story, by: User, **changes: Any) -> Story:
    """Change the story as a new draft revision; the published content stays until signed off."""
    _require_staff(by, story.center_id)
    if story.stage in (Stage.VETOED, Stage.WITHDRAWN):
        raise ValidationError(_("稿件已否决或撤稿，不能再修改。"))
    if story.locked and story.locked_by_id != by.pk:
        raise ValidationError(_("稿件已被他人锁定。"))
    unknown = set(changes) - STORY_FIELDS
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of Story")
    _check_related(
        story.center_id,
        **{k: v for k, v in changes.items() if k in ("assignment", "columns", "campaigns")},
    )
    if "body" in changes:
        changes["body"] = rich_text_clean(changes["body"] or "")
    draft = story.get_latest_revision_as_object()
    for key, value in changes.items():
        if key in ("columns", "campaigns"):
            getattr(draft, key).set(value)
        else:
            setattr(draft, key, value)
    draft.full_clean(exclude=["columns", "campaigns"])
    draft.save_revision(user=by, log_action=True)
    story.refresh_from_db()
    story_after_edit(story=story, by=by)
    return story


@transaction.atomic
def story_submit(*, story: Story, by: User) -> WorkflowState:
    """Send the story into 三审三校 (pre-check first). After a send-back it starts over."""
    _require_staff(by, story.center_id)
    story = Story.objects.get(pk=story.pk)
    if story.stage in (Stage.VETOED, Stage.WITHDRAWN):
        raise ValidationError(_("稿件已否决或撤稿，不能送审。"))
    state = story.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ValidationError(_("稿件已在审核中。"))
    if story.live and not story.has_unpublished_changes:
        raise ValidationError(_("稿件已签发，没有新的修改。"))
    workflow = story.get_workflow()
    if workflow is None:
        raise ValidationError(_("尚未配置稿件审核流程。"))
    if state is not None:
        # An edit after a send-back is reviewed again from the start, never resumed midway.
        state.cancel(user=by)
    _record(story, ReviewAction.SUBMIT, by)
    new_state = workflow.start(story, by)
    audit_record(action=AuditAction.TRANSITION, by=by, obj=story, verb=_("送审"))
    return new_state


@transaction.atomic
def review_decide(*, story: Story, by: User, action: str, opinion: str) -> Story:
    """Approve, send back or (终审 only) veto the story at its current level, with an opinion."""
    story = Story.objects.get(pk=story.pk)
    state = story.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        raise ValidationError(_("稿件不在审核中。"))
    task_state = state.current_task_state
    task = task_state.task.specific
    if not isinstance(task, ReviewTask):
        raise ValidationError(_("稿件正在机器初筛。"))
    if action not in ("approve", "reject", "veto"):
        raise ValidationError(_("未知的审核操作。"))
    reason = review.refusal(task=task, story=story, user=by, action=action)
    if reason:
        raise PermissionDenied(reason)
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": _("请填写审核意见。")})
    level = task.get_level_display()
    if action == "approve":
        _record(story, ReviewAction.APPROVE, by, opinion, level)
        if state.get_next_task() == task_state.task and _is_last(state, task_state.task):
            # Signing off publishes on the reviewer's authority: nobody holds Wagtail's
            # publish permission, so nothing reaches the public without the workflow.
            task_state.approve(user=by, update=False, comment=opinion)
            state.status = WorkflowState.STATUS_APPROVED
            state.save()
            story.get_latest_revision().publish(user=by, skip_permission_checks=True)
        else:
            task_state.approve(user=by, comment=opinion)
        audit_record(
            action=AuditAction.TRANSITION,
            by=by,
            obj=story,
            verb=_("%(level)s通过") % {"level": level},
            changes={"opinion": [None, opinion]},
        )
        state.refresh_from_db()
        if state.status == WorkflowState.STATUS_APPROVED:
            _signed_off(story=Story.objects.get(pk=story.pk), by=by)
    elif action == "reject":
        _record(story, ReviewAction.REJECT, by, opinion, level)
        task_state.reject(user=by, comment=opinion)
        _set_stage(story, Stage.NEEDS_CHANGES, by, _("%(level)s退回") % {"level": level})
    else:
        _record(story, ReviewAction.VETO, by, opinion, level)
        task_state.reject(user=by, update=False, comment=opinion)
        state.cancel(user=by)
        _set_stage(story, Stage.VETOED, by, _("终审否决"))
    story.refresh_from_db()
    return story


def _is_last(state: WorkflowState, task: Any) -> bool:
    tasks = list(state.workflow.tasks.filter(active=True).values_list("pk", flat=True))
    return bool(tasks) and tasks[-1] == task.pk


def _signed_off(*, story: Story, by: User) -> None:
    """The workflow published the master: mark versions ready and announce the sign-off.

    Every channel version, the web version included, goes out through its channel
    (distribution's publish jobs; the website's job runs at once and puts the article
    online): one path, one publication per version and channel.
    """
    now = timezone.now()
    _set_stage(story, Stage.PUBLISHED, by, _("终审签发"), published_at=now)
    if not story.versions.filter(kind=VersionKind.WEB).exists():
        _version_copy(story=story, kind=VersionKind.WEB)
    story.versions.exclude(status=VersionStatus.WITHDRAWN).update(status=VersionStatus.READY)
    for fn in hooks.get_hooks("rongmei_story_signed_off"):
        fn(story=story, by=by)


@transaction.atomic
def story_withdraw(*, story: Story, by: User, reason: str) -> Story:
    """Take a signed-off story down everywhere it was published, recording why."""
    if not has_role(by, story.center_id, *WITHDRAW_ROLES):
        raise PermissionDenied(_("只有部门主任或总编辑可以撤稿。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤稿理由。")})
    story = Story.objects.get(pk=story.pk)
    if story.stage != Stage.PUBLISHED:
        raise ValidationError(_("只有已签发的稿件可以撤稿。"))
    state = story.current_workflow_state
    if state is not None:
        state.cancel(user=by)
    if story.live:
        # The role check above is the permission; nobody holds Wagtail's unpublish one.
        UnpublishAction(story, user=by).execute(skip_permission_checks=True)
    for fn in hooks.get_hooks("rongmei_story_withdrawn"):
        fn(story=story, by=by)
    story.versions.update(status=VersionStatus.WITHDRAWN)
    _record(story, ReviewAction.WITHDRAW, by, reason)
    _set_stage(story, Stage.WITHDRAWN, by, _("撤稿"), withdraw_reason=reason[:300])
    return story


@transaction.atomic
def story_correct(
    *, story: Story, by: User, reason: str, note: str, is_public: bool = True
) -> Correction:
    """Record a correction (更正) of a signed-off story: why, and what readers are told.

    The public site shows a public note under the article (through the hook
    `rongmei_story_corrected`); changing the text itself is a new revision reviewed again.
    """
    if not has_role(by, story.center_id, *CORRECT_ROLES):
        raise PermissionDenied(_("只有部门主任、总编辑或主任可以发布更正。"))
    reason, note = reason.strip(), note.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("请填写更正理由。")
    if not note:
        errors["note"] = _("请填写更正说明。")
    if errors:
        raise ValidationError(errors)
    story = Story.objects.get(pk=story.pk)
    if story.stage != Stage.PUBLISHED:
        raise ValidationError(_("只有已签发的稿件可以更正。"))
    correction = Correction(
        center_id=story.center_id,
        story=story,
        reason=reason,
        note=note,
        is_public=is_public,
        by=by,
    )
    correction.full_clean()
    correction.save()
    audit_create(by=by, obj=correction, verb=_("更正稿件"))
    for fn in hooks.get_hooks("rongmei_story_corrected"):
        fn(story=story, correction=correction, by=by)
    return correction


# -- channel versions -----------------------------------------------------------------


def _version_copy(*, story: Story, kind: str) -> ChannelVersion:
    source = story.get_latest_revision_as_object() if story.latest_revision_id else story
    body, caption = source.body, ""
    if kind == VersionKind.SHORT_VIDEO:
        body, caption = "", source.summary or source.title
    elif kind in SCRIPT_KINDS:
        paragraphs = [
            p for p in strip_tags(source.body.replace("</p>", "</p>\n")).splitlines() if p
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
    version = ChannelVersion(
        center_id=story.center_id,
        story=story,
        kind=kind,
        title=source.title,
        body=body,
        caption=caption,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def version_create(*, story: Story, kind: str, by: User) -> ChannelVersion:
    """A channel version copied from the master's latest content."""
    _require_staff(by, story.center_id)
    if kind not in VersionKind.values:
        raise ValidationError({"kind": _("渠道类型不正确。")})
    if story.versions.filter(kind=kind).exists():
        raise ValidationError({"kind": _("该渠道版本已存在。")})
    if story.stage in (Stage.VETOED, Stage.WITHDRAWN):
        raise ValidationError(_("稿件已否决或撤稿。"))
    version = _version_copy(story=story, kind=kind)
    version.save_revision(user=by, clean=False)
    audit_create(by=by, obj=version)
    story_after_edit(story=story, by=by)
    return version


def _check_version_editable(*, version: ChannelVersion, by: User) -> Story:
    """Refuse unless `by` may change the version's text now; returns its story.

    Staff of the center; the story neither vetoed nor withdrawn; while in review only the
    current reviewer; never while someone else holds the master story's lock.
    """
    _require_staff(by, version.center_id)
    story = version.story
    if story.stage in (Stage.VETOED, Stage.WITHDRAWN):
        raise ValidationError(_("稿件已否决或撤稿。"))
    review_state = story.current_workflow_state
    if review_state is not None and review_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = review_state.current_task_state.task.specific
        if isinstance(task, ReviewTask) and review.refusal(
            task=task, story=story, user=by, action="reject"
        ):
            raise PermissionDenied(_("审核中的稿件只能由当前审核人修改。"))
    if story.locked and story.locked_by_id not in (None, by.pk):
        raise PermissionDenied(
            _("稿件正由%(user)s锁定编辑，请待其解锁后再修改渠道版本。") % {"user": story.locked_by}
        )
    return story


@transaction.atomic
def version_update(
    *,
    version: ChannelVersion,
    by: User,
    title: str,
    body: str = "",
    caption: str = "",
    scheduled_at: dt.datetime | None = None,
) -> ChannelVersion:
    """Edit one channel version; a changed text needs sign-off again like the master.

    `scheduled_at` is when the version's publish job may run (None: at sign-off); changing
    only the time needs no new review.
    """
    story = _check_version_editable(version=version, by=by)
    body = rich_text_clean(body)
    if scheduled_at is not None and scheduled_at <= timezone.now():
        raise ValidationError({"scheduled_at": _("定时发布时间应晚于现在。")})
    if scheduled_at != version.scheduled_at:
        if version.status == VersionStatus.PUBLISHED:
            raise ValidationError({"scheduled_at": _("已发布的版本不能再定时。")})
        old_time = version.scheduled_at
        version.scheduled_at = scheduled_at
        ChannelVersion.objects.filter(pk=version.pk).update(scheduled_at=scheduled_at)
        audit_record(
            action=AuditAction.UPDATE,
            by=by,
            obj=version,
            changes={"scheduled_at": [str(old_time or ""), str(scheduled_at or "")]},
        )
    before = {"title": version.title, "body": version.body, "caption": version.caption}
    if version.latest_revision_id is None and before != {
        "title": title.strip(),
        "body": body,
        "caption": caption,
    }:
        # A version made before revisions were kept: its state so far is the first one.
        version.save_revision(user=None, clean=False)
    version.title, version.body, version.caption = title.strip(), body, caption
    version.full_clean()
    # Saved: what the editor autosaved along the way is no longer needed.
    VersionDraft.objects.filter(version=version, user=by).delete()
    if {"title": version.title, "body": version.body, "caption": version.caption} == before:
        return version
    version.status = VersionStatus.DRAFT
    version.save()
    version.save_revision(user=by, clean=False)
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=version,
        changes={
            k: [before[k], getattr(version, k)] for k in before if before[k] != getattr(version, k)
        },
    )
    story_after_edit(story=story, by=by)
    return version


# -- autosaved drafts of channel versions ----------------------------------------------

DRAFT_TEXT_MAX = 200_000


def _check_draft_lengths(*, title: str, body: str, caption: str) -> None:
    title_max = VersionDraft._meta.get_field("title").max_length
    errors = {}
    if len(title) > title_max:
        errors["title"] = _("标题不能超过%(max)d个字（现有%(count)d个字）。") % {
            "max": title_max,
            "count": len(title),
        }
    for name, value in (("body", body), ("caption", caption)):
        if len(value) > DRAFT_TEXT_MAX:
            errors[name] = _("内容过长，不能超过%(max)d个字符。") % {"max": DRAFT_TEXT_MAX}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def version_autosave(
    *, version: ChannelVersion, by: User, title: str, body: str = "", caption: str = ""
) -> VersionDraft:
    """Keep what `by` has typed into the version as their draft, without touching the
    version, its revisions or its review. Allowed when saving the version would be;
    saving the same content again changes nothing and writes no audit entry."""
    _check_version_editable(version=version, by=by)
    title = title.strip()
    _check_draft_lengths(title=title, body=body, caption=caption)
    body = rich_text_clean(body)
    content = {"title": title, "body": body, "caption": caption}
    # get_or_create: two tabs making the first draft at once both end with the one draft.
    draft, created = VersionDraft.objects.select_for_update().get_or_create(
        center_id=version.center_id, version=version, user=by, defaults=content
    )
    if created:
        before = {"title": "", "body": "", "caption": ""}
        action = AuditAction.CREATE
    else:
        before = {k: getattr(draft, k) for k in content}
        if before == content:
            return draft
        for key, value in content.items():
            setattr(draft, key, value)
        draft.save()
        action = AuditAction.UPDATE
    changes: dict[str, Any] = {
        k: [before[k], content[k]] for k in ("title", "caption") if before[k] != content[k]
    }
    if before["body"] != body:
        # The body is kept by the version's revisions once saved; here only its length.
        changes["body_length"] = [len(before["body"]), len(body)]
    audit_record(action=action, by=by, obj=draft, verb=_("自动保存渠道版本草稿"), changes=changes)
    return draft


@transaction.atomic
def version_draft_discard(*, version: ChannelVersion, by: User) -> bool:
    """Throw away `by`'s autosaved draft of the version; False when there was none."""
    _require_staff(by, version.center_id)
    draft = VersionDraft.objects.filter(version=version, user=by).first()
    if draft is None:
        return False
    audit_record(action=AuditAction.DELETE, by=by, obj=draft, verb=_("放弃渠道版本草稿"))
    draft.delete()
    return True
