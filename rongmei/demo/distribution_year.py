"""The demo center's year of publish jobs: what became of each signed-off story's versions
on the own channels — mostly published, some confirmed by hand, a few failed or waiting
to retry, and the latest still waiting for the operator — dated through the year.

The jobs themselves are made at sign-off (the newsroom's hook); this builder runs after
`build_newsroom` and records how each went, through `publishing.job_record_history`.
Built only once (its summary in the audit log marks it): a rerun adds nothing. Jobs that
already ran (the website's, when the task backend runs them at once) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from zoneinfo import ZoneInfo

from django.conf import settings

from rongmei.core.models import AuditEntry, Center
from rongmei.distribution import publishing
from rongmei.distribution.clients import connector_for
from rongmei.distribution.models import PublishJob
from rongmei.newsroom.choices import Stage
from rongmei.newsroom.models import Story

from .holidays import spread_dates
from .newsroom_year import _account

Counts = dict[str, int]
KEYS = (
    "distribution_jobs",
    "distribution_jobs_published",
    "distribution_jobs_confirmed",
    "distribution_jobs_failed",
    "distribution_jobs_retrying",
    "distribution_jobs_waiting",
)
WAITING = 3  # the latest jobs of channels without an API stay on the operator's board
FAILURES = (
    (
        "failed",
        "渠道凭据已过期或无效，请在“自有渠道”中更新凭据后重试。平台返回：access_token 已过期（42001）",
    ),
    ("retrying", "平台系统繁忙，请稍后再试（-1）"),
    ("failed", "内容含有平台不允许的外部链接，发布被拒绝（53503）"),
)


def _url(rng: random.Random, platform: str) -> str:
    if platform == "wechat":
        token = "".join(rng.choice(string.ascii_letters + string.digits) for _i in range(22))
        return f"https://mp.weixin.qq.com/s/{token}"
    if platform == "douyin":
        return f"https://www.douyin.com/video/{rng.randrange(7 * 10**18, 8 * 10**18)}"
    if platform == "kuaishou":
        return f"https://www.kuaishou.com/short-video/3x{rng.randrange(10**12, 10**13)}"
    if platform == "toutiao":
        return f"https://www.toutiao.com/article/{rng.randrange(7 * 10**18, 8 * 10**18)}/"
    return ""


def _site_url(job: PublishJob) -> str:
    try:
        return connector_for(job.channel).publish(job=job).url
    except Exception:
        return ""


def build_jobs(*, center: Center, year: int, rng: random.Random, scale: int, progress) -> Counts:
    """How each publish job of the demo's signed-off stories went, dated through the year."""
    from .year import _summarise, _ticker  # year.py may import this module

    counts = dict.fromkeys(KEYS, 0)
    label = "发布任务"
    if AuditEntry.objects.filter(center=center, verb=f"生成演示数据：{label}").exists():
        return counts
    jobs = PublishJob.objects.filter(center=center)
    operator = _account(center, "operator") or _account(center, "chief")
    if operator is None:
        return counts
    for story in Story.objects.filter(center=center, stage=Stage.PUBLISHED):
        publishing.jobs_create_for_story(story=story, by=None)
    todo = list(
        jobs.filter(state__in=publishing.OPEN_STATES, attempts=0)
        .select_related("channel", "version", "version__story")
        .order_by("version__story_id", "channel__platform", "pk")
    )
    if not todo:
        return counts
    tz = ZoneInfo(settings.TIME_ZONE)
    tick = _ticker(progress, label)
    days = spread_dates(rng, year, len(todo))
    manual_seen = 0
    failures = list(FAILURES) * scale
    # The failures fall on API channels late in the year, where an operator would see them.
    automatic = [i for i, j in enumerate(todo) if not publishing.is_manual(j.channel)]
    api_late = [i for i, j in enumerate(todo) if j.channel.platform == "wechat"][-12 * scale :]
    failing = dict(
        zip(rng.sample(api_late, min(len(failures), len(api_late))), failures, strict=False)
    )
    for i in reversed(range(len(todo))):
        job = todo[i]
        at = dt.datetime.combine(
            days[i], dt.time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=tz
        )
        counts["distribution_jobs"] += 1
        if i in failing:
            outcome, error = failing[i]
            publishing.job_record_history(
                job=job,
                by=None,
                outcome=outcome,
                at=at,
                error=error,
                attempts=1 if "42001" in error else rng.randint(1, 3),
            )
            counts[f"distribution_jobs_{outcome}"] += 1
        elif i in automatic:
            publishing.job_record_history(
                job=job,
                by=None,
                outcome="published",
                at=at,
                url=_site_url(job),
                external_id=str(job.version.story_id),
                attempts=1 if rng.random() < 0.95 else 2,
                error="网站文章尚未上线，稍后重试。",
            )
            counts["distribution_jobs_published"] += 1
        elif manual_seen < WAITING * scale:
            manual_seen += 1  # left for the operator: the newest jobs of manual channels
            counts["distribution_jobs_waiting"] += 1
        else:
            publishing.job_record_history(
                job=job,
                by=operator,
                outcome="confirmed",
                at=at + dt.timedelta(minutes=rng.randint(5, 90)),
                url=_url(rng, job.channel.platform),
            )
            counts["distribution_jobs_confirmed"] += 1
        tick()
    tick(0)
    _summarise(center, label, year, counts)
    return counts
