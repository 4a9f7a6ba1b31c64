"""Story admin: tenancy by URL and listing, the desk's review buttons, the review sheet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rongmei.newsroom import services
from rongmei.newsroom.choices import Stage, VersionKind

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def theirs(other_center, make_user):
    rep = make_user(other_center, "reporter", username="their-rep")
    story = story_for(other_center, rep, title="邻县稿件")
    services.version_create(story=story, kind=VersionKind.WECHAT, by=rep)
    return story


def test_story_listing_shows_only_own_center(client, center, staff, theirs):
    story_for(center, staff["reporter"], title="本县稿件")
    client.force_login(staff["editor"])
    page = client.get(reverse("wagtailsnippets_newsroom_story:list"))
    assert page.status_code == 200
    assert "本县稿件" in page.text
    assert "邻县稿件" not in page.text


@pytest.mark.parametrize(
    "url",
    [
        "wagtailsnippets_newsroom_story:edit",
        "wagtailsnippets_newsroom_story:history",
        "wagtailsnippets_newsroom_story:delete",
        "wagtailsnippets_newsroom_story:workflow_history",
        "newsroom_story_desk",
        "newsroom_story_sheet",
    ],
)
def test_other_centers_story_is_not_found(client, staff, theirs, url):
    client.force_login(staff["editor"])
    assert client.get(reverse(url, args=[theirs.pk])).status_code == 404


def test_other_centers_version_and_actions_are_not_found(client, staff, theirs):
    client.force_login(staff["chief_editor"])
    version = theirs.versions.get()
    assert client.get(reverse("newsroom_version_edit", args=[version.pk])).status_code == 404
    response = client.post(reverse("newsroom_story_act", args=[theirs.pk, "submit"]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.stage == Stage.DRAFT


def test_review_through_the_desk_and_the_sheet_shows_every_opinion(client, center, staff):
    story = story_for(center, staff["reporter"])
    client.force_login(staff["reporter"])
    client.post(reverse("newsroom_story_act", args=[story.pk, "submit"]))
    opinions = {"editor": "初审意见甲", "desk_head": "复审意见乙", "chief_editor": "终审意见丙"}
    for role, opinion in opinions.items():
        client.force_login(staff[role])
        desk = client.get(reverse("newsroom_story_desk", args=[story.pk]))
        assert "审核意见" in desk.text
        client.post(reverse("newsroom_story_act", args=[story.pk, "approve"]), {"comment": opinion})
    story.refresh_from_db()
    assert story.stage == Stage.PUBLISHED
    sheet = client.get(reverse("newsroom_story_sheet", args=[story.pk]))
    for opinion in opinions.values():
        assert opinion in sheet.text
    assert "签发人" in sheet.text


def test_story_listing_query_count(client, center, staff, django_assert_num_queries):
    url = reverse("wagtailsnippets_newsroom_story:list")
    for i in range(2):
        story_for(center, staff["reporter"], title=f"稿件{i}")
    client.force_login(staff["editor"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two.captured_queries) <= 45
    for i in range(2, 12):
        story_for(center, staff["reporter"], title=f"稿件{i}")
    with django_assert_num_queries(len(two.captured_queries)):  # twelve stories: no more
        assert client.get(url).status_code == 200
