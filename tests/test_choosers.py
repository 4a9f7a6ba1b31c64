"""Choosers hand out nothing of another center: not by id, not in lists, not pages."""

import pytest
from django.urls import reverse

from rongmei.accounts.services import membership_add
from rongmei.core.tests.helpers import work_in
from rongmei.newsroom.tests.factories import story_for
from rongmei.website.services import site_home_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(center, other_center, make_user):
    mine = story_for(center, make_user(center, "reporter"), title="本县稿件标题")
    theirs = story_for(other_center, make_user(other_center, "reporter"), title="邻县草稿机密")
    return mine, theirs


def test_chosen_by_id_of_another_centers_story_is_not_found(client, center, stories, make_user):
    mine, theirs = stories
    work_in(client, make_user(center, "editor"), center)
    base = "/admin/snippets/choose/newsroom/story/"
    assert client.get(f"{base}chosen/{theirs.pk}/").status_code == 404
    ok = client.get(f"{base}chosen/{mine.pk}/")
    assert ok.status_code == 200
    assert ok.json()["result"]["string"] == "本县稿件标题"
    many = client.get(f"{base}chosen-multiple/?id={mine.pk}&id={theirs.pk}").json()
    assert [r["string"] for r in many["result"]] == ["本县稿件标题"]
    listing = client.get(base).content.decode()
    assert "邻县草稿机密" not in listing


def test_city_viewer_gets_no_story_from_a_chooser(client, center, stories, make_user):
    from rongmei.core.tests.factories import CenterFactory

    city = CenterFactory(code="632200", name="市级平台", level="city")
    viewer = make_user(city, "city_viewer")
    membership_add(center=center, user=viewer, roles=["city_viewer"])
    client.force_login(viewer)
    mine, theirs = stories
    base = "/admin/snippets/choose/newsroom/story/"
    for pk in (mine.pk, theirs.pk):
        assert client.get(f"{base}chosen/{pk}/").status_code in (302, 403, 404)


def test_stories_are_not_created_from_a_chooser(client, center, make_user):
    from rongmei.newsroom.models import Story

    work_in(client, make_user(center, "reporter"), center)
    response = client.post("/admin/snippets/choose/newsroom/story/create/", {"title": "绕过"})
    assert response.status_code in (302, 403)
    assert not Story.objects.exists()


def test_page_chooser_lists_only_the_current_centers_site(client, center, other_center, make_user):
    site_home_ensure(center=center)
    theirs = site_home_ensure(center=other_center)
    work_in(client, make_user(center, "editor"), center)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[theirs.get_parent().pk]))
    body = response.content.decode()
    assert center.name in body or response.status_code == 200
    assert other_center.name not in body
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": other_center.name[:2]})
    assert other_center.name not in search.content.decode()
