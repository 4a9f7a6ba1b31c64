"""Publish jobs end to end: a story with web, WeChat, Douyin and TV versions passes review;
the article is on the site, the WeChat job publishes through the (local) WeChat API, the
TV job is confirmed by putting the version into an episode's rundown, and the operator
confirms the Douyin video by hand on the board in a real browser. Also: the demo's year
of publish jobs."""

import datetime as dt
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.tests.factories import CenterFactory
from rongmei.demo.distribution_year import build_jobs
from rongmei.distribution import credentials
from rongmei.distribution.models import JobState, Platform, Publication, PublishJob
from rongmei.distribution.services import channel_create
from rongmei.distribution.tests.wechat_server import WeChatServer
from rongmei.newsroom import services as newsroom
from rongmei.newsroom.choices import VersionKind
from rongmei.programmes.services import episode_record, programme_create, rundown_item_add
from rongmei.website.services import site_home_ensure

PASSWORD = "pass-1234"
TITLE = "我县秋粮收购工作全面启动"
VIDEO = "https://www.douyin.com/video/7300000000000000001"
SHOTS = os.environ.get("RONGMEI_SHOTS")  # a folder: save screenshots of the pages there


def _login(browser, base, username, width=1280):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 900}, is_mobile=width < 500
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def wechat():
    server = WeChatServer().start()
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signed_off_story_goes_out_on_every_channel(site, browser, wechat, settings):
    settings.RONGMEI_WECHAT_POLL_INTERVAL = 0
    center = CenterFactory(code="632224", name="示范县融媒体中心")
    site_home_ensure(center=center)
    staff = {
        role: make_staff(center, role, username=f"{role}-a")
        for role in ("reporter", "editor", "desk_head", "chief_editor", "channel_operator")
    }
    channels = {
        platform: channel_create(by=None, center=center, name=name, platform=platform)
        for platform, name in [
            (Platform.WEBSITE, "示范县融媒网"),
            (Platform.WECHAT, "示范县发布"),
            (Platform.DOUYIN, "示范县融媒抖音"),
            (Platform.TV, "示范县电视台"),
        ]
    }
    channels[Platform.WECHAT].api_base = wechat.url
    channels[Platform.WECHAT].save(update_fields=["api_base"])
    credentials.credentials_set(
        channel=channels[Platform.WECHAT],
        data={"appid": wechat.state.appid, "secret": wechat.state.secret},
        by=staff["channel_operator"],
    )

    story = newsroom.story_create(
        by=staff["reporter"],
        center=center,
        title=TITLE,
        body="<p>记者从县发改局获悉，今年秋粮收购工作全面启动。</p>",
    )
    for kind in (VersionKind.WECHAT, VersionKind.SHORT_VIDEO, VersionKind.TV):
        newsroom.version_create(story=story, kind=kind, by=staff["editor"])
    newsroom.story_submit(story=story, by=staff["reporter"])
    for role in ("editor", "desk_head", "chief_editor"):
        newsroom.review_decide(story=story, by=staff[role], action="approve", opinion="同意")

    jobs = {j.channel.platform: j for j in PublishJob.objects.select_related("channel")}
    assert set(jobs) == {"website", "wechat", "douyin", "tv"}
    # The website and WeChat jobs ran at once after sign-off committed.
    assert jobs["website"].state == JobState.PUBLISHED
    assert jobs["wechat"].state == JobState.PUBLISHED
    assert wechat.state.publishes_with(jobs["wechat"].idempotency_key) == 1
    assert jobs["wechat"].url
    assert jobs["douyin"].state == JobState.MANUAL
    assert jobs["tv"].state == JobState.MANUAL

    # The article is on the public site.
    base = site.url
    reader = browser.new_context(locale="zh-CN").new_page()
    reader.goto(base + urlsplit(jobs["website"].url).path)
    reader.get_by_role("heading", name=TITLE).first.wait_for()
    reader.context.close()

    # Putting the TV version into tonight's news confirms the TV job.
    programme = programme_create(
        by=None, center=center, name="示范新闻", channel=channels[Platform.TV]
    )
    episode = episode_record(
        by=None, center=center, programme=programme, date=timezone.localdate(), items=0
    )
    rundown_item_add(episode=episode, by=staff["chief_editor"], version=jobs["tv"].version)
    assert PublishJob.objects.get(pk=jobs["tv"].pk).state == JobState.PUBLISHED

    # The operator confirms the Douyin video by hand on the board.
    page = _login(browser, base, "channel_operator-a")
    page.goto(f"{base}/admin/distribution/jobs/")
    card = page.locator(f'[data-job="{jobs["douyin"].pk}"]')
    card.get_by_text("待人工发布").wait_for()
    _shot(page, "board-1280")
    card.get_by_role("link", name="登记人工发布").click()
    page.fill("#id_url", "douyin.com/video/1")
    page.get_by_role("button", name="确认登记").click()
    page.get_by_text("发布链接格式不正确").wait_for()
    _shot(page, "job-1280")
    assert PublishJob.objects.get(pk=jobs["douyin"].pk).state == JobState.MANUAL
    when = timezone.localtime() - dt.timedelta(hours=1)
    page.fill("#id_url", VIDEO)
    page.fill("#id_published_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="确认登记").click()
    page.get_by_text("已登记人工发布").wait_for()
    page.locator(f'[data-job="{jobs["douyin"].pk}"][data-state="published"]').wait_for()

    douyin = PublishJob.objects.get(pk=jobs["douyin"].pk)
    assert douyin.state == JobState.PUBLISHED
    assert douyin.url == VIDEO
    assert douyin.confirmed_by == staff["channel_operator"]
    publications = dict(
        Publication.objects.filter(version__story=story).values_list("channel__platform", "url")
    )
    assert publications["douyin"] == VIDEO
    assert set(publications) == {"website", "wechat", "douyin", "tv"}

    if SHOTS:
        phone = _login(browser, base, "channel_operator-a", width=390)
        phone.goto(f"{base}/admin/distribution/jobs/")
        _shot(phone, "board-390")
        phone.goto(f"{base}/admin/distribution/jobs/{douyin.pk}/")
        _shot(phone, "job-390")
        cred = f"{base}/admin/distribution/channels/{channels[Platform.WECHAT].pk}/credentials/"
        phone.goto(cred)
        _shot(phone, "credentials-390")
        page.goto(cred)
        _shot(page, "credentials-1280")


@pytest.mark.django_db
def test_demo_year_of_jobs_is_mostly_published_with_a_few_for_the_operator(center):
    people = {
        role: make_staff(center, role, username=name)
        for role, name in [
            ("reporter", "reporter"),
            ("editor", "editor"),
            ("desk_head", "deskhead"),
            ("chief_editor", "chief"),
            ("channel_operator", "operator"),
        ]
    }
    for platform, name in [
        (Platform.WEBSITE, "示范县融媒网"),
        (Platform.APP, "示范县融媒客户端"),
        (Platform.WECHAT, "示范县融媒微信公众号"),
    ]:
        channel_create(by=None, center=center, name=name, platform=platform)
    site_home_ensure(center=center)
    for n in range(8):
        story = newsroom.story_create(
            by=people["reporter"], center=center, title=f"示范稿件{n}", body="<p>正文。</p>"
        )
        newsroom.version_create(story=story, kind=VersionKind.WECHAT, by=people["editor"])
        newsroom.story_submit(story=story, by=people["reporter"])
        for role in ("editor", "desk_head", "chief_editor"):
            newsroom.review_decide(story=story, by=people[role], action="approve", opinion="同意")

    counts = build_jobs(center=center, year=2021, rng=random.Random(1), scale=1, progress=print)

    # The website's jobs are made and run at sign-off (the one publishing path); the demo
    # builds the other channels' history.
    site_jobs = PublishJob.objects.filter(channel__platform=Platform.WEBSITE)
    assert list(site_jobs.values_list("state", flat=True)) == [JobState.PUBLISHED] * 8
    states = list(
        PublishJob.objects.exclude(channel__platform=Platform.WEBSITE).values_list(
            "state", flat=True
        )
    )
    assert counts["distribution_jobs"] == len(states) == 8 * 2  # stories × other channels
    assert states.count(JobState.PUBLISHED) == (
        counts["distribution_jobs_published"] + counts["distribution_jobs_confirmed"]
    )
    assert states.count(JobState.MANUAL) == counts["distribution_jobs_waiting"] > 0
    assert states.count(JobState.FAILED) == counts["distribution_jobs_failed"] > 0
    assert states.count(JobState.RETRYING) == counts["distribution_jobs_retrying"] > 0
    # Signed off today, the site's articles are dated today; the demo dates the rest.
    dates = (
        Publication.objects.filter(version__isnull=False)
        .exclude(channel__platform=Platform.WEBSITE)
        .values_list("date", flat=True)
    )
    assert {d.year for d in dates} == {2021}
    assert Publication.objects.filter(channel__platform="website").exclude(url="").exists()
    again = build_jobs(center=center, year=2021, rng=random.Random(1), scale=1, progress=print)
    assert not any(again.values())
