"""Planning transitions: who may do what, what is recorded, and that refusals change nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.planning import services
from rongmei.planning.choices import AssignmentStatus, LeadStatus, TopicStatus
from rongmei.planning.selectors import assignment_list_for_user, calendar_entries

from .factories import approved_topic, dispatched_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return {
        "reporter": make_user(center, "reporter", username="rep"),
        "editor": make_user(center, "editor", username="ed"),
        "desk": make_user(center, "desk_head", username="desk"),
    }


def test_lead_becomes_a_proposed_topic(center, staff):
    lead = services.lead_create(
        by=staff["reporter"], center=center, title="路灯不亮", content="城东路灯坏了一周"
    )
    topic = services.lead_to_topic(lead=lead, by=staff["editor"])
    lead.refresh_from_db()
    assert lead.status == LeadStatus.TOPIC
    assert lead.topic == topic
    assert topic.status == TopicStatus.PROPOSED
    assert topic.title == "路灯不亮"
    assert AuditEntry.objects.filter(object_id=str(lead.pk), action=AuditAction.TRANSITION).exists()


def test_reporter_cannot_triage_a_lead(center, staff):
    lead = services.lead_create(
        by=staff["reporter"], center=center, title="线索", content="内容内容"
    )
    with pytest.raises(PermissionDenied):
        services.lead_dismiss(lead=lead, by=staff["reporter"], reason="重复")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_lead_merge_and_dismiss_need_what_they_need(center, other_center, staff, make_user):
    a = services.lead_create(by=staff["reporter"], center=center, title="甲", content="内容甲")
    b = services.lead_create(by=staff["reporter"], center=center, title="乙", content="内容乙")
    foreign_user = make_user(other_center, "reporter", username="foreign")
    theirs = services.lead_create(
        by=foreign_user, center=other_center, title="丙", content="内容丙"
    )
    with pytest.raises(ValidationError):
        services.lead_merge(lead=a, into=theirs, by=staff["editor"])
    services.lead_merge(lead=a, into=b, by=staff["editor"])
    a.refresh_from_db()
    assert (a.status, a.merged_into) == (LeadStatus.MERGED, b)
    with pytest.raises(ValidationError):
        services.lead_dismiss(lead=b, by=staff["editor"], reason="  ")
    services.lead_dismiss(lead=b, by=staff["editor"], reason="不具备新闻价值")
    b.refresh_from_db()
    assert b.status == LeadStatus.DISMISSED
    assert b.dismiss_reason == "不具备新闻价值"


def test_only_desk_head_decides_topics_and_refusal_needs_opinion(center, staff):
    topic = services.topic_propose(by=staff["reporter"], center=center, title="春耕")
    with pytest.raises(PermissionDenied):
        services.topic_approve(topic=topic, by=staff["editor"])
    with pytest.raises(ValidationError):
        services.topic_refuse(topic=topic, by=staff["desk"], opinion="")
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED
    services.topic_refuse(topic=topic, by=staff["desk"], opinion="已有同类报道")
    topic.refresh_from_db()
    assert (topic.status, topic.opinion, topic.decided_by) == (
        TopicStatus.REFUSED,
        "已有同类报道",
        staff["desk"],
    )


def test_assignment_runs_through_its_states(center, staff):
    a = dispatched_assignment(center, staff["desk"], staff["reporter"])
    assert a.status == AssignmentStatus.ASSIGNED
    with pytest.raises(PermissionDenied):
        services.assignment_accept(assignment=a, by=staff["editor"])
    for fn, state in (
        (services.assignment_accept, AssignmentStatus.ACCEPTED),
        (services.assignment_start, AssignmentStatus.IN_PROGRESS),
        (services.assignment_submit, AssignmentStatus.SUBMITTED),
    ):
        a = fn(assignment=a, by=staff["reporter"])
        assert a.status == state
    with pytest.raises(PermissionDenied):
        services.assignment_complete(assignment=a, by=staff["reporter"])
    a = services.assignment_complete(assignment=a, by=staff["desk"])
    assert a.status == AssignmentStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.assignment_cancel(assignment=a, by=staff["desk"], reason="晚了")
    verbs = list(
        AuditEntry.objects.filter(object_id=str(a.pk), object_type="planning.Assignment")
        .exclude(verb="")
        .values_list("verb", flat=True)
    )
    assert {"派发任务", "接受任务", "开始采访", "交稿", "完成任务"} <= set(verbs)


def test_assignment_needs_an_approved_topic_and_an_assignee(center, staff):
    topic = services.topic_propose(by=staff["reporter"], center=center, title="待批")
    due = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.assignment_create(by=staff["desk"], center=center, topic=topic, title="x", due=due)
    a = services.assignment_create(by=staff["desk"], center=center, title="无人", due=due)
    with pytest.raises(ValidationError):
        services.assignment_dispatch(assignment=a, by=staff["desk"])
    a.refresh_from_db()
    assert a.status == AssignmentStatus.DRAFT


def test_cancel_needs_a_reason_and_records_it(center, staff):
    a = dispatched_assignment(center, staff["desk"], staff["reporter"])
    with pytest.raises(ValidationError):
        services.assignment_cancel(assignment=a, by=staff["desk"], reason="")
    a = services.assignment_cancel(assignment=a, by=staff["desk"], reason="活动延期")
    assert (a.status, a.cancel_reason) == (AssignmentStatus.CANCELLED, "活动延期")


def test_overdue_assignments_are_flagged(center, staff):
    a = dispatched_assignment(
        center, staff["desk"], staff["reporter"], due=timezone.now() - dt.timedelta(hours=1)
    )
    assert a.is_overdue
    assert list(assignment_list_for_user(center=center, user=staff["reporter"])) == [a]
    day = timezone.localdate(a.due)
    entries = calendar_entries(center=center, start=day, end=day)
    assert [e["overdue"] for e in entries[day] if e["kind"] == "assignment"] == [True]


def test_calendar_lists_topics_and_key_dates(center, staff):
    day = dt.date(2021, 7, 1)
    services.key_date_create(by=staff["desk"], center=center, date=day, title="建党100周年")
    topic = approved_topic(center, staff["desk"])
    topic.planned_date = day
    topic.save()
    entries = calendar_entries(center=center, start=day, end=day)
    assert sorted(e["kind"] for e in entries[day]) == ["key", "topic"]
