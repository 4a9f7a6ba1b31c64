"""Publish jobs: created on sign-off, run at most once per channel version, retried with
back-off, resumed after a lost worker, cancelled, confirmed by hand, and withdrawn.

The platform here is `FakePlatform`: a connector with real state (what went out, keyed
by the job's idempotency key) that can be told to fail in each of the ways a platform
does. The WeChat connector's own tests talk to a local server of the real protocol.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rongmei.core.models import AuditEntry
from rongmei.distribution import credentials, publishing
from rongmei.distribution.clients import (
    _REGISTRY,
    Connector,
    ConnectorError,
    CredentialsError,
    PublishResult,
    RateLimited,
    UnknownOutcome,
)
from rongmei.distribution.models import (
    AttemptOutcome,
    JobAction,
    JobState,
    Origin,
    Platform,
    Publication,
    PublishAttempt,
    PublishJob,
)
from rongmei.distribution.services import channel_create
from rongmei.newsroom import services as newsroom
from rongmei.newsroom.choices import Stage, VersionKind, VersionStatus
from rongmei.newsroom.models import ChannelVersion
from rongmei.newsroom.tests.factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


class FakePlatform(Connector):
    """A platform that keeps what was sent to it and fails as it is told.

    `script` lists what the next publish calls do: None (goes out), an exception to
    raise before anything goes out, or "lost" (goes out, but the answer is lost).
    """

    platform = Platform.TOUTIAO
    can_withdraw = True
    sent: dict[str, str] = {}
    calls: list[tuple[str, str]] = []
    script: list = []
    lookup_unknown = False
    on_publish = None

    def publish(self, *, job):
        self.calls.append(("publish", job.idempotency_key))
        if type(self).on_publish is not None:
            type(self).on_publish(job)
        step = self.script.pop(0) if self.script else None
        if isinstance(step, Exception):
            raise step
        external = f"item-{len(self.sent) + 1}"
        self.sent[job.idempotency_key] = external
        if step == "lost":
            raise UnknownOutcome("平台响应超时。")
        return PublishResult(external_id=external, url=f"https://toutiao.example/{external}")

    def lookup(self, *, job):
        self.calls.append(("lookup", job.idempotency_key))
        if self.lookup_unknown:
            raise UnknownOutcome("该平台无法查询。", retryable=False)
        external = self.sent.get(job.idempotency_key)
        if external is None:
            return None
        return PublishResult(external_id=external, url=f"https://toutiao.example/{external}")

    def withdraw(self, *, job):
        self.calls.append(("withdraw", job.idempotency_key))
        self.sent.pop(job.idempotency_key.replace(":withdraw", ":publish"), None)


@pytest.fixture
def platform():
    previous = _REGISTRY.get(FakePlatform.platform)
    _REGISTRY[FakePlatform.platform] = FakePlatform
    FakePlatform.sent, FakePlatform.calls, FakePlatform.script = {}, [], []
    FakePlatform.lookup_unknown, FakePlatform.on_publish = False, None
    yield FakePlatform
    if previous is None:
        _REGISTRY.pop(FakePlatform.platform, None)
    else:
        _REGISTRY[FakePlatform.platform] = previous


@pytest.fixture
def staff(center, make_user):
    people = newsroom_staff(center, make_user)
    people["operator"] = make_user(center, "channel_operator", username="operator-a")
    return people


@pytest.fixture
def channels(center):
    made = {
        p: channel_create(by=None, center=center, name=name, platform=p)
        for p, name in [
            (Platform.WEBSITE, "示范县融媒网"),
            (Platform.TOUTIAO, "示范县头条号"),
            (Platform.DOUYIN, "示范县抖音号"),
            (Platform.TV, "示范县电视台"),
        ]
    }
    credentials.credentials_set(
        channel=made[Platform.TOUTIAO], data={"appid": "tt-app-001", "secret": "s3cr3t"}, by=None
    )
    return made


def _ready(center, staff, kinds=(VersionKind.TOUTIAO,), title="全县秋粮收购工作全面启动"):
    """A story whose versions are ready, as sign-off leaves them (without the workflow)."""
    story = story_for(center, staff["reporter"], title=title)
    for kind in kinds:
        newsroom.version_create(story=story, kind=kind, by=staff["editor"])
    story.versions.update(status=VersionStatus.READY)
    return story


def _job(center, staff, kind=VersionKind.TOUTIAO, platform=Platform.TOUTIAO):
    story = _ready(center, staff, kinds=(kind,))
    publishing.jobs_create_for_story(story=story, by=staff["chief_editor"])
    return PublishJob.objects.get(version__story=story, channel__platform=platform)


def _due_now(job):
    PublishJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())


def _sign_off(story, staff):
    newsroom.story_submit(story=story, by=staff["reporter"])
    for who in ("editor", "desk_head", "chief_editor"):
        story = newsroom.review_decide(story=story, by=staff[who], action="approve", opinion="同意")
    return story


def test_sign_off_creates_one_job_per_version_and_fitting_channel(
    center, other_center, staff, channels, platform
):
    channel_create(by=None, center=center, name="停用头条号", platform="toutiao", is_active=False)
    channel_create(by=None, center=other_center, name="邻县头条号", platform="toutiao")
    story = story_for(center, staff["reporter"])
    for kind in (VersionKind.TOUTIAO, VersionKind.SHORT_VIDEO, VersionKind.TV):
        newsroom.version_create(story=story, kind=kind, by=staff["editor"])

    story = _sign_off(story, staff)

    assert story.stage == Stage.PUBLISHED
    jobs = {j.channel.platform: j for j in PublishJob.objects.select_related("channel")}
    assert set(jobs) == {"website", "toutiao", "douyin", "tv"}
    assert jobs["toutiao"].state == JobState.PENDING  # has an API and credentials
    assert jobs["website"].state == JobState.PUBLISHED  # the own site: run at sign-off
    assert jobs["douyin"].state == JobState.MANUAL  # no API: an operator's to-do
    assert jobs["tv"].state == JobState.MANUAL
    assert all(j.center_id == center.pk for j in jobs.values())
    assert jobs["toutiao"].idempotency_key == (
        f"{jobs['toutiao'].version_id}:{jobs['toutiao'].channel_id}:publish"
    )
    again = publishing.jobs_create_for_story(story=story, by=staff["chief_editor"])
    assert again == []
    assert PublishJob.objects.count() == 4


def test_website_job_puts_the_article_online_at_sign_off(center, staff, channels):
    story = _sign_off(story_for(center, staff["reporter"]), staff)
    job = PublishJob.objects.get(channel=channels[Platform.WEBSITE])

    assert job.state == JobState.PUBLISHED
    assert publishing.job_run(job_id=job.pk).state == JobState.PUBLISHED  # runs once
    assert job.attempts == 1
    assert f"story-{story.pk}" in job.url
    publication = Publication.objects.get(jobs=job)
    assert publication.origin == Origin.PLATFORM
    assert publication.version_id == job.version_id
    assert publication.channel == channels[Platform.WEBSITE]
    assert publication.title == story.title


def test_a_job_runs_once_however_often_it_is_started(center, staff, channels, platform):
    job = _job(center, staff)

    first = publishing.job_run(job_id=job.pk)
    second = publishing.job_run(job_id=job.pk)

    assert first.state == second.state == JobState.PUBLISHED
    assert platform.calls == [("publish", job.idempotency_key)]
    assert first.url == "https://toutiao.example/item-1"
    version = ChannelVersion.objects.get(pk=job.version_id)
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None
    publication = Publication.objects.get(version=version)
    assert publication.url == first.url
    assert list(publication.campaigns.all()) == []
    assert PublishAttempt.objects.filter(job=job).count() == 1
    assert PublishAttempt.objects.get(job=job).outcome == AttemptOutcome.OK


def test_a_second_worker_starting_the_job_mid_call_does_nothing(center, staff, channels, platform):
    job = _job(center, staff)
    inner = []
    platform.on_publish = lambda j: inner.append(publishing.job_run(job_id=j.pk).state)

    publishing.job_run(job_id=job.pk)

    assert inner == [JobState.IN_PROGRESS]
    assert [c for c in platform.calls if c[0] == "publish"] == [("publish", job.idempotency_key)]
    assert PublishJob.objects.get(pk=job.pk).attempts == 1


def test_repeated_retries_never_publish_twice(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = [ConnectorError("服务暂不可用。")]
    publishing.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.RETRYING

    publishing.job_retry(job=job, by=staff["desk_head"])
    with pytest.raises(ValidationError):
        publishing.job_retry(job=job, by=staff["desk_head"])  # already pending again
    for _ in range(3):
        publishing.job_run(job_id=job.pk)

    assert PublishJob.objects.get(pk=job.pk).state == JobState.PUBLISHED
    assert len(platform.sent) == 1
    assert [c[0] for c in platform.calls] == ["publish", "publish"]


def test_retryable_errors_back_off_then_fail(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = [RateLimited("调用太频繁。")] + [
        ConnectorError("服务暂不可用。") for _ in range(4)
    ]
    delays = []
    for n in range(1, publishing.MAX_ATTEMPTS + 1):
        before = timezone.now()
        job = publishing.job_run(job_id=job.pk)
        assert job.attempts == n
        if n < publishing.MAX_ATTEMPTS:
            assert job.state == JobState.RETRYING
            delays.append(round((job.next_attempt_at - before).total_seconds() / 60))
            # Not due yet: a run now changes nothing.
            assert publishing.job_run(job_id=job.pk).attempts == n
            _due_now(job)

    assert delays == [round(d.total_seconds() / 60) for d in publishing.BACKOFF]
    assert job.state == JobState.FAILED
    assert job.last_error == "服务暂不可用。"
    errors = list(PublishAttempt.objects.filter(job=job).values_list("outcome", "error"))
    assert errors[0] == (AttemptOutcome.ERROR, "调用太频繁。")
    assert len(errors) == publishing.MAX_ATTEMPTS
    assert platform.sent == {}


def test_expired_credentials_fail_at_once_with_a_clear_message(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = [CredentialsError("access_token expired (42001)")]

    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.FAILED
    assert "凭据已过期或无效" in job.last_error
    assert "42001" in job.last_error
    assert job.attempts == 1


def test_unknown_outcome_asks_the_platform_before_sending_again(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = ["lost"]

    job = publishing.job_run(job_id=job.pk)
    assert job.state == JobState.RETRYING
    assert PublishAttempt.objects.get(job=job).outcome == AttemptOutcome.UNKNOWN
    _due_now(job)
    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.PUBLISHED
    assert [c[0] for c in platform.calls] == ["publish", "lookup"]
    assert len(platform.sent) == 1
    assert job.external_id == "item-1"


def test_unknown_outcome_that_did_not_go_out_is_sent_again(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = [UnknownOutcome("连接中断。")]  # raised before anything went out

    publishing.job_run(job_id=job.pk)
    _due_now(job)
    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.PUBLISHED
    assert [c[0] for c in platform.calls] == ["publish", "lookup", "publish"]
    assert len(platform.sent) == 1


def test_an_outcome_nobody_can_tell_waits_for_the_operator(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = ["lost"]
    platform.lookup_unknown = True
    publishing.job_run(job_id=job.pk)
    _due_now(job)

    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.MANUAL
    assert "核实" in job.last_error
    # The operator checked on the platform that it did go out, and records it.
    job = publishing.job_confirm_manual(
        job=job, by=staff["operator"], url="https://toutiao.example/item-1"
    )
    assert job.state == JobState.PUBLISHED
    assert len(platform.sent) == 1


def test_retry_after_the_operator_checked_it_did_not_go_out(center, staff, channels, platform):
    job = _job(center, staff)
    platform.script = [UnknownOutcome("连接中断。")]
    platform.lookup_unknown = True
    publishing.job_run(job_id=job.pk)
    _due_now(job)
    job = publishing.job_run(job_id=job.pk)
    assert job.state == JobState.MANUAL
    platform.lookup_unknown = False

    publishing.job_retry(job=job, by=staff["operator"])
    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.PUBLISHED
    assert [c[0] for c in platform.calls] == ["publish", "lookup", "publish"]


def test_a_job_left_in_progress_by_a_lost_worker_is_resumed(
    center, staff, channels, platform, django_capture_on_commit_callbacks
):
    job = _job(center, staff)
    # A worker claimed the job, sent it, and died before recording the answer.
    job, attempt, _lookup = publishing._claim(job.pk, timezone.now())
    platform(job.channel).publish(job=job)
    assert publishing.job_run(job_id=job.pk).state == JobState.IN_PROGRESS  # lease not over
    assert publishing.jobs_resume_stale() == 0
    PublishAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - publishing.LEASE - dt.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.jobs_resume_stale() == 1

    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED
    assert [c[0] for c in platform.calls] == ["publish", "lookup"]
    assert len(platform.sent) == 1
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
    assert attempt.outcome == AttemptOutcome.UNKNOWN


def test_a_scheduled_job_waits_for_its_time(
    center, staff, channels, platform, django_capture_on_commit_callbacks
):
    story = _ready(center, staff)
    later = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.jobs_create_for_story(story=story, by=None, scheduled_at=later)
    job = PublishJob.objects.get(channel__platform=Platform.TOUTIAO)
    assert job.state == JobState.PENDING
    assert platform.calls == []
    assert publishing.job_run(job_id=job.pk).attempts == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.jobs_sweep() == {"due": 0, "stale": 0}
    PublishJob.objects.filter(pk=job.pk).update(scheduled_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        counts = publishing.jobs_sweep()

    assert counts == {"due": 1, "stale": 0}
    assert PublishJob.objects.get(pk=job.pk).state == JobState.PUBLISHED


def test_cancel_stops_a_waiting_job_and_nothing_else(center, staff, channels, platform):
    job = _job(center, staff)
    with pytest.raises(PermissionDenied):
        publishing.job_cancel(job=job, by=staff["reporter"])
    assert PublishJob.objects.get(pk=job.pk).state == JobState.PENDING

    job = publishing.job_cancel(job=job, by=staff["operator"])
    assert job.state == JobState.CANCELLED
    assert publishing.job_run(job_id=job.pk).state == JobState.CANCELLED
    assert platform.calls == []
    with pytest.raises(ValidationError):
        publishing.job_cancel(job=job, by=staff["operator"])
    assert AuditEntry.objects.filter(
        object_type="distribution.PublishJob", object_id=str(job.pk), action="transition"
    ).exists()


def test_manual_confirmation_checks_link_and_time(center, staff, channels):
    job = _job(center, staff, kind=VersionKind.SHORT_VIDEO, platform=Platform.DOUYIN)
    assert job.state == JobState.MANUAL
    bad = [
        ({"url": ""}, "请填写发布链接"),
        ({"url": "douyin.com/video/1"}, "链接格式不正确"),
        (
            {
                "url": "https://www.douyin.com/video/1",
                "published_at": timezone.now() + dt.timedelta(days=1),
            },
            "不能晚于现在",
        ),
    ]
    for kwargs, message in bad:
        with pytest.raises(ValidationError) as exc:
            publishing.job_confirm_manual(job=job, by=staff["operator"], **kwargs)
        assert message in " ".join(exc.value.messages)
    with pytest.raises(PermissionDenied):
        publishing.job_confirm_manual(
            job=job, by=staff["reporter"], url="https://www.douyin.com/video/1"
        )
    job.refresh_from_db()
    assert job.state == JobState.MANUAL
    assert not Publication.objects.exists()

    when = timezone.now() - dt.timedelta(hours=3)
    job = publishing.job_confirm_manual(
        job=job, by=staff["operator"], url="https://www.douyin.com/video/1", published_at=when
    )

    assert job.state == JobState.PUBLISHED
    assert job.confirmed_by == staff["operator"]
    assert job.published_at == when
    publication = Publication.objects.get(version_id=job.version_id)
    assert publication.origin == Origin.MANUAL
    assert publication.kind == "short_video"
    assert publication.date == timezone.localdate(when)
    with pytest.raises(ValidationError):
        publishing.job_confirm_manual(job=job, by=staff["operator"], url="https://x.example/2")


def test_tv_is_confirmed_without_a_link(center, staff, channels):
    job = _job(center, staff, kind=VersionKind.TV, platform=Platform.TV)

    job = publishing.job_confirm_manual(job=job, by=staff["desk_head"])

    assert job.state == JobState.PUBLISHED
    assert Publication.objects.get(version_id=job.version_id).kind == "video"


def test_a_rundown_confirms_for_a_non_operator_and_names_them(center, staff, channels):
    job = _job(center, staff, kind=VersionKind.TV, platform=Platform.TV)
    with pytest.raises(PermissionDenied):
        publishing.job_confirm_manual(job=job, by=staff["reporter"])
    job.refresh_from_db()
    assert job.state != JobState.PUBLISHED

    job = publishing.job_confirm_manual(job=job, by=staff["reporter"], from_rundown=True)

    assert job.state == JobState.PUBLISHED
    assert job.confirmed_by == staff["reporter"]
    entry = AuditEntry.objects.filter(object_id=str(job.pk), changes__from_rundown=True).get()
    assert entry.actor == staff["reporter"]


def test_a_manual_job_cannot_be_retried_while_the_channel_has_no_api(center, staff, channels):
    job = _job(center, staff, kind=VersionKind.SHORT_VIDEO, platform=Platform.DOUYIN)

    with pytest.raises(ValidationError) as exc:
        publishing.job_retry(job=job, by=staff["operator"])

    assert "人工发布" in " ".join(exc.value.messages)
    assert PublishJob.objects.get(pk=job.pk).state == JobState.MANUAL


def test_withdrawal_takes_down_what_went_out_and_cancels_the_rest(
    center, staff, channels, platform
):
    story = story_for(center, staff["reporter"])
    for kind in (VersionKind.TOUTIAO, VersionKind.SHORT_VIDEO, VersionKind.TV):
        newsroom.version_create(story=story, kind=kind, by=staff["editor"])
    story = _sign_off(story, staff)
    jobs = {j.channel.platform: j for j in PublishJob.objects.select_related("channel")}
    publishing.job_run(job_id=jobs["toutiao"].pk)
    publishing.job_run(job_id=jobs["website"].pk)
    publishing.job_confirm_manual(
        job=jobs["douyin"], by=staff["operator"], url="https://www.douyin.com/video/7"
    )

    newsroom.story_withdraw(story=story, by=staff["desk_head"], reason="事实有误")

    withdrawals = {
        j.channel.platform: j
        for j in PublishJob.objects.filter(action=JobAction.WITHDRAW).select_related("channel")
    }
    assert set(withdrawals) == {"toutiao", "douyin", "website"}
    assert withdrawals["toutiao"].state == JobState.PENDING  # the platform allows it
    assert withdrawals["website"].state == JobState.PENDING
    assert withdrawals["douyin"].state == JobState.MANUAL  # an operator's to-do
    assert withdrawals["douyin"].url == "https://www.douyin.com/video/7"
    assert PublishJob.objects.get(pk=jobs["tv"].pk).state == JobState.CANCELLED
    # The site took its article down itself; the job checks and records it.
    assert publishing.job_run(job_id=withdrawals["website"].pk).state == JobState.PUBLISHED

    done = publishing.job_run(job_id=withdrawals["toutiao"].pk)
    assert done.state == JobState.PUBLISHED
    assert ("withdraw", withdrawals["toutiao"].idempotency_key) in platform.calls
    assert platform.sent == {}
    publishing.job_confirm_manual(job=withdrawals["douyin"], by=staff["operator"])
    assert PublishJob.objects.get(pk=withdrawals["douyin"].pk).state == JobState.PUBLISHED


def test_a_pending_job_of_a_withdrawn_version_is_never_sent(center, staff, channels, platform):
    job = _job(center, staff)
    ChannelVersion.objects.filter(pk=job.version_id).update(status=VersionStatus.WITHDRAWN)

    job = publishing.job_run(job_id=job.pk)

    assert job.state == JobState.CANCELLED
    assert platform.calls == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_racing_for_the_same_job_send_it_once(center, staff, channels, platform):
    import threading
    import time

    from django.db import connections

    job = _job(center, staff)
    platform.on_publish = lambda _job: time.sleep(0.3)
    states, start = [], threading.Barrier(4)

    def worker():
        try:
            start.wait()
            states.append(publishing.job_run(job_id=job.pk).state)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(states) == 4
    assert [c[0] for c in platform.calls] == ["publish"]
    assert len(platform.sent) == 1
    job.refresh_from_db()
    assert job.state == JobState.PUBLISHED
    assert job.attempts == 1


def test_the_sweep_command_hands_due_jobs_to_the_worker(
    center, staff, channels, platform, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    job = _job(center, staff)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_jobs", stdout=out)

    assert "due=1" in out.getvalue()
    assert PublishJob.objects.get(pk=job.pk).state == JobState.PUBLISHED


def test_a_version_scheduled_by_the_editor_goes_out_at_its_time(
    center, staff, channels, platform, django_capture_on_commit_callbacks
):
    story = story_for(center, staff["reporter"], title="县城夜市今晚开市")
    version = newsroom.version_create(story=story, kind=VersionKind.TOUTIAO, by=staff["editor"])
    later = timezone.now() + dt.timedelta(hours=3)
    newsroom.version_update(
        version=version, by=staff["editor"], title=version.title, body=version.body,
        scheduled_at=later,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        _sign_off(story, staff)

    job = PublishJob.objects.get(version=version, channel__platform=Platform.TOUTIAO)
    assert job.scheduled_at == later
    assert job.state == JobState.PENDING
    assert platform.calls == []
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.jobs_sweep()["due"] == 0
    PublishJob.objects.filter(pk=job.pk).update(scheduled_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        publishing.jobs_sweep()
    assert PublishJob.objects.get(pk=job.pk).state == JobState.PUBLISHED


def test_a_schedule_in_the_past_is_refused_and_changes_nothing(center, staff):
    story = story_for(center, staff["reporter"], title="县城夜市今晚开市")
    version = newsroom.version_create(story=story, kind=VersionKind.TOUTIAO, by=staff["editor"])
    with pytest.raises(ValidationError) as refused:
        newsroom.version_update(
            version=version, by=staff["editor"], title="改过的标题", body=version.body,
            scheduled_at=timezone.now() - dt.timedelta(minutes=5),
        )  # fmt: skip
    assert "定时发布时间应晚于现在" in str(refused.value)
    version.refresh_from_db()
    assert version.scheduled_at is None
    assert version.title == "县城夜市今晚开市"


def test_changing_only_the_time_needs_no_new_review(center, staff):
    story = _ready(center, staff)
    version = story.versions.get(kind=VersionKind.TOUTIAO)
    later = timezone.now() + dt.timedelta(days=1)
    newsroom.version_update(
        version=version, by=staff["editor"], title=version.title, body=version.body,
        scheduled_at=later,
    )  # fmt: skip
    version.refresh_from_db()
    assert version.scheduled_at == later
    assert version.status == VersionStatus.READY
