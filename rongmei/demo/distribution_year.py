"""The demo center's year of publish jobs: what became of each signed-off story's versions
on the own channels — mostly published, some confirmed by hand, a few failed or waiting
to retry, and the latest still waiting for the operator — dated through the year; and
the reach series (cumulative figures by day) of the year's publications.

The jobs themselves are made at sign-off (the newsroom's hook); this builder runs after
`build_newsroom` and records how each went, through `_job_record_history`.
Built only once (its summary in the audit log marks it): a rerun adds nothing. Jobs that
already ran (the website's, when the task backend runs them at once) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import string
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.core.models import AuditEntry, Center
from rongmei.distribution import publishing
from rongmei.distribution.clients import PublishResult, connector_for
from rongmei.distribution.models import (
    AttemptOutcome,
    FigureSource,
    JobState,
    Origin,
    Publication,
    PublicationFigure,
    PublishAttempt,
    PublishJob,
)
from rongmei.newsroom.choices import Stage
from rongmei.newsroom.models import Story

from .holidays import spread_dates
from .newsroom_year import _account

if TYPE_CHECKING:
    from rongmei.accounts.models import User

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
            _job_record_history(
                job=job,
                by=None,
                outcome=outcome,
                at=at,
                error=error,
                attempts=1 if "42001" in error else rng.randint(1, 3),
            )
            counts[f"distribution_jobs_{outcome}"] += 1
        elif i in automatic:
            _job_record_history(
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
            _job_record_history(
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


# ---------------------------------------------------------------------------
# Reach series: how a publication's figures grew over its first days

# channel key: (how the figures came in, share of the channel's publications, reading
# days after publication, growth rate range of the curve). WeChat's data API reports a
# week of days; the Douyin export is imported every Monday for four weeks; the site's own
# counter writes a row for each of the first days it counts views.
SERIES = {
    "wechat": (FigureSource.API, 1.0, "daily", (0.8, 1.4)),
    "douyin": (FigureSource.IMPORT, 1.0, "mondays", (0.25, 0.6)),
    "website": (FigureSource.SITE, 0.4, "daily", (0.5, 0.9)),
}
SERIES_DAYS = 7  # daily readings
SERIES_WEEKS = 4  # weekly imports
SERIES_MAX = 1_200  # publications per channel, whatever the scale: bounded work
SERIES_BATCH = 2_000


def _reading_days(kind: str, published: dt.date, last: dt.date) -> list[dt.date]:
    """The days a publication's figures were read, up to `last` (yesterday at the latest)."""
    if kind == "daily":
        days = [published + dt.timedelta(days=n) for n in range(SERIES_DAYS)]
    else:
        first = published + dt.timedelta(days=7 - published.weekday())  # the next Monday
        days = [first + dt.timedelta(weeks=n) for n in range(SERIES_WEEKS)]
    return [d for d in days if d <= last] or [published]


def _curve(rng: random.Random, n: int, rate: tuple[float, float]) -> list[float]:
    """Cumulative shares of the final figure at `n` readings: fast first, then flat; 1 last."""
    k = rng.uniform(*rate)
    raw = [1 - math.exp(-k * (i + 1) * rng.uniform(0.85, 1.15)) for i in range(n)]
    top = max(raw[-1], 1e-9)
    shares, high = [], 0.0
    for value in raw:
        high = min(max(high, value / top), 1.0)
        shares.append(high)
    shares[-1] = 1.0
    return shares


