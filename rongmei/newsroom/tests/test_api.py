"""`/api/v1/stories/`: a center's stories filtered and paged, one story in full, and a new
channel version; another center's stories are not found."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rongmei.newsroom import services
from rongmei.newsroom.models import ChannelVersion, Story

from .factories import ColumnFactory, newsroom_staff, signed_off_story, story_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/stories/"


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


def test_list_needs_a_signed_in_user(client):
    assert client.get(URL).status_code == 401


def test_list_filters_by_stage_column_and_date(client, center, staff):
    column = ColumnFactory(center=center, name="民生")
    services.story_create(by=staff["reporter"], center=center, title="草稿稿件", columns=[column])
    published = signed_off_story(center, staff, title="签发稿件")
    old = story_for(center, staff["reporter"], title="去年的稿件")
    Story.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    client.force_login(staff["editor"])

    body = client.get(URL).json()
    assert body["count"] == 3
    assert [s["title"] for s in body["items"]] == ["签发稿件", "草稿稿件", "去年的稿件"]
    assert body["items"][0]["stage_label"] == "已签发"

    def titles(query):
        response = client.get(URL + query)
        assert response.status_code == 200, response.content
        return {s["title"] for s in response.json()["items"]}

    assert titles("?stage=published") == {"签发稿件"}
    assert titles(f"?column={column.pk}") == {"草稿稿件"}
    today = timezone.localdate()
    assert titles(f"?start={today - dt.timedelta(days=30)}") == {"签发稿件", "草稿稿件"}
    assert titles(f"?end={today - dt.timedelta(days=30)}") == {"去年的稿件"}
    assert titles(f"?date_by=published&start={today}&end={today}") == {"签发稿件"}
    assert published.pk in {s["id"] for s in client.get(URL + "?center=632224").json()["items"]}
    assert client.get(URL + "?stage=nonsense").status_code == 400
    assert client.get(URL + "?page_size=500").status_code == 400


def test_list_pages(client, center, staff):
    for i in range(5):
        story_for(center, staff["reporter"], title=f"稿件{i}")
    client.force_login(staff["editor"])
    first = client.get(URL + "?page_size=2").json()
    third = client.get(URL + "?page_size=2&page=3").json()
    assert (first["count"], len(first["items"]), len(third["items"])) == (5, 2, 1)
    assert [s["title"] for s in first["items"]] == ["稿件4", "稿件3"]


def test_list_query_count_does_not_grow(client, center, staff, django_assert_num_queries):
    column = ColumnFactory(center=center, name="民生")

    def stories(n):
        for i in range(n):
            services.story_create(
                by=staff["reporter"], center=center, title=f"稿件{i}", columns=[column]
            )

    stories(2)
    client.force_login(staff["editor"])
    client.get(URL)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(URL).json()["items"]) == 2
    assert len(two.captured_queries) <= 10
    stories(13)
    with django_assert_num_queries(len(two.captured_queries)):
        body = client.get(URL).json()
    assert len(body["items"]) == 15
    assert body["items"][0]["columns"] == [{"id": column.pk, "name": "民生"}]


def test_list_of_another_center_is_not_found(client, other_center, make_user, staff):
    theirs = make_user(other_center, "reporter", username="their-rep")
    story_for(other_center, theirs, title="邻县稿件")
    client.force_login(staff["editor"])
    assert client.get(URL + "?center=632225").status_code == 404
    assert client.get(URL + "?center=nope").status_code == 404
    assert "邻县稿件" not in client.get(URL).text


def test_detail_has_versions_review_records_and_corrections(client, center, staff):
    story = signed_off_story(center, staff)
    services.story_correct(story=story, by=staff["chief_editor"], reason="错字", note="已更正")
    client.force_login(staff["reporter"])
    body = client.get(f"{URL}{story.pk}/").json()
    assert body["title"] == story.title
    assert body["center"] == "632224"
    assert [v["kind"] for v in body["versions"]] == ["web"]
    actions = [r["action"] for r in body["review_records"]]
    assert actions == ["submit", "precheck_pass", "approve", "approve", "approve"]
    assert body["review_records"][-1]["by"] == str(staff["chief_editor"])
    assert body["corrections"][0]["reason"] == "错字"


def test_detail_and_versions_of_another_center_are_not_found(
    client, other_center, make_user, staff
):
    theirs = make_user(other_center, "reporter", username="their-rep")
    story = story_for(other_center, theirs, title="邻县稿件")
    client.force_login(staff["editor"])
    assert client.get(f"{URL}{story.pk}/").status_code == 404
    response = client.post(
        f"{URL}{story.pk}/versions/", {"kind": "wechat"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not ChannelVersion.objects.exists()


def test_post_version(client, center, staff, make_user):
    story = story_for(center, staff["reporter"])
    client.force_login(staff["editor"])
    url = f"{URL}{story.pk}/versions/"
    response = client.post(url, {"kind": "wechat"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["title"] == story.title
    again = client.post(url, {"kind": "wechat"}, content_type="application/json")
    assert again.status_code == 400
    bad = client.post(url, {"kind": "fax"}, content_type="application/json")
    assert bad.status_code == 400
    client.force_login(make_user(center, "engineer", username="engineer-a"))
    refused = client.post(url, {"kind": "tv"}, content_type="application/json")
    assert refused.status_code == 403
    assert list(story.versions.values_list("kind", flat=True)) == ["wechat"]
