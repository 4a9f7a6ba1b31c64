"""One path to the own site: signing off a story puts its web version online through the
website channel's publish job, which writes the version's one publication; the worker,
the sweep, a second sign-off hook and the page-view flush add no other.

Distribution may not import `website`: the page is read over HTTP, the flush is run by
its command."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from rongmei.distribution import publishing
from rongmei.distribution.models import Channel, FigureSource, JobState, Publication, PublishJob
from rongmei.distribution.services import channel_create
from rongmei.newsroom import services as newsroom
from rongmei.newsroom.choices import VersionStatus
from rongmei.newsroom.tests.factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari/604.1"}
TITLE = "全县秋粮收购工作全面启动"


def _sign_off(story, staff):
    newsroom.story_submit(story=story, by=staff["reporter"])
    for who in ("editor", "desk_head", "chief_editor"):
        story = newsroom.review_decide(story=story, by=staff[who], action="approve", opinion="同意")
    return story


def _quiet(command):
    call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_sign_off_publishes_the_web_version_once_through_its_job(
    client, center, make_user, django_capture_on_commit_callbacks
):
    staff = newsroom_staff(center, make_user)
    story = story_for(center, staff["reporter"], title=TITLE)
    newsroom.version_create(story=story, kind="web", by=staff["editor"])

    # The worker path: whatever sign-off hands to the task backend runs too.
    with django_capture_on_commit_callbacks(execute=True):
        story = _sign_off(story, staff)

    (job,) = PublishJob.objects.filter(version__story=story)
    assert job.state == JobState.PUBLISHED
    assert job.channel.platform == "website"
    (publication,) = Publication.objects.filter(version__story=story)
    assert publication.jobs.get() == job
    assert publication.url == job.url
    assert publication.title == TITLE
    web = story.versions.get(kind="web")
    assert web.status == VersionStatus.PUBLISHED
    assert web.published_at is not None
    # The center had no website channel: sign-off made one.
    assert Channel.objects.filter(center=center, platform="website").count() == 1

    page = client.get(urlsplit(job.url).path, **BROWSER)
    assert page.status_code == 200
    assert TITLE in page.text

    # The sweep, the worker, the sign-off hook again and the view flush: still one.
    with django_capture_on_commit_callbacks(execute=True):
        _quiet("publish_jobs")
        publishing.job_run(job_id=job.pk)
        assert publishing.jobs_create_for_story(story=story, by=None) == []
    _quiet("site_views_flush")
    (again,) = Publication.objects.filter(version__story=story)
    assert again.pk == publication.pk
    figure = again.figures.get()
    assert (figure.date, figure.views, figure.source) == (
        timezone.localdate(),
        1,
        FigureSource.SITE,
    )


def test_the_app_shows_the_site_article_on_its_own_publication(
    center, make_user, django_capture_on_commit_callbacks
):
    staff = newsroom_staff(center, make_user)
    site = channel_create(by=None, center=center, name="示范县融媒网", platform="website")
    app = channel_create(by=None, center=center, name="示范县客户端", platform="app")
    story = story_for(center, staff["reporter"], title=TITLE)

    with django_capture_on_commit_callbacks(execute=True):
        story = _sign_off(story, staff)

    jobs = {j.channel_id: j for j in PublishJob.objects.filter(version__story=story)}
    assert {j.state for j in jobs.values()} == {JobState.PUBLISHED}
    assert jobs[app.pk].url == jobs[site.pk].url
    publications = Publication.objects.filter(version__story=story)
    assert sorted(publications.values_list("channel_id", flat=True)) == sorted([site.pk, app.pk])
    assert Channel.objects.filter(center=center, platform="website").count() == 1


def test_a_deactivated_website_channel_is_not_replaced(center, make_user):
    staff = newsroom_staff(center, make_user)
    channel_create(by=None, center=center, name="旧网站", platform="website", is_active=False)

    story = _sign_off(story_for(center, staff["reporter"], title=TITLE), staff)

    assert not PublishJob.objects.filter(version__story=story).exists()
    assert not Publication.objects.filter(version__story=story).exists()
    assert Channel.objects.filter(center=center, platform="website").count() == 1
