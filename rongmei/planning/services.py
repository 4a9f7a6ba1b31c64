"""Planning owns leads (线索, public tips included), topics (选题), assignments (任务) and key dates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_create, audit_transition
from rongmei.core.files import delete_files_on_commit
from rongmei.core.models import Center
from rongmei.core.records import record_delete, record_update
from rongmei.core.roles import Role

from .choices import AssigneeRole, AssignmentStatus, LeadSource, LeadStatus, TopicStatus
from .models import Assignment, AssignmentMember, KeyDate, Lead, LeadAttachment, Topic

if TYPE_CHECKING:
    from rongmei.accounts.models import User

# Who sorts leads, who decides topics and dispatches assignments.
TRIAGE_ROLES = (Role.EDITOR, Role.DESK_HEAD, Role.CHIEF_EDITOR)
PLANNER_ROLES = (Role.DESK_HEAD, Role.CHIEF_EDITOR)
# The fields an edit may change; status and who decided move only by the transitions.
LEAD_FIELDS = frozenset({"title", "content", "source", "contact"})
TOPIC_FIELDS = frozenset(
    {
        "title",
        "summary",
        "planned_date",
        "columns",
        "campaigns",
        "want_text",
        "want_photo",
        "want_video",
        "want_live",
    }
)
ASSIGNMENT_FIELDS = frozenset({"topic", "title", "location", "due", "notes"})
KEY_DATE_FIELDS = frozenset({"date", "title", "note"})


def _require(by: User, center_id: int, roles: tuple[str, ...], message: str) -> None:
    if not has_role(by, center_id, *roles):
        raise PermissionDenied(message)


def _member_of(by: User, center_id: int) -> None:
    if by.is_superuser:
        return
    if not by.memberships.filter(center_id=center_id, is_active=True).exists():
        raise PermissionDenied(_("不是本中心的人员。"))


# -- leads ----------------------------------------------------------------------------


@transaction.atomic
def lead_create(
    *,
    by: User | None,
    center: Center,
    title: str,
    content: str,
    source: str = LeadSource.STAFF,
    contact: str = "",
) -> Lead:
    """A new lead; staff leads need a member of the center, public tips come through `tips`."""
    if by is not None:
        _member_of(by, center.pk)
    lead = Lead(
        center=center,
        title=title.strip(),
        content=content.strip(),
        source=source,
        contact=contact.strip(),
        submitted_by=by,
    )
    lead.full_clean()
    lead.save()
    audit_create(by=by, obj=lead)
    return lead


def _lead_open(lead: Lead) -> None:
    if lead.status != LeadStatus.NEW:
        raise ValidationError(_("该线索已处理。"))


def _strip(changes: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    return changes


@transaction.atomic
def lead_update(*, by: User, lead: Lead, **changes: Any) -> Lead:
    """Correct a lead: those who sort leads, or its submitter while it is still new."""
    if not (lead.submitted_by_id == by.pk and lead.status == LeadStatus.NEW):
        _require(by, lead.center_id, TRIAGE_ROLES, _("没有修改线索的权限。"))
    return record_update(
        by=by, obj=lead, allowed=LEAD_FIELDS, changes=_strip(changes, "title", "content", "contact")
    )


@transaction.atomic
def lead_delete(*, by: User, lead: Lead) -> None:
    """Delete a lead with its attachments; their files go once the deletion commits."""
    files = [a.file for a in LeadAttachment.objects.filter(lead=lead)]
    record_delete(by=by, obj=lead)
    delete_files_on_commit(files)


@transaction.atomic
def lead_to_topic(*, lead: Lead, by: User, title: str = "", summary: str = "") -> Topic:
    """Turn a lead into a proposed topic."""
    _require(by, lead.center_id, TRIAGE_ROLES, _("没有处理线索的权限。"))
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    _lead_open(lead)
    topic = topic_propose(
        by=by,
        center=lead.center,
        title=title or lead.title,
        summary=summary or lead.content,
    )
    old = lead.status
    lead.status = LeadStatus.TOPIC
    lead.topic = topic
    lead.save(update_fields=["status", "topic", "updated_at"])
    audit_transition(
        by=by, obj=lead, field="status", old=old, new=lead.status, verb=_("线索转选题")
    )
    return topic


@transaction.atomic
def lead_merge(*, lead: Lead, into: Lead, by: User) -> Lead:
    """Merge a duplicate lead into another lead of the same center."""
    _require(by, lead.center_id, TRIAGE_ROLES, _("没有处理线索的权限。"))
    if into.center_id != lead.center_id or into.pk == lead.pk:
        raise ValidationError({"into": _("只能合并到本中心的另一条线索。")})
    if into.status == LeadStatus.MERGED:
        raise ValidationError({"into": _("目标线索已被合并，请选择合并后的线索。")})
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    _lead_open(lead)
    old = lead.status
    lead.status = LeadStatus.MERGED
    lead.merged_into = into
    lead.save(update_fields=["status", "merged_into", "updated_at"])
    audit_transition(
        by=by,
        obj=lead,
        field="status",
        old=old,
        new=lead.status,
        verb=_("合并线索"),
        extra={"merged_into": [None, into.pk]},
    )
    return lead


@transaction.atomic
def lead_dismiss(*, lead: Lead, by: User, reason: str) -> Lead:
    """Set a lead aside, saying why."""
    _require(by, lead.center_id, TRIAGE_ROLES, _("没有处理线索的权限。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写放弃理由。")})
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    _lead_open(lead)
    old = lead.status
    lead.status = LeadStatus.DISMISSED
    lead.dismiss_reason = reason[:300]
    lead.save(update_fields=["status", "dismiss_reason", "updated_at"])
    audit_transition(
        by=by,
        obj=lead,
        field="status",
        old=old,
        new=lead.status,
        verb=_("放弃线索"),
        extra={"reason": [None, lead.dismiss_reason]},
    )
    return lead


# -- topics ---------------------------------------------------------------------------


@transaction.atomic
def topic_propose(
    *,
    by: User,
    center: Center,
    title: str,
    summary: str = "",
    planned_date: dt.date | None = None,
    columns: list[Any] | None = None,
    campaigns: list[Any] | None = None,
    want_text: bool = True,
    want_photo: bool = False,
    want_video: bool = False,
    want_live: bool = False,
) -> Topic:
    """Anyone of the center may propose a topic; it waits for a desk head."""
    _member_of(by, center.pk)
    topic = Topic(
        center=center,
        title=title.strip(),
        summary=summary,
        planned_date=planned_date,
        want_text=want_text,
        want_photo=want_photo,
        want_video=want_video,
        want_live=want_live,
        proposed_by=by,
    )
    topic.full_clean()
    topic.save()
    for items, field in ((columns, "columns"), (campaigns, "campaigns")):
        if items:
            if any(i.center_id != center.pk for i in items):
                raise ValidationError({field: _("只能选择本中心的栏目和专题。")})
            getattr(topic, field).set(items)
    audit_create(by=by, obj=topic)
    return topic


@transaction.atomic
def topic_update(*, by: User, topic: Topic, **changes: Any) -> Topic:
    """Change a topic's plan: planners, or its proposer while it waits for a decision."""
    if not (topic.proposed_by_id == by.pk and topic.status == TopicStatus.PROPOSED):
        _require(by, topic.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以修改选题。"))
    changes = _strip(changes, "title")
    for field in ("columns", "campaigns"):
        if field in changes:
            items = list(changes[field] or [])
            if any(i.center_id != topic.center_id for i in items):
                raise ValidationError({field: _("只能选择本中心的栏目和专题。")})
            changes[field] = items
    return record_update(by=by, obj=topic, allowed=TOPIC_FIELDS, changes=changes)


@transaction.atomic
def topic_delete(*, by: User, topic: Topic) -> None:
    """Delete a topic; its leads and assignments stay, without it."""
    record_delete(by=by, obj=topic)


def _topic_decide(*, topic: Topic, by: User, opinion: str, status: str, verb: str) -> Topic:
    _require(by, topic.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以审批选题。"))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.status != TopicStatus.PROPOSED:
        raise ValidationError(_("该选题已审批。"))
    old = topic.status
    topic.status = status
    topic.decided_by = by
    topic.decided_at = timezone.now()
    topic.opinion = opinion.strip()
    topic.save(update_fields=["status", "decided_by", "decided_at", "opinion", "updated_at"])
    audit_transition(
        by=by,
        obj=topic,
        field="status",
        old=old,
        new=status,
        verb=verb,
        extra={"opinion": [None, topic.opinion]},
    )
    return topic


@transaction.atomic
def topic_approve(*, topic: Topic, by: User, opinion: str = "") -> Topic:
    return _topic_decide(
        topic=topic,
        by=by,
        opinion=opinion or _("同意"),
        status=TopicStatus.APPROVED,
        verb=_("批准选题"),
    )


@transaction.atomic
def topic_refuse(*, topic: Topic, by: User, opinion: str) -> Topic:
    if not opinion.strip():
        raise ValidationError({"opinion": _("不批准须写明意见。")})
    return _topic_decide(
        topic=topic, by=by, opinion=opinion, status=TopicStatus.REFUSED, verb=_("不批准选题")
    )


# -- assignments ----------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    by: User,
    center: Center,
    title: str,
    due: dt.datetime,
    topic: Topic | None = None,
    location: str = "",
    notes: str = "",
    members: list[tuple[User, str]] | None = None,
) -> Assignment:
    """A draft assignment, usually for an approved topic; `members` are (user, role) pairs."""
    _require(by, center.pk, PLANNER_ROLES, _("只有部门主任或总编辑可以派工。"))
    topic = _check_topic(topic, center.pk)
    assignment = Assignment(
        center=center,
        topic=topic,
        title=title.strip(),
        due=due,
        location=location.strip(),
        notes=notes,
        created_by=by,
    )
    assignment.full_clean()
    assignment.save()
    audit_create(by=by, obj=assignment)
    for user, role in members or []:
        assignment_member_add(assignment=assignment, user=user, role=role, by=by)
    return assignment


def _check_topic(topic: Topic | None, center_id: int) -> Topic | None:
    """An assignment's topic is an approved topic of its own center."""
    if topic is None:
        return None
    topic = Topic.objects.get(pk=topic.pk)
    if topic.center_id != center_id:
        raise ValidationError({"topic": _("只能选择本中心的选题。")})
    if topic.status != TopicStatus.APPROVED:
        raise ValidationError({"topic": _("选题尚未批准，不能派工。")})
    return topic


@transaction.atomic
def assignment_update(*, by: User, assignment: Assignment, **changes: Any) -> Assignment:
    """Change what, where and by when; a finished or cancelled assignment stays as it was."""
    _require(by, assignment.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以修改任务。"))
    if assignment.status in (AssignmentStatus.COMPLETED, AssignmentStatus.CANCELLED):
        raise ValidationError(_("任务已结束，不能修改。"))
    if "topic" in changes and changes["topic"] != assignment.topic:
        changes["topic"] = _check_topic(changes["topic"], assignment.center_id)
    changes = _strip(changes, "title", "location")
    return record_update(by=by, obj=assignment, allowed=ASSIGNMENT_FIELDS, changes=changes)


@transaction.atomic
def assignment_delete(*, by: User, assignment: Assignment) -> None:
    record_delete(by=by, obj=assignment)


@transaction.atomic
def assignment_member_add(
    *, assignment: Assignment, user: User, role: str, by: User
) -> AssignmentMember:
    _require(by, assignment.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以派工。"))
    if role not in AssigneeRole.values:
        raise ValidationError({"role": _("分工不正确。")})
    if not user.memberships.filter(center_id=assignment.center_id, is_active=True).exists():
        raise ValidationError({"user": _("只能派给本中心的人员。")})
    if assignment.status in (AssignmentStatus.COMPLETED, AssignmentStatus.CANCELLED):
        raise ValidationError(_("任务已结束。"))
    member, created = AssignmentMember.objects.get_or_create(
        center_id=assignment.center_id, assignment=assignment, user=user, role=role
    )
    if created:
        audit_create(by=by, obj=member)
    return member


# name: (allowed from, to, who: "planner" or "assignee", audit verb)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "dispatch": ((AssignmentStatus.DRAFT,), AssignmentStatus.ASSIGNED, "planner", "派发任务"),
    "accept": ((AssignmentStatus.ASSIGNED,), AssignmentStatus.ACCEPTED, "assignee", "接受任务"),
    "start": ((AssignmentStatus.ACCEPTED,), AssignmentStatus.IN_PROGRESS, "assignee", "开始采访"),
    "submit": (
        (AssignmentStatus.ACCEPTED, AssignmentStatus.IN_PROGRESS),
        AssignmentStatus.SUBMITTED,
        "assignee",
        "交稿",
    ),
    "complete": ((AssignmentStatus.SUBMITTED,), AssignmentStatus.COMPLETED, "planner", "完成任务"),
    "cancel": (
        (
            AssignmentStatus.DRAFT,
            AssignmentStatus.ASSIGNED,
            AssignmentStatus.ACCEPTED,
            AssignmentStatus.IN_PROGRESS,
            AssignmentStatus.SUBMITTED,
        ),
        AssignmentStatus.CANCELLED,
        "planner",
        "取消任务",
    ),
}
TRANSITION_LABELS = {
    "dispatch": _("派发"),
    "accept": _("接受"),
    "start": _("开始采访"),
    "submit": _("交稿"),
    "complete": _("验收完成"),
    "cancel": _("取消任务"),
}


def assignment_can(assignment: Assignment, user: User, name: str) -> bool:
    """Whether `user` may apply transition `name` to the assignment now."""
    sources, _to, who, _verb = TRANSITIONS[name]
    if assignment.status not in sources:
        return False
    if who == "planner":
        return has_role(user, assignment.center_id, *PLANNER_ROLES)
    return assignment.assignees.filter(user=user).exists()


def _transition(*, assignment: Assignment, by: User, name: str, reason: str = "") -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    sources, to, who, verb = TRANSITIONS[name]
    if who == "planner":
        _require(by, assignment.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以这样做。"))
    elif not assignment.assignees.filter(user=by).exists():
        raise PermissionDenied(_("只有任务执行人可以这样做。"))
    if assignment.status not in sources:
        raise ValidationError(
            _("任务当前为“%(state)s”，不能%(action)s。")
            % {"state": assignment.get_status_display(), "action": TRANSITION_LABELS[name]}
        )
    if name == "dispatch" and not assignment.assignees.exists():
        raise ValidationError(_("请先指定执行人。"))
    old = assignment.status
    assignment.status = to
    fields = ["status", "updated_at"]
    extra = {}
    if name == "cancel":
        assignment.cancel_reason = reason[:300]
        fields.append("cancel_reason")
        extra["reason"] = [None, assignment.cancel_reason]
    assignment.save(update_fields=fields)
    audit_transition(by=by, obj=assignment, field="status", old=old, new=to, verb=verb, extra=extra)
    return assignment


@transaction.atomic
def assignment_dispatch(*, assignment: Assignment, by: User) -> Assignment:
    return _transition(assignment=assignment, by=by, name="dispatch")


@transaction.atomic
def assignment_accept(*, assignment: Assignment, by: User) -> Assignment:
    return _transition(assignment=assignment, by=by, name="accept")


@transaction.atomic
def assignment_start(*, assignment: Assignment, by: User) -> Assignment:
    return _transition(assignment=assignment, by=by, name="start")


@transaction.atomic
def assignment_submit(*, assignment: Assignment, by: User) -> Assignment:
    return _transition(assignment=assignment, by=by, name="submit")


@transaction.atomic
def assignment_complete(*, assignment: Assignment, by: User) -> Assignment:
    return _transition(assignment=assignment, by=by, name="complete")


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, by: User, reason: str) -> Assignment:
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因。")})
    return _transition(assignment=assignment, by=by, name="cancel", reason=reason.strip())


ASSIGNMENT_ACTIONS = {
    "dispatch": assignment_dispatch,
    "accept": assignment_accept,
    "start": assignment_start,
    "submit": assignment_submit,
    "complete": assignment_complete,
}


# -- key dates ------------------------------------------------------------------------


@transaction.atomic
def key_date_create(
    *, by: User | None, center: Center, date: dt.date, title: str, note: str = ""
) -> KeyDate:
    if by is not None:
        _require(by, center.pk, PLANNER_ROLES, _("只有部门主任或总编辑可以维护重要节点。"))
    key_date = KeyDate(center=center, date=date, title=title.strip(), note=note)
    key_date.full_clean()
    key_date.save()
    audit_create(by=by, obj=key_date)
    return key_date


@transaction.atomic
def key_date_update(*, by: User | None, key_date: KeyDate, **changes: Any) -> KeyDate:
    if by is not None:
        _require(by, key_date.center_id, PLANNER_ROLES, _("只有部门主任或总编辑可以维护重要节点。"))
    return record_update(
        by=by, obj=key_date, allowed=KEY_DATE_FIELDS, changes=_strip(changes, "title")
    )


@transaction.atomic
def key_date_delete(*, by: User | None, key_date: KeyDate) -> None:
    record_delete(by=by, obj=key_date)
