"""The rules of 三审三校: who may decide at which level, and the machine pre-check.

Read by the workflow task types (models) and by `services`; writes only through
Wagtail's task states and `ReviewRecord`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from rongmei.accounts.models import Membership
from rongmei.accounts.selectors import has_role, roles_of
from rongmei.core.roles import ROLE_GROUP_NAMES, Role
from rongmei.proofing.services import ProofResult, proofread

from .choices import ReviewLevel, Stage
from .models import ReviewAction, ReviewRecord, Story

if TYPE_CHECKING:
    from rongmei.accounts.models import User

    from .models import ReviewTask

LEVEL_ROLES = {
    ReviewLevel.FIRST: Role.EDITOR,
    ReviewLevel.SECOND: Role.DESK_HEAD,
    ReviewLevel.FINAL: Role.CHIEF_EDITOR,
}


def story_text(story: Story) -> str:
    return "\n".join(p for p in (story.title, story.summary, strip_tags(story.body)) if p)


def precheck_sources(story: Story) -> list[tuple[str, str, str]]:
    """What the pre-check reads, as (key, label, text): the master's latest content
    (key `master`) and every channel version not withdrawn (key `v<id>`)."""
    latest = story.get_latest_revision_as_object() if story.latest_revision_id else story
    out = [("master", str(_("稿件母版")), story_text(latest))]
    for version in story.versions.exclude(status="withdrawn"):
        out.append((f"v{version.pk}", version.get_kind_display(), version.text))
    return out


def precheck_results(story: Story) -> list[tuple[str, ProofResult]]:
    """The pre-check of the story's latest content and of every channel version."""
    return [
        (label, proofread(center=story.center, text=text))
        for _key, label, text in precheck_sources(story)
    ]


def precheck_run(*, task_state: TaskState, user: User | None) -> None:
    """Pass the pre-check task, or reject it (the story goes back) listing what blocks."""
    story = task_state.workflow_state.content_object
    results = precheck_results(story)
    blocking = [
        f"{label}：{f.span.text}（{f.span.rule.message or f.span.rule.lexicon}）"
        for label, result in results
        for f in result.findings
        if f.blocking
    ]
    if blocking:
        comment = _("有阻断级问题，须修改后重新送审：") + "；".join(blocking)
        task_state.reject(user=None, update=False, comment=comment[:2000])
        action, stage = ReviewAction.PRECHECK_FAIL, Stage.NEEDS_CHANGES
    else:
        warnings = sum(len(r.open_warnings) for _label, r in results)
        comment = _("未发现阻断级问题。") + (
            _("另有%(n)d条提示。") % {"n": warnings} if warnings else ""
        )
        task_state.approve(user=None, update=False, comment=comment)
        action, stage = ReviewAction.PRECHECK_PASS, Stage.IN_REVIEW
    Story.objects.filter(pk=story.pk).update(stage=stage)
    ReviewRecord.objects.create(
        center_id=story.center_id,
        story=story,
        level=str(_("机器初筛")),
        action=action,
        by=None,
        opinion=comment,
        revision_id=task_state.revision_id,
    )


def is_author(story: Story, user: User) -> bool:
    return story.created_by_id == user.pk or story.authors.filter(user=user).exists()


def refusal(*, task: ReviewTask, story: Story, user: User, action: str) -> str | None:
    """Why `user` may not take `action` on the story at this level, or None if they may."""
    if not user.is_authenticated:
        return _("请先登录。")
    if not has_role(user, story.center_id, LEVEL_ROLES[task.level]):
        return _("%(level)s须由%(role)s进行。") % {
            "level": task.get_level_display(),
            "role": Role(LEVEL_ROLES[task.level]).label,
        }
    if action in ("approve", "veto") and not user.is_superuser:
        if Role.REPORTER in roles_of(user, story.center_id):
            return _("记者不能审核通过稿件。")
        if task.level != ReviewLevel.FIRST and is_author(story, user):
            return _("不能在复审、终审中通过自己的稿件。")
    if action == "veto" and task.level != ReviewLevel.FINAL:
        return _("只有终审可以否决。")
    return None


def task_actions(*, task: ReviewTask, story: Story, user: User) -> list[tuple[str, str, bool]]:
    actions = [
        ("approve", _("通过") if task.level != ReviewLevel.FINAL else _("签发"), True),
        ("reject", _("退回修改"), True),
    ]
    if task.level == ReviewLevel.FINAL:
        actions.append(("veto", _("否决"), True))
    return [a for a in actions if refusal(task=task, story=story, user=user, action=a[0]) is None]


def task_states_for(*, task: ReviewTask, user: User):
    """In-progress states of this task on stories of centers where the user holds its role."""
    if user.is_superuser:
        return task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    centers = Membership.objects.filter(
        user=user, is_active=True, roles__name=ROLE_GROUP_NAMES[LEVEL_ROLES[task.level]]
    ).values_list("center_id", flat=True)
    ids = [
        str(pk) for pk in Story.objects.filter(center_id__in=centers).values_list("pk", flat=True)
    ]
    return task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=ids
    )
