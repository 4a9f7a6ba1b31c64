"""The public site: sign-off publishes the article (idempotently), listings, RSS, Chinese search,
withdrawal, and query counts."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.newsroom import services as newsroom
from rongmei.newsroom.services import campaign_create, column_create
from rongmei.newsroom.tests.factories import newsroom_staff
from rongmei.website.models import ArticlePage
from rongmei.website.selectors import token_field
from rongmei.website.services import article_publish, site_home_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    site_home_ensure(center=center)
    return newsroom_staff(center, make_user)


def _signed_off(center, staff, title, body="<p>正文。</p>", columns=(), campaigns=()):
    story = newsroom.story_create(
        by=staff["reporter"],
        center=center,
        title=title,
        body=body,
        columns=list(columns),
        campaigns=list(campaigns),
    )
    newsroom.story_submit(story=story, by=staff["reporter"])
    for role in ("editor", "desk_head", "chief_editor"):
        story = newsroom.review_decide(
            story=story, by=staff[role], action="approve", opinion="同意"
        )
    return story


def test_sign_off_publishes_the_website_version(client, center, staff):
    story = _signed_off(center, staff, "全力推进创卫工作")
    page = ArticlePage.objects.get(story_id=story.pk)
    assert page.live
    response = client.get(page.url)
    assert response.status_code == 200
    assert "全力推进创卫工作" in response.text
    assert "全力推进创卫工作" in client.get("/").text


def test_publishing_twice_keeps_one_article(center, staff):
    story = _signed_off(center, staff, "夏粮收购")
    web = story.versions.get(kind="web")
    article_publish(story=story, version=web, by=None)
    article_publish(story=story, version=web, by=None)
    assert ArticlePage.objects.filter(story_id=story.pk).count() == 1


def test_chinese_search_matches_words_not_characters(client, center, staff):
    _signed_off(center, staff, "全力推进创卫工作")
    _signed_off(center, staff, "我县学子参观首创卫星展")
    response = client.get(reverse("website_search"), {"q": "创卫"})
    assert "全力推进创卫工作" in response.text
    assert "首创卫星" not in response.text
    assert " 创卫 " in token_field("全力推进创卫工作")
    assert " 创卫 " not in token_field("首创卫星")


def test_column_and_campaign_pages_and_rss(client, center, staff):
    column = column_create(by=None, center=center, name="健康之窗")
    campaign = campaign_create(by=None, center=center, name="爱卫创卫")
    _signed_off(center, staff, "义诊进社区", columns=[column], campaigns=[campaign])
    _signed_off(center, staff, "其他新闻")
    page = client.get(reverse("website_column", args=[column.pk]))
    assert "义诊进社区" in page.text
    assert "其他新闻" not in page.text
    assert "义诊进社区" in client.get(reverse("website_campaign", args=[campaign.pk])).text
    rss = client.get(reverse("website_column_rss", args=[column.pk]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "义诊进社区" in rss.content.decode()


def test_other_centers_column_is_not_found(client, center, other_center, staff):
    theirs = column_create(by=None, center=other_center, name="邻县栏目")
    assert client.get(reverse("website_column", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("website_column_rss", args=[theirs.pk])).status_code == 404


def test_withdrawn_story_leaves_the_site(client, center, staff):
    story = _signed_off(center, staff, "有误的报道")
    url = ArticlePage.objects.get(story_id=story.pk).url
    newsroom.story_withdraw(story=story, by=staff["chief_editor"], reason="数据有误")
    assert client.get(url).status_code == 404
    assert "有误的报道" not in client.get("/").text


@pytest.mark.parametrize("page", ["home", "column"])
def test_home_and_listing_query_counts_stay_flat(client, center, staff, page):
    column = column_create(by=None, center=center, name="要闻")
    for i in range(2):
        _signed_off(center, staff, f"新闻{i}", columns=[column])
    url = "/" if page == "home" else reverse("website_column", args=[column.pk])

    def uncached():
        cache.clear()  # the page as rendered, not the page cache's copy
        return client.get(url)

    def more_rows():
        for i in range(2, 7):
            _signed_off(center, staff, f"新闻{i}", columns=[column])

    response = assert_queries_do_not_grow(uncached, more_rows)
    assert response.status_code == 200
    assert "新闻6" in response.text
