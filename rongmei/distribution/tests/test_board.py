"""The operator's board of publish jobs: scoped to the center, bounded in queries, and the
retry / cancel / confirm-by-hand actions with their refusals."""

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.distribution import publishing
from rongmei.distribution.models import JobState, Platform, Publication, PublishJob
from rongmei.distribution.services import channel_create
from rongmei.newsroom import services as newsroom
from rongmei.newsroom.choices import VersionKind, VersionStatus
from rongmei.newsroom.tests.factories import story_for

pytestmark = pytest.mark.django_db


def _jobs(center, reporter, editor, n, title="短视频稿件"):
    """`n` stories with a short-video version: manual jobs on the center's Douyin channel."""
    for i in range(n):
        story = story_for(center, reporter, title=f"{title}{i}")
        newsroom.version_create(story=story, kind=VersionKind.SHORT_VIDEO, by=editor)
        story.versions.update(status=VersionStatus.READY)
        publishing.jobs_create_for_story(story=story, by=None)
    return list(PublishJob.objects.filter(center=center).order_by("pk"))


@pytest.fixture
def setup(center, other_center, make_user):
    people = {
        "reporter": make_user(center, "reporter", username="rep-a"),
        "editor": make_user(center, "editor", username="ed-a"),
        "operator": make_user(center, "channel_operator", username="op-a"),
    }
    channel_create(by=None, center=center, name="示范县抖音号", platform=Platform.DOUYIN)
    channel_create(by=None, center=other_center, name="邻县抖音号", platform=Platform.DOUYIN)
    foreign_staff = (
        make_user(other_center, "reporter", username="rep-b"),
        make_user(other_center, "editor", username="ed-b"),
    )
    foreign = _jobs(other_center, *foreign_staff, 1, title="邻县稿件")[0]
    return people, foreign


@pytest.fixture
def operator_client(client, setup):
    client.force_login(setup[0]["operator"])
    return client


def test_board_shows_own_jobs_in_a_fixed_number_of_queries(operator_client, setup, center):
    people, _foreign = setup
    _jobs(center, people["reporter"], people["editor"], 2)
    url = reverse("distribution_jobs")
    first = operator_client.get(url)
    second = assert_queries_do_not_grow(
        lambda: operator_client.get(url),
        lambda: _jobs(center, people["reporter"], people["editor"], 8, title="更多稿件"),
    )
    html = second.content.decode()
    assert first.status_code == second.status_code == 200
    assert "短视频稿件0" in html
    assert "更多稿件7" in html
    assert "邻县稿件" not in html
    assert "邻县抖音号" not in html
    assert html.count('data-state="manual"') == 10


def test_board_filters_by_state_and_channel(operator_client, setup, center):
    people, _foreign = setup
    jobs = _jobs(center, people["reporter"], people["editor"], 2)
    publishing.job_cancel(job=jobs[0], by=people["operator"])

    html = operator_client.get(reverse("distribution_jobs") + "?state=cancelled").content.decode()

    assert f'data-job="{jobs[0].pk}"' in html
    assert f'data-job="{jobs[1].pk}"' not in html
    html = operator_client.get(
        reverse("distribution_jobs") + f"?channel={jobs[0].channel_id}&state=manual"
    ).content.decode()
    assert f'data-job="{jobs[1].pk}"' in html


def test_confirm_by_hand_through_the_page(operator_client, setup, center):
    people, _foreign = setup
    job = _jobs(center, people["reporter"], people["editor"], 1)[0]
    url = reverse("distribution_job", args=[job.pk])

    bad = operator_client.post(url, {"url": "not a link", "published_at": ""})
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "发布链接格式不正确" in html
    wrong_time = operator_client.post(
        url, {"url": "https://www.douyin.com/video/1", "published_at": "昨天"}
    )
    assert "请填写正确的时间" in wrong_time.content.decode()
    assert PublishJob.objects.get(pk=job.pk).state == JobState.MANUAL

    done = operator_client.post(
        url, {"url": "https://www.douyin.com/video/1", "published_at": "2026-01-05T09:30"}
    )

    assert done.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED
    assert job.url == "https://www.douyin.com/video/1"
    assert Publication.objects.get(version_id=job.version_id).date.isoformat() == "2026-01-05"


def test_retry_and_cancel_through_the_board(operator_client, setup, center):
    people, _foreign = setup
    job = _jobs(center, people["reporter"], people["editor"], 1)[0]

    refused = operator_client.post(reverse("distribution_job_retry", args=[job.pk]), follow=True)
    assert "人工发布" in refused.content.decode()
    assert PublishJob.objects.get(pk=job.pk).state == JobState.MANUAL

    response = operator_client.post(reverse("distribution_job_cancel", args=[job.pk]))
    assert response.status_code == 302
    assert PublishJob.objects.get(pk=job.pk).state == JobState.CANCELLED


def test_another_centers_job_is_not_found(operator_client, setup):
    _people, foreign = setup

    assert operator_client.get(reverse("distribution_job", args=[foreign.pk])).status_code == 404
    for name in ("distribution_job_retry", "distribution_job_cancel"):
        assert operator_client.post(reverse(name, args=[foreign.pk])).status_code == 404
    confirm = operator_client.post(
        reverse("distribution_job", args=[foreign.pk]), {"url": "https://x.example/1"}
    )
    assert confirm.status_code == 404
    assert PublishJob.objects.get(pk=foreign.pk).state == JobState.MANUAL


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_only_operating_roles_may_act(client, setup, center, make_user, role):
    people, _foreign = setup
    job = _jobs(center, people["reporter"], people["editor"], 1)[0]
    client.force_login(make_user(center, role, username=f"{role}-x"))

    assert client.get(reverse("distribution_jobs")).status_code in (302, 403)
    assert client.post(reverse("distribution_job_cancel", args=[job.pk])).status_code in (302, 403)
    confirm = client.post(
        reverse("distribution_job", args=[job.pk]), {"url": "https://www.douyin.com/video/1"}
    )
    assert confirm.status_code in (302, 403)
    assert PublishJob.objects.get(pk=job.pk).state == JobState.MANUAL


def test_the_dashboard_lists_jobs_waiting_for_the_operator(operator_client, setup, center):
    people, _foreign = setup
    _jobs(center, people["reporter"], people["editor"], 3)

    html = operator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "待人工发布或撤下的任务" in html
    assert reverse("distribution_jobs") + "?state=manual" in html
