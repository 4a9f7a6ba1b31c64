"""The planning admin writes through the planning services: adds, edits and deletes
are audited and obey the services' rules; status is never a form field; transitions
that need only the record are buttons on the edit page, shown to those who may use them
and refused where the record's status does not allow them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login
from rongmei.planning import services
from rongmei.planning.choices import AssignmentStatus, LeadStatus, TopicStatus
from rongmei.planning.models import Assignment, KeyDate, Lead, Topic

from .factories import approved_topic, dispatched_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(center, make_user):
    return make_user(center, "desk_head", username="desk")


@pytest.fixture
def reporter(center, make_user):
    return make_user(center, "reporter", username="rep")


def buttons(client, ns, obj):
    return client.get(reverse(f"{ns}:edit", args=[obj.pk])).content.decode()


# -- leads ---------------------------------------------------------------------------


def test_lead_add_ignores_a_posted_status_and_is_audited(client, center, desk):
    login(client, desk, center)
    data = {"title": "村道塌方", "content": "群众反映", "source": "staff", "status": "dismissed"}

    assert client.post(reverse("planning_leads:add"), data).status_code == 302

    lead = Lead.objects.get()
    assert (lead.center, lead.status, lead.submitted_by) == (center, LeadStatus.NEW, desk)
    assert audited(lead, "create").exists()


def test_lead_edit_and_delete_go_through_the_services(client, center, desk, make_user):
    lead = services.lead_create(by=desk, center=center, title="村道塌方", content="群众反映")
    login(client, desk, center)
    url = reverse("planning_leads:edit", args=[lead.pk])
    data = {"title": "村道塌方", "content": "已核实", "source": "staff", "status": "merged"}

    assert client.post(url, data).status_code == 302

    lead.refresh_from_db()
    assert (lead.content, lead.status) == ("已核实", LeadStatus.NEW)
    assert audited(lead, "update").get().changes["content"] == ["群众反映", "已核实"]

    login(client, make_user(center, "director", username="dir-a"), center)
    assert client.post(reverse("planning_leads:delete", args=[lead.pk])).status_code == 302
    assert not Lead.objects.exists()
    assert audited(lead, "delete").exists()


def test_lead_to_topic_is_a_button_once(client, center, desk):
    lead = services.lead_create(by=desk, center=center, title="村道塌方", content="群众反映")
    login(client, desk, center)
    assert 'data-rongmei-transition="to_topic"' in buttons(client, "planning_leads", lead)
    url = reverse("planning_leads:transition", args=[lead.pk, "to_topic"])

    assert client.post(url).status_code == 302

    lead.refresh_from_db()
    assert lead.status == LeadStatus.TOPIC
    assert lead.topic.status == TopicStatus.PROPOSED
    assert 'data-rongmei-transition="to_topic"' not in buttons(client, "planning_leads", lead)
    client.post(url)
    assert Topic.objects.count() == 1


def test_lead_transition_is_refused_without_the_role(client, center, desk, make_user):
    lead = services.lead_create(by=desk, center=center, title="村道塌方", content="群众反映")
    # The director may change leads but does not sort them: no button, and a post fails.
    login(client, make_user(center, "director", username="dir-a"), center)
    assert 'data-rongmei-transition="to_topic"' not in buttons(client, "planning_leads", lead)

    client.post(reverse("planning_leads:transition", args=[lead.pk, "to_topic"]))

    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert not Topic.objects.exists()


# -- topics --------------------------------------------------------------------------


def test_topic_proposed_in_the_admin_waits_for_a_decision(client, center, reporter):
    login(client, reporter, center)
    data = {"title": "创卫一周", "summary": "走访", "want_text": "on", "status": "approved"}

    assert client.post(reverse("planning_topics:add"), data).status_code == 302

    topic = Topic.objects.get()
    assert (topic.status, topic.proposed_by) == (TopicStatus.PROPOSED, reporter)
    assert audited(topic, "create").exists()


def test_topic_edit_keeps_status_and_approve_is_a_button(client, center, desk, reporter):
    topic = services.topic_propose(by=reporter, center=center, title="创卫一周")
    login(client, desk, center)
    url = reverse("planning_topics:edit", args=[topic.pk])
    data = {"title": "创卫一周", "planned_date": "2021-07-01", "status": "refused"}

    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert (topic.planned_date, topic.status) == (dt.date(2021, 7, 1), TopicStatus.PROPOSED)
    assert audited(topic, "update").exists()

    assert 'data-rongmei-transition="approve"' in buttons(client, "planning_topics", topic)
    client.post(reverse("planning_topics:transition", args=[topic.pk, "approve"]))
    topic.refresh_from_db()
    assert (topic.status, topic.decided_by) == (TopicStatus.APPROVED, desk)
    assert 'data-rongmei-transition="approve"' not in buttons(client, "planning_topics", topic)


def test_topic_approve_is_refused_to_those_who_do_not_decide(client, center, reporter, make_user):
    topic = services.topic_propose(by=reporter, center=center, title="创卫一周")
    login(client, make_user(center, "director", username="dir-a"), center)

    client.post(reverse("planning_topics:transition", args=[topic.pk, "approve"]))

    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED
    assert not audited(topic, "transition").exists()


# -- assignments ---------------------------------------------------------------------


def _due():
    return (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")


def test_assignment_needs_an_approved_topic_and_a_planner(client, center, desk, reporter):
    pending = services.topic_propose(by=reporter, center=center, title="待批选题")
    login(client, desk, center)
    data = {"topic": pending.pk, "title": "采访", "due": _due(), "status": "completed"}

    assert client.post(reverse("planning_assignments:add"), data).status_code == 200
    assert not Assignment.objects.exists()

    topic = approved_topic(center, desk)
    assert (
        client.post(reverse("planning_assignments:add"), {**data, "topic": topic.pk}).status_code
        == 302
    )
    assignment = Assignment.objects.get()
    assert (assignment.status, assignment.created_by) == (AssignmentStatus.DRAFT, desk)
    assert audited(assignment, "create").exists()


def test_dispatch_button_needs_an_assignee(client, center, desk, reporter):
    assignment = services.assignment_create(
        by=desk, center=center, title="采访", due=timezone.now() + dt.timedelta(days=1)
    )
    login(client, desk, center)
    page = buttons(client, "planning_assignments", assignment)
    assert 'data-rongmei-transition="dispatch"' in page
    assert 'data-rongmei-transition="accept"' not in page
    url = reverse("planning_assignments:transition", args=[assignment.pk, "dispatch"])

    response = client.post(url, follow=True)
    assert "请先指定执行人" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DRAFT

    services.assignment_member_add(assignment=assignment, user=reporter, role="reporter", by=desk)
    client.post(url)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_assignee_transitions_are_the_assignees(client, center, desk, reporter, make_user):
    assignment = dispatched_assignment(center, desk, reporter)
    url = reverse("planning_assignments:transition", args=[assignment.pk, "accept"])

    login(client, make_user(center, "reporter", username="other-rep"), center)
    client.post(url)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED

    login(client, reporter, center)
    client.post(url)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    # Accepting twice: the button's rule refuses it before the service is called.
    client.post(url)
    assert audited(assignment, "transition").filter(verb="接受任务").count() == 1


def test_finished_assignment_is_not_edited(client, center, desk, reporter):
    assignment = dispatched_assignment(center, desk, reporter)
    for step in ("accept", "submit"):
        services.ASSIGNMENT_ACTIONS[step](assignment=assignment, by=reporter)
    login(client, desk, center)
    assert 'data-rongmei-transition="complete"' in buttons(
        client, "planning_assignments", assignment
    )
    client.post(reverse("planning_assignments:transition", args=[assignment.pk, "complete"]))
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED

    url = reverse("planning_assignments:edit", args=[assignment.pk])
    data = {"topic": assignment.topic_id, "title": "改过的任务", "due": _due()}
    response = client.post(url, data)

    assert "任务已结束，不能修改" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.title != "改过的任务"
    assert not audited(assignment, "update").exists()


# -- key dates -----------------------------------------------------------------------


def test_key_dates_through_the_services(client, center, desk, make_user):
    login(client, desk, center)
    data = {"date": "2021-07-01", "title": "建党百年", "note": ""}
    assert client.post(reverse("planning_key_dates:add"), data).status_code == 302
    key_date = KeyDate.objects.get()
    assert audited(key_date, "create").exists()

    url = reverse("planning_key_dates:edit", args=[key_date.pk])
    assert client.post(url, {**data, "note": "全天直播"}).status_code == 302
    key_date.refresh_from_db()
    assert key_date.note == "全天直播"
    assert audited(key_date, "update").exists()

    # The director may delete, but keeping the dates is the planners' (the service's rule).
    login(client, make_user(center, "director", username="dir-a"), center)
    response = client.post(url, {**data, "note": "改"})
    assert "只有部门主任或总编辑可以维护重要节点" in response.content.decode()
    key_date.refresh_from_db()
    assert key_date.note == "全天直播"
    assert client.post(reverse("planning_key_dates:delete", args=[key_date.pk])).status_code == 302
    assert not KeyDate.objects.exists()
    assert audited(key_date, "delete").exists()
