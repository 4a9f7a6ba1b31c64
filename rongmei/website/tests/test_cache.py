"""The page cache: a second request is served without the database; publishing, withdrawing
and correcting purge at once; one center's cached pages never show on another's site.
Page views: counted under the cache, not for crawlers, flushed once into the figures."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Site

from rongmei.newsroom import services as newsroom
from rongmei.newsroom.models import Correction
from rongmei.newsroom.tests.factories import newsroom_staff, story_for
from rongmei.website import cache as page_cache
from rongmei.website.models import HomePage
from rongmei.website.services import (
    article_publish,
    article_withdraw,
    site_home_ensure,
    site_views_flush,
)

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari/604.1"}


@pytest.fixture
def staff(center, make_user):
    site_home_ensure(center=center)
    return newsroom_staff(center, make_user)


def _published(center, staff, title, columns=()):
    """A story with a web version put online directly (the sign-off path is tested in
    test_site.py)."""
    story = story_for(center, staff["reporter"], title=title)
    if columns:
        story.columns.set(columns)
    version = newsroom.version_create(story=story, kind="web", by=staff["reporter"])
    page = article_publish(story=story, version=version, by=None)
    return story, version, page


def _get(client, url, **extra):
    return client.get(url, **{**BROWSER, **extra})


def test_second_request_is_served_from_the_cache_without_queries(
    client, center, staff, django_assert_num_queries
):
    column = newsroom.column_create(by=None, center=center, name="要闻")
    _story, _version, page = _published(center, staff, "全力推进创卫工作", columns=[column])
    urls = [
        "/",
        page.url,
        reverse("website_column", args=[column.pk]),
        reverse("website_column_rss", args=[column.pk]),
        reverse("website_column_json", args=[column.pk]),
    ]
    first = {url: _get(client, url) for url in urls}
    for url in urls:
        assert first[url].status_code == 200
        assert first[url]["X-Site-Cache"] == "miss"
        with django_assert_num_queries(0):
            again = _get(client, url)
        assert again["X-Site-Cache"] == "hit"
        assert again.content == first[url].content
        assert again["Content-Type"] == first[url]["Content-Type"]


def test_search_and_signed_in_staff_are_never_cached(client, center, staff):
    _published(center, staff, "全力推进创卫工作")
    assert "X-Site-Cache" not in _get(client, reverse("website_search"), data={"q": "创卫"})
    client.force_login(staff["editor"])
    response = _get(client, "/")
    assert response.status_code == 200
    assert "X-Site-Cache" not in response
    client.logout()
    assert _get(client, "/")["X-Site-Cache"] == "miss"


def test_publishing_purges_home_column_feeds_and_article(client, center, staff):
    column = newsroom.column_create(by=None, center=center, name="要闻")
    story, version, page = _published(center, staff, "第一条新闻", columns=[column])
    column_url = reverse("website_column", args=[column.pk])
    feed_url = reverse("website_column_json", args=[column.pk])
    for url in ("/", column_url, feed_url, page.url):
        _get(client, url)
        assert _get(client, url)["X-Site-Cache"] == "hit"

    _published(center, staff, "第二条新闻", columns=[column])
    for url in ("/", column_url, feed_url):
        response = _get(client, url)
        assert response["X-Site-Cache"] == "miss"
        assert "第二条新闻" in response.content.decode()

    version.title = "第一条新闻（修订）"
    version.save()
    article_publish(story=story, version=version, by=None)
    assert "第一条新闻（修订）" in _get(client, page.url).text


def test_withdrawal_purges_at_once(client, center, staff):
    story, _version, page = _published(center, staff, "有误的报道")
    url = page.url
    _get(client, url)
    _get(client, "/")
    assert _get(client, url)["X-Site-Cache"] == "hit"
    assert article_withdraw(story=story, by=None)
    assert _get(client, url).status_code == 404
    assert "有误的报道" not in _get(client, "/").text


def test_editing_a_page_in_wagtail_purges(client, center, staff):
    home = HomePage.objects.get(center=center)
    _get(client, "/")
    home.intro = "<p>新的简介文字</p>"
    home.save_revision().publish()
    response = _get(client, "/")
    assert response["X-Site-Cache"] == "miss"
    assert "新的简介文字" in response.text


def test_public_correction_shows_under_the_article_and_purges(client, center, staff):
    story, _version, page = _published(center, staff, "夏粮收购")
    assert "更正说明" not in _get(client, page.url).text
    assert _get(client, page.url)["X-Site-Cache"] == "hit"
    hidden = Correction.objects.create(
        center=center, story=story, reason="内部", note="仅内部记录", is_public=False
    )
    public = Correction.objects.create(
        center=center, story=story, reason="数据有误", note="第二段收购量应为 1.2 万吨。"
    )
    for correction in (hidden, public):
        for fn in hooks.get_hooks("rongmei_story_corrected"):
            fn(story=story, correction=correction, by=None)
    response = _get(client, page.url)
    assert response["X-Site-Cache"] == "miss"
    text = response.text
    assert "更正说明" in text
    assert "第二段收购量应为 1.2 万吨。" in text
    assert "仅内部记录" not in text
    local = timezone.localtime(public.created_at)
    assert f"{local.year}年{local.month}月{local.day}日" in text


def test_one_centers_cache_never_serves_another_site(
    client, center, other_center, staff, make_user
):
    other_staff = newsroom_staff(other_center, make_user)
    root = Page.get_first_root_node()
    theirs = root.add_child(
        instance=HomePage(title=other_center.name, slug="home-other", center=other_center)
    )
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=theirs, site_name="邻县")
    _ours_story, _v, ours_page = _published(center, staff, "示范县新闻")
    _theirs_story, _v, theirs_page = _published(other_center, other_staff, "邻县新闻")
    assert theirs_page.get_parent().pk == theirs.pk

    ours = _get(client, "/")
    assert "示范县新闻" in ours.text
    assert _get(client, "/")["X-Site-Cache"] == "hit"
    other = _get(client, "/", HTTP_HOST="127.0.0.1")
    assert other["X-Site-Cache"] == "miss"
    assert "邻县新闻" in other.text
    assert "示范县新闻" not in other.text
    # The same path on the other host is not our article.
    assert _get(client, ours_page.url, HTTP_HOST="127.0.0.1").status_code == 404

    # Publishing on one site leaves the other's cache alone.
    _published(other_center, other_staff, "邻县第二条")
    assert _get(client, "/")["X-Site-Cache"] == "hit"
    assert "邻县第二条" in _get(client, "/", HTTP_HOST="127.0.0.1").text


# -- page views ---------------------------------------------------------------------------


@pytest.fixture
def recorder():
    """What the site announces on `rongmei_site_views_counted` (distribution records it);
    `.accept` says whether a publication took the views."""

    class Recorder:
        accept = True
        calls: list[tuple[int, dt.date, int]] = []

        def __call__(self, *, story_id, center_id, day, views):
            self.calls.append((story_id, day, views))
            return self.accept

    rec = Recorder()
    rec.calls = []
    with hooks.register_temporarily("rongmei_site_views_counted", rec):
        yield rec


def test_views_are_counted_under_the_cache_and_not_for_bots(client, center, staff):
    story, _version, page = _published(center, staff, "全力推进创卫工作")
    for _ in range(3):
        assert _get(client, page.url).status_code == 200
    assert _get(client, page.url)["X-Site-Cache"] == "hit"
    _get(client, page.url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    client.get(page.url)  # no user agent: not a reader
    client.head(page.url, **BROWSER)
    _get(client, "/")  # the home page is not an article
    assert page_cache.view_counts([story.pk], timezone.localdate()) == {story.pk: 4}


def test_flush_hands_the_views_over_once(client, center, staff, recorder):
    story, _version, page = _published(center, staff, "全力推进创卫工作")
    for _ in range(5):
        _get(client, page.url)

    assert site_views_flush() == 5
    assert recorder.calls == [(story.pk, timezone.localdate(), 5)]

    # Running the flush again hands over nothing; new views only themselves.
    assert site_views_flush() == 0
    call_command("site_views_flush", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(recorder.calls) == 1
    _get(client, page.url)
    _get(client, page.url)
    assert site_views_flush() == 2
    assert recorder.calls[-1] == (story.pk, timezone.localdate(), 2)


def test_views_nobody_recorded_are_kept_for_the_next_flush(client, center, staff, recorder):
    """A story without a website publication yet: its views wait, none is lost."""
    story, _version, page = _published(center, staff, "夏粮收购")
    _get(client, page.url)
    recorder.accept = False
    assert site_views_flush() == 0
    _get(client, page.url)
    recorder.accept = True
    assert site_views_flush() == 2
    assert recorder.calls[-1] == (story.pk, timezone.localdate(), 2)


def test_yesterdays_late_views_are_flushed_on_their_day(client, center, staff, recorder):
    story, _version, page = _published(center, staff, "全力推进创卫工作")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    from django.core.cache import cache

    cache.set(page_cache.view_key(story.pk, yesterday), 3)
    _get(client, page.url)
    assert site_views_flush() == 4
    assert sorted(recorder.calls) == [
        (story.pk, yesterday, 3),
        (story.pk, timezone.localdate(), 1),
    ]


def test_column_json_feed(client, center, other_center, staff):
    column = newsroom.column_create(by=None, center=center, name="健康之窗")
    _published(center, staff, "义诊进社区", columns=[column])
    _published(center, staff, "其他新闻")
    response = _get(client, reverse("website_column_json", args=[column.pk]))
    assert response["Content-Type"].startswith("application/feed+json")
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"].endswith("健康之窗")
    assert [item["title"] for item in feed["items"]] == ["义诊进社区"]
    item = feed["items"][0]
    assert item["url"].startswith("http://testserver/")
    assert "<p>" in item["content_html"]
    listing = _get(client, reverse("website_column", args=[column.pk])).text
    assert reverse("website_column_json", args=[column.pk]) in listing
    theirs = newsroom.column_create(by=None, center=other_center, name="邻县栏目")
    assert _get(client, reverse("website_column_json", args=[theirs.pk])).status_code == 404