@transaction.atomic
def build_reach_series(
    *, center: Center, year: int, rng: random.Random, scale: int, progress
) -> Counts:
    """Cumulative reach figures by day for the year's WeChat, Douyin and website
    publications, growing to each publication's recorded totals (which stay as they are,
    so the statistics, which read the totals, do not change). Publications that already
    have figures are left alone: a rerun adds nothing."""
    from .year import _frame, _summarise, _ticker  # year.py may import this module

    counts = {"reach_series": 0, "reach_figures": 0}
    label = "传播数据"
    if AuditEntry.objects.filter(center=center, verb=f"生成演示数据：{label}").exists():
        return counts
    frame = _frame(center, year)
    tz = ZoneInfo(settings.TIME_ZONE)
    last = timezone.localdate() - dt.timedelta(days=1)
    tick = _ticker(progress, label)
    figures: list[PublicationFigure] = []
    updated: list[Publication] = []
    fields = ("views", "likes", "shares", "comments")
    for key, (source, share, kind, rate) in SERIES.items():
        channel = frame.channels[key]
        rows = list(
            Publication.objects.filter(
                center=center,
                channel=channel,
                date__year=year,
                date__lte=last,
                ref__startswith=f"demo-{year}-",
            )
            .order_by("date", "ref")
            .values_list("pk", "date", *fields)
        )
        # Chosen among all of them, so that the choice does not depend on what exists.
        wanted = min(len(rows), int(len(rows) * share), SERIES_MAX)
        chosen = sorted(rng.sample(range(len(rows)), wanted))
        with_figures = set(
            PublicationFigure.objects.filter(
                center=center, publication__channel=channel, publication__date__year=year
            ).values_list("publication_id", flat=True)
        )
        for i in chosen:
            pk, published, *totals = rows[i]
            if pk in with_figures:
                continue  # pulled, imported or counted already: left as it is
            days = _reading_days(kind, published, last)
            curves = [_curve(rng, len(days), rate) for _name in fields]
            for n, day in enumerate(days):
                values = {
                    name: int(total * curve[n])
                    for name, total, curve in zip(fields, totals, curves, strict=True)
                }
                figures.append(
                    PublicationFigure(
                        center_id=center.pk,
                        publication_id=pk,
                        date=day,
                        source=source,
                        **values,
                    )
                )
            read_at = dt.datetime.combine(days[-1], dt.time(8, rng.randint(0, 59)), tzinfo=tz)
            updated.append(Publication(pk=pk, figures_updated_at=read_at))
            counts["reach_series"] += 1
            counts["reach_figures"] += len(days)
            tick()
            if len(figures) >= SERIES_BATCH:
                PublicationFigure.objects.bulk_create(figures)
                figures = []
    PublicationFigure.objects.bulk_create(figures, batch_size=SERIES_BATCH)
    Publication.objects.bulk_update(updated, ["figures_updated_at"], batch_size=500)
    tick(0)
    _summarise(center, label, year, counts)
    return counts


@transaction.atomic
def _job_record_history(
    *,
    job: PublishJob,
    by: User | None,
    outcome: str,
    at: dt.datetime,
    url: str = "",
    external_id: str = "",
    error: str = "",
    attempts: int = 1,
) -> PublishJob:
    """Record how an earlier job of the demo year went, as of `at` (demo only: it uses
    publishing's own steps, so the job ends as a real run would leave it).

    `outcome`: "published" (by the platform), "confirmed" (by hand, `by`), "failed" or
    "retrying" (after `attempts` tries failing with `error`). Only a job nobody has run.
    """
    job = publishing._locked(job)
    if job.attempts or job.state not in publishing.OPEN_STATES:
        raise ValidationError(_("该任务已运行过，不能补记。"))
    if outcome == "confirmed":
        url = publishing._check_url(job, url)
        publishing._done(job, by=by, result=PublishResult(url=url), when=at, origin=Origin.MANUAL)
        return job
    tries = max(1, attempts)
    for n in range(tries):
        started = at + dt.timedelta(minutes=sum(d.seconds // 60 for d in publishing.BACKOFF[:n]))
        ok = outcome == "published" and n == tries - 1
        PublishAttempt.objects.create(
            center_id=job.center_id,
            job=job,
            started_at=started,
            finished_at=started + dt.timedelta(seconds=2),
            outcome=AttemptOutcome.OK if ok else AttemptOutcome.ERROR,
            error="" if ok else error,
        )
    job.attempts = tries
    if outcome == "published":
        publishing._done(
            job,
            by=None,
            result=PublishResult(url=url, external_id=external_id),
            when=at,
            origin=Origin.PLATFORM,
        )
        return job
    job.last_error = error
    if outcome == "retrying":
        job.next_attempt_at = at + publishing.BACKOFF[min(tries, len(publishing.BACKOFF)) - 1]
        publishing._transition(job, JobState.RETRYING, by, _("等待重试"), error=error)
    else:
        publishing._transition(job, JobState.FAILED, by, _("发布失败"), error=error)
    job.save()
    return job
