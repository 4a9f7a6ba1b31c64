"""A worker killed mid-publish: the job is taken up again and goes out exactly once.

Real processes throughout: `manage.py db_worker` (django-tasks-db) runs the job against
our local WeChat server, which publishes and then holds its answer to
freepublish/submit; the worker is SIGKILLed while the job is in progress; a new worker
and the stale-job sweep take it up, ask the platform (`lookup`) and find the article.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.distribution import credentials
from rongmei.distribution.models import (
    AttemptOutcome,
    JobState,
    Platform,
    PublishAttempt,
    PublishJob,
)
from rongmei.distribution.publishing import LEASE
from rongmei.distribution.tests.factories import ChannelFactory
from rongmei.newsroom.models import ChannelVersion
from rongmei.newsroom.tests.factories import story_for

SUBMIT = "/cgi-bin/freepublish/submit"


def _env(key: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "RONGMEI_TASKS_BACKEND": "db",
        "DATABASE_URL": f"sqlite:///{db['NAME']}",
        "RONGMEI_CREDENTIALS_KEY": key,
        "PYTHONUNBUFFERED": "1",
        # Its own cache, never the checkout's var/cache.
        "RONGMEI_CACHE_URL": "locmemcache://",
    }


def _worker(env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _python(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _wait_for(check, timeout: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    text = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
    pytest.fail(f"timed out waiting for {what}\n{text}")


def _skip_unless_sqlite() -> None:
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("该测试让工作进程直接打开测试用的 SQLite 文件")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_publish_is_resumed_and_publishes_exactly_once(
    center, wechat_server, monkeypatch, tmp_path
):
    _skip_unless_sqlite()
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(credentials.ENV_KEY, key)
    env = _env(key)
    state = wechat_server.state

    reporter = make_staff(center, "reporter")
    story = story_for(center, reporter, title="县医院新院区正式投用")
    version = ChannelVersion.objects.create(
        center=center,
        story=story,
        kind="wechat",
        title="县医院新院区正式投用",
        body="<p>今天上午，县医院新院区正式投入使用。</p>",
        status="ready",
    )
    channel = ChannelFactory(
        center=center, name="示范县发布", platform=Platform.WECHAT, api_base=wechat_server.url
    )
    credentials.credentials_set(
        channel=channel, data={"appid": state.appid, "secret": state.secret}, by=None
    )
    job = PublishJob.objects.create(
        center=center,
        channel=channel,
        version=version,
        idempotency_key=f"{version.pk}:{channel.pk}:publish:{uuid.uuid4().hex[:8]}",
    )
    # The platform takes the publish, then its answer never comes.
    state.hang(SUBMIT, 120, after_effect=True)

    first_log, second_log = tmp_path / "worker-1.log", tmp_path / "worker-2.log"
    with first_log.open("wb") as log:
        first = _worker(env, log)
    try:
        assert (
            _python(
                env, "from rongmei.distribution.publishing import jobs_sweep; print(jobs_sweep())"
            )
            == "{'due': 1, 'stale': 0}"
        )
        _wait_for(state.hanging.is_set, 90, "the worker to submit", [first_log])
        job.refresh_from_db()
        assert job.state == JobState.IN_PROGRESS
        assert state.publishes_with(job.idempotency_key) == 1

        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    state.release()

    job.refresh_from_db()
    assert job.state == JobState.IN_PROGRESS  # the killed worker left it so
    (attempt,) = PublishAttempt.objects.filter(job=job)
    assert attempt.outcome == AttemptOutcome.UNKNOWN
    assert attempt.finished_at is None
    # Nobody has heard of the job for longer than the lease.
    PublishAttempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - LEASE - dt.timedelta(minutes=1)
    )

    with second_log.open("wb") as log:
        second = _worker(env, log)
    try:
        assert (
            _python(
                env,
                "from rongmei.distribution.publishing import jobs_resume_stale;"
                "print(jobs_resume_stale())",
            )
            == "1"
        )
        _wait_for(
            lambda: PublishJob.objects.get(pk=job.pk).state == JobState.PUBLISHED,
            90,
            "the resumed job to be published",
            [second_log],
        )
    finally:
        _stop(second)

    job.refresh_from_db()
    (publish,) = state.publishes.values()
    assert state.publishes_with(job.idempotency_key) == 1
    assert state.calls[SUBMIT] == 1
    assert job.external_id == publish.article_id
    assert job.url == f"https://mp.weixin.qq.example/s/{publish.article_id}?idx=1"
    assert job.publication is not None
    assert job.publication.url == job.url
    first_attempt, second_attempt = job.attempts_log.order_by("started_at")
    assert first_attempt.outcome == AttemptOutcome.UNKNOWN
    assert first_attempt.finished_at is not None
    assert second_attempt.outcome == AttemptOutcome.OK
    assert second_attempt.detail["looked_up"] is True
