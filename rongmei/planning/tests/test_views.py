"""Planning admin: tenancy of every model, the action buttons, the calendar, query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.planning import services
from rongmei.planning.choices import TopicStatus

from .factories import approved_topic, dispatched_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(center, make_user):
    return make_user(center, "desk_head", username="desk")


@pytest.fixture
def records(center, other_center, desk, make_user):
    """One lead, topic, assignment and key date in each center."""
    out = {}
    for c, planner, tag in (
        (center, desk, "本县"),
        (other_center, make_user(other_center, "desk_head", username="desk2"), "邻县"),
    ):
        rep = make_user(c, "reporter", username=f"rep-{c.code}")
        out[tag] = {
            "planning_leads": services.lead_create(
                by=rep, center=c, title=f"{tag}线索", content="内容内容"
            ),
            "planning_topics": approved_topic(c, planner, title=f"{tag}选题"),
            "planning_assignments": dispatched_assignment(c, planner, rep, title=f"{tag}任务"),
            "planning_key_dates": services.key_date_create(
                by=planner, center=c, date=dt.date(2021, 7, 1), title=f"{tag}节点"
            ),
        }
    return out


@pytest.mark.parametrize(
    "ns", ["planning_leads", "planning_topics", "planning_assignments", "planning_key_dates"]
)
def test_other_centers_records_are_invisible(client, desk, records, ns):
    client.force_login(desk)
    listing = client.get(reverse(f"{ns}:index"))
    assert listing.status_code == 200
    theirs = records["邻县"][ns]
    assert str(records["本县"][ns]).split()[-1] in listing.text
    assert str(theirs).split()[-1] not in listing.text
    for view in ("edit", "delete"):
        assert client.get(reverse(f"{ns}:{view}", args=[theirs.pk])).status_code == 404
    export = client.get(reverse(f"{ns}:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "邻县" not in body


@pytest.mark.parametrize("kind", ["lead", "topic", "assignment"])
def test_acting_on_other_centers_record_is_not_found(client, desk, records, kind):
    client.force_login(desk)
    theirs = records["邻县"][f"planning_{kind}s"]
    url = reverse("planning_act", args=[kind, theirs.pk, "cancel"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(reverse(f"planning_{kind}s:inspect", args=[theirs.pk])).status_code == 404


def test_desk_head_approves_a_topic_through_the_button(client, center, desk, make_user):
    rep = make_user(center, "reporter", username="rep")
    topic = services.topic_propose(by=rep, center=center, title="夏粮收购")
    client.force_login(desk)
    page = client.get(reverse("planning_topics:inspect", args=[topic.pk]))
    assert "批准" in page.text
    response = client.post(
        reverse("planning_act", args=["topic", topic.pk, "approve"]), {"approve-opinion": "可以"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.status, topic.opinion) == (TopicStatus.APPROVED, "可以")


@pytest.mark.parametrize("listing", ["planning_assignments:index", "planning_topics:index"])
def test_listing_query_count_does_not_grow(client, center, desk, make_user, listing):
    rep = make_user(center, "reporter", username="rep")
    for i in range(3):
        dispatched_assignment(center, desk, rep, title=f"任务{i}")
    client.force_login(desk)

    def more_rows():
        for i in range(3, 15):
            dispatched_assignment(center, desk, rep, title=f"任务{i}")

    response = assert_queries_do_not_grow(lambda: client.get(reverse(listing)), more_rows)
    assert response.status_code == 200


def test_calendar_renders_week_and_month(client, center, desk, make_user):
    rep = make_user(center, "reporter", username="rep")
    a = dispatched_assignment(center, desk, rep, due=timezone.now() + dt.timedelta(hours=2))
    client.force_login(desk)
    for mode in ("week", "month"):
        page = client.get(reverse("planning_calendar") + f"?view={mode}")
        assert page.status_code == 200
        assert a.title in page.text


def test_dashboard_shows_planning_todos(client, center, desk, make_user):
    rep = make_user(center, "reporter", username="rep")
    services.topic_propose(by=rep, center=center, title="待审")
    client.force_login(desk)
    assert "待审批选题" in client.get(reverse("wagtailadmin_home")).text
    dispatched_assignment(center, desk, rep)
    client.force_login(rep)
    assert "我的任务" in client.get(reverse("wagtailadmin_home")).text
