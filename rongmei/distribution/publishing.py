"""Publish jobs: each signed-off channel version going out on each fitting own channel.

States: PENDING → IN_PROGRESS → PUBLISHED, or RETRYING (back off, try again), FAILED,
CANCELLED; MANUAL waits for an operator (no API, no credentials, or an outcome the
platform cannot tell).

No loss, no double post:

- one job per (channel version, channel, action), keyed by `idempotency_key`, written
  with the job before any call to the platform;
- `job_run` claims the job with a compare-and-set on (state, attempts) and commits the
  claim and a new attempt (outcome unknown) *before* calling the platform, so two
  workers never both send it, and a worker killed mid-call leaves an IN_PROGRESS job
  whose last attempt is unknown;
- a job in progress longer than `LEASE` is taken up again by `jobs_sweep`, and a run
  after an unknown outcome asks the platform (`lookup`) before sending again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_create, audit_transition
from rongmei.core.models import Center
from rongmei.core.roles import Role
from rongmei.newsroom.models import ChannelVersion

from . import credentials
from .clients import (
    Connector,
    ConnectorError,
    CredentialsError,
    PublishResult,
    UnknownOutcome,
    connector_for,
)
from .models import (
    AttemptOutcome,
    Channel,
    FigureSource,
    JobAction,
    JobState,
    Origin,
    Platform,
    Publication,
    PublicationKind,
    PublishAttempt,
    PublishJob,
)
from .services import channel_create, publication_create, publication_figures_record

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.newsroom.models import Story

log = logging.getLogger(__name__)

# Which own channels take which channel version (newsroom VersionKind → Platform).
VERSION_PLATFORMS: dict[str, tuple[str, ...]] = {
    "web": ("website", "app"),
    "wechat": ("wechat",),
    "short_video": ("douyin", "kuaishou", "bilibili"),
    "toutiao": ("toutiao",),
    "tv": ("tv",),
    "radio": ("radio",),
}
VERSION_KINDS: dict[str, str] = {
    "web": PublicationKind.ARTICLE,
    "wechat": PublicationKind.ARTICLE,
    "toutiao": PublicationKind.ARTICLE,
    "short_video": PublicationKind.SHORT_VIDEO,
    "tv": PublicationKind.VIDEO,
    "radio": PublicationKind.AUDIO,
}
# Platforms whose publications have no address (a broadcast): confirmed without a link.
NO_URL_PLATFORMS = frozenset({"tv", "radio", "newspaper"})

FINAL_STATES = frozenset({JobState.PUBLISHED, JobState.FAILED, JobState.CANCELLED})
OPEN_STATES = (JobState.PENDING, JobState.RETRYING, JobState.MANUAL)
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(minutes=60),
)
MAX_ATTEMPTS = 5
# A job in progress this long without an answer is taken to have lost its worker.
LEASE = dt.timedelta(minutes=10)
OPERATOR_ROLES = (
    Role.CHANNEL_OPERATOR,
    Role.DESK_HEAD,
    Role.CHIEF_EDITOR,
    Role.DIRECTOR,
    Role.ADMINISTRATOR,
)


def may_operate(user: User | None, center_id: int) -> bool:
    return user is not None and has_role(user, center_id, *OPERATOR_ROLES)


def _require_operator(by: User | None, center_id: int) -> None:
    if by is not None and not may_operate(by, center_id):
        raise PermissionDenied(
            _("只有新媒体运营、部门主任、总编辑、主任或管理员可以处理发布任务。")
        )


def _key(version_id: int, channel_id: int, action: str) -> str:
    return f"{version_id}:{channel_id}:{action}"


def is_manual(channel: Channel, connector: Connector | None = None) -> bool:
    """Whether jobs of `channel` wait for an operator: no API, or no credentials for it."""
    connector = connector or connector_for(channel)
    if connector.manual:
        return True
    needs = getattr(type(connector), "needs_credentials", True)
    return bool(needs) and not credentials.has_credentials(channel)


def _transition(job: PublishJob, new: str, by: User | None, verb: str, **extra: Any) -> None:
    old = job.state
    job.state = new
    audit_transition(by=by, obj=job, field="state", old=old, new=new, verb=verb, extra=extra)


def _enqueue(job: PublishJob, at: dt.datetime | None = None) -> None:
    """Hand the job to a worker once the current transaction commits.

    With a backend that cannot defer (the immediate one) a job due later is left to
    `jobs_sweep`, which runs it when it is due.
    """
    job_id = job.pk

    def send() -> None:
        from .tasks import job_run_task

        task = job_run_task
        if at is not None and at > timezone.now():
            if not task.get_backend().supports_defer:
                return
            task = task.using(run_after=at)
        task.enqueue(job_id)

    transaction.on_commit(send)


# -- creating jobs -------------------------------------------------------------------------


@transaction.atomic
def jobs_create_for_story(
    *, story: Story, by: User | None, scheduled_at: dt.datetime | None = None
) -> list[PublishJob]:
    """One publish job per ready channel version and active own channel that takes it.

    Called on sign-off (hook `rongmei_story_signed_off`); running it again creates
    nothing twice. Jobs for channels without an API or credentials wait for an operator.
    This is the one path to the center's own site: a web version gets a job on the
    website channel (made where the center has none), run at once (`clients.site`).
    """
    versions = list(
        ChannelVersion.objects.filter(
            story_id=story.pk, status__in=("ready", "published")
        ).order_by("kind")
    )
    if any(v.kind == "web" for v in versions):
        site_channel_ensure(center_id=story.center_id)
    channels = list(Channel.objects.filter(center_id=story.center_id, is_active=True))
    created: list[PublishJob] = []
    now: list[PublishJob] = []
    for version in versions:
        platforms = VERSION_PLATFORMS.get(version.kind, ())
        when = getattr(version, "scheduled_at", None) or scheduled_at
        for channel in channels:
            if channel.platform not in platforms:
                continue
            manual = is_manual(channel)
            job, made = PublishJob.objects.get_or_create(
                version=version,
                channel=channel,
                action=JobAction.PUBLISH,
                defaults={
                    "center_id": story.center_id,
                    "idempotency_key": _key(version.pk, channel.pk, JobAction.PUBLISH),
                    "state": JobState.MANUAL if manual else JobState.PENDING,
                    "scheduled_at": when,
                    "created_by": by if by is not None and by.is_authenticated else None,
                },
            )
            if not made:
                continue
            audit_create(by=by, obj=job, verb=_("生成发布任务"))
            created.append(job)
            if manual:
                continue
            if connector_for(channel).immediate and (when is None or when <= timezone.now()):
                now.append(job)
            else:
                _enqueue(job, when)
    for job in now:
        job_run(job_id=job.pk)
    return [PublishJob.objects.get(pk=job.pk) for job in created] if now else created


def site_channel_ensure(*, center_id: int) -> Channel | None:
    """The center's website channel, made (active) where it has none and a public site is
    installed; an existing one is left as it is, deactivated too."""
    from .clients.site import site_installed

    found = Channel.objects.filter(center_id=center_id, platform=Platform.WEBSITE)
    channel = found.order_by("-is_active", "pk").first()
    if channel is not None or not site_installed():
        return channel
    center = Center.objects.get(pk=center_id)
    return channel_create(
        by=None,
        center=center,
        name=_("%(center)s网站") % {"center": center.name},
        platform=Platform.WEBSITE,
        audit=False,
    )


def site_views_record(*, story_id: int, center_id: int, day: dt.date, views: int) -> bool:
    """Add `views` counted by the site on `day` to the story's website publication;
    False (nothing written) where the story has none.

    Registered for the website's hook `rongmei_site_views_counted` (`apps.py`): the site
    counts its readers, distribution owns the figures.
    """
    publication = (
        Publication.objects.filter(
            center_id=center_id,
            version__story_id=story_id,
            version__kind="web",
            channel__platform=Platform.WEBSITE,
        )
        .order_by("pk")
        .first()
    )
    if publication is None:
        return False
    publication_figures_record(
        by=None,
        publication=publication,
        date=day,
        source=FigureSource.SITE,
        add=True,
        views=views,
        audit=False,
    )
    return True


@transaction.atomic
def jobs_for_withdrawal(*, story: Story, by: User | None) -> list[PublishJob]:
    """On withdrawal: unsent jobs are cancelled; what went out gets a withdrawal job.

    Where the platform lets us take it down, the job runs like any other; elsewhere it is
    an operator's to-do (state MANUAL) until they confirm they took it down by hand.
    """
    publish_jobs = list(
        PublishJob.objects.select_for_update()
        .filter(version__story_id=story.pk, action=JobAction.PUBLISH)
        .select_related("channel")
    )
    created: list[PublishJob] = []
    for job in publish_jobs:
        if job.state in OPEN_STATES:
            _transition(job, JobState.CANCELLED, by, _("撤稿取消发布"))
            job.next_attempt_at = None
            job.save(update_fields=["state", "next_attempt_at", "updated_at"])
            continue
        if job.state not in (JobState.PUBLISHED, JobState.IN_PROGRESS):
            continue
        connector = connector_for(job.channel)
        automatic = (
            job.state == JobState.PUBLISHED
            and connector.can_withdraw
            and not is_manual(job.channel)
        )
        note = "" if job.state == JobState.PUBLISHED else _("发布仍在进行，确认发出后请人工撤下。")
        withdraw, made = PublishJob.objects.get_or_create(
            version_id=job.version_id,
            channel=job.channel,
            action=JobAction.WITHDRAW,
            defaults={
                "center_id": job.center_id,
                "idempotency_key": _key(job.version_id, job.channel_id, JobAction.WITHDRAW),
                "state": JobState.PENDING if automatic else JobState.MANUAL,
                "url": job.url,
                "external_id": job.external_id,
                "external_data": job.external_data,
                "last_error": note,
                "created_by": by if by is not None and by.is_authenticated else None,
            },
        )
        if not made:
            continue
        audit_create(by=by, obj=withdraw, verb=_("生成撤下任务"))
        created.append(withdraw)
        if automatic:
            _enqueue(withdraw)
    return created


# -- running a job ----------------------------------------------------------------------------


def _last_attempt(job: PublishJob) -> PublishAttempt | None:
    return job.attempts_log.order_by("-started_at", "-pk").first()


def _is_stale(job: PublishJob, last: PublishAttempt | None, now: dt.datetime) -> bool:
    started = last.started_at if last is not None else job.updated_at
    return started <= now - LEASE


def _budget_used(job: PublishJob) -> int:
    return job.attempts - int(job.external_data.get("retry_base", 0) or 0)


def _claim(job_id: int, now: dt.datetime) -> tuple[PublishJob, PublishAttempt | None, bool]:
    """Take the job for this worker; (job, attempt, needs_lookup), attempt None if not ours."""
    with transaction.atomic():
        job = PublishJob.objects.select_related("channel", "version").get(pk=job_id)
        if job.state not in (JobState.PENDING, JobState.RETRYING, JobState.IN_PROGRESS):
            return job, None, False
        last = _last_attempt(job)
        if job.state == JobState.IN_PROGRESS:
            if not _is_stale(job, last, now):
                return job, None, False  # another worker is on it
        else:
            due = job.next_attempt_at or job.scheduled_at
            if due is not None and due > now:
                return job, None, False
        if job.action == JobAction.PUBLISH and job.version.status == "withdrawn":
            claimed = PublishJob.objects.filter(
                pk=job.pk, state=job.state, attempts=job.attempts
            ).update(state=JobState.CANCELLED, next_attempt_at=None, updated_at=now)
            if claimed:
                job.state, old = JobState.CANCELLED, job.state
                audit_transition(
                    by=None, obj=job, field="state", old=old, new=job.state, verb=_("稿件已撤稿")
                )
            return job, None, False
        needs_lookup = last is not None and last.outcome == AttemptOutcome.UNKNOWN
        old = job.state
        claimed = PublishJob.objects.filter(
            pk=job.pk, state=job.state, attempts=job.attempts
        ).update(
            state=JobState.IN_PROGRESS,
            attempts=F("attempts") + 1,
            next_attempt_at=None,
            updated_at=now,
        )
        if not claimed:
            job.refresh_from_db()
            return job, None, False
        if last is not None and last.finished_at is None:
            last.finished_at = now
            last.error = last.error or _("工作进程中断，发布结果未知。")
            last.save(update_fields=["finished_at", "error", "updated_at"])
        job.refresh_from_db()
        attempt = PublishAttempt.objects.create(
            center_id=job.center_id,
            job=job,
            started_at=now,
            outcome=AttemptOutcome.UNKNOWN,
            detail={"lookup": needs_lookup},
        )
        audit_transition(
            by=None,
            obj=job,
            field="state",
            old=old,
            new=JobState.IN_PROGRESS,
            verb=_("开始发布") if job.action == JobAction.PUBLISH else _("开始撤下"),
            extra={"attempt": job.attempts},
        )
        return job, attempt, needs_lookup


def job_run(*, job_id: int) -> PublishJob:
    """Run one job once: claim it, call its platform, record what came back.

    The claim is committed before the platform is called (not atomic as a whole).
    """
    now = timezone.now()
    job, attempt, needs_lookup = _claim(job_id, now)
    if attempt is None:
        return job
    connector = connector_for(job.channel)
    result: PublishResult | None = None
    error: ConnectorError | None = None
    looked_up = False
    try:
        if job.action == JobAction.WITHDRAW:
            connector.withdraw(job=job)
            result = PublishResult(external_id=job.external_id, url=job.url)
        else:
            if needs_lookup:
                result = connector.lookup(job=job)
                looked_up = result is not None
            if result is None:
                result = connector.publish(job=job)
    except ConnectorError as exc:
        error = exc
    except Exception as exc:
        log.exception("publish job %s: unexpected error", job.pk)
        error = UnknownOutcome(_("发布时出现意外错误：%(error)s") % {"error": exc})
    return _record(job.pk, attempt.pk, result, error, looked_up)


@transaction.atomic
def _record(
    job_id: int,
    attempt_id: int,
    result: PublishResult | None,
    error: ConnectorError | None,
    looked_up: bool,
) -> PublishJob:
    now = timezone.now()
    job = PublishJob.objects.select_for_update().select_related("channel", "version").get(pk=job_id)
    attempt = PublishAttempt.objects.get(pk=attempt_id)
    attempt.finished_at = now
    if error is None:
        attempt.outcome = AttemptOutcome.OK
        attempt.detail = {
            **attempt.detail,
            "looked_up": looked_up,
            "external_id": result.external_id,
        }
        attempt.save()
        if job.state != JobState.PUBLISHED:
            _done(job, by=None, result=result, when=now, origin=Origin.PLATFORM)
        return job
    unknown = isinstance(error, UnknownOutcome)
    attempt.outcome = AttemptOutcome.UNKNOWN if unknown else AttemptOutcome.ERROR
    attempt.error = error.message
    attempt.detail = {**attempt.detail, "code": error.code}
    attempt.save()
    ours = job.state == JobState.IN_PROGRESS and (
        job.attempts_log.order_by("-started_at", "-pk").values_list("pk", flat=True).first()
        == attempt.pk
    )
    if not ours:
        return job
    fields = ["state", "last_error", "next_attempt_at", "updated_at"]
    job.next_attempt_at = None
    if isinstance(error, CredentialsError):
        job.last_error = _(
            "渠道凭据已过期或无效，请在“自有渠道”中更新凭据后重试。平台返回：%(message)s"
        ) % {"message": error.message}
        _transition(job, JobState.FAILED, None, _("凭据失效"), error=error.message)
    elif unknown and (not error.retryable or _budget_used(job) >= MAX_ATTEMPTS):
        job.last_error = _(
            "无法确认是否已发出：%(message)s 请到平台后台核实：已发出请登记链接，未发出再点重试。"
        ) % {"message": error.message}
        _transition(job, JobState.MANUAL, None, _("结果未知，待人工核实"), error=error.message)
    elif error.retryable and _budget_used(job) < MAX_ATTEMPTS:
        job.last_error = error.message
        delay = BACKOFF[min(_budget_used(job), len(BACKOFF)) - 1]
        job.next_attempt_at = now + delay
        _transition(job, JobState.RETRYING, None, _("等待重试"), error=error.message)
        _enqueue(job, job.next_attempt_at)
    else:
        job.last_error = error.message
        _transition(job, JobState.FAILED, None, _("发布失败"), error=error.message)
    job.save(update_fields=fields)
    return job


def _done(
    job: PublishJob,
    *,
    by: User | None,
    result: PublishResult,
    when: dt.datetime,
    origin: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """The job's publication (or withdrawal) happened: record it and its publication."""
    job.external_id = result.external_id or job.external_id
    job.external_data = {**job.external_data, **result.data}
    job.url = result.url or job.url
    job.published_at = when
    job.last_error = ""
    job.next_attempt_at = None
    if by is not None and by.is_authenticated:
        job.confirmed_by = by
    verb = _("已发布") if job.action == JobAction.PUBLISH else _("已撤下")
    if origin == Origin.MANUAL:
        verb = _("人工确认发布") if job.action == JobAction.PUBLISH else _("人工确认撤下")
    _transition(job, JobState.PUBLISHED, by, verb, url=job.url, **(extra or {}))
    if job.action == JobAction.PUBLISH:
        job.publication = _publication_for(job, by=by, origin=origin)
        ChannelVersion.objects.filter(pk=job.version_id).exclude(status="withdrawn").update(
            status="published"
        )
        ChannelVersion.objects.filter(pk=job.version_id, published_at__isnull=True).update(
            published_at=when
        )
    job.save()


def _publication_for(job: PublishJob, *, by: User | None, origin: str) -> Publication:
    existing = (
        job.publication
        or Publication.objects.filter(version_id=job.version_id, channel_id=job.channel_id).first()
    )
    if existing is not None:
        return existing
    version = job.version
    story = version.story
    authors = "、".join(str(a.user) for a in story.authors.select_related("user"))
    publication = publication_create(
        by=by,
        center=job.channel.center,
        channel=job.channel,
        date=timezone.localdate(job.published_at),
        title=version.title[:300],
        kind=VERSION_KINDS.get(version.kind, PublicationKind.ARTICLE),
        column=story.columns.first(),
        campaigns=list(story.campaigns.all()),
        authors=authors[:300],
        url=job.url,
        origin=origin,
        version=version,
    )
    return publication


# -- what operators do -----------------------------------------------------------------------------


def _locked(job: PublishJob) -> PublishJob:
    return (
        PublishJob.objects.select_for_update()
        .select_related("channel", "version", "version__story")
        .get(pk=job.pk)
    )


@transaction.atomic
def job_retry(*, job: PublishJob, by: User | None) -> PublishJob:
    """Try a failed, waiting or interrupted job again now, with a fresh set of attempts.

    A job waiting because the platform could not tell whether it went out is retried
    only after the operator has checked that it did not: the unknown attempt is then
    recorded as not sent.
    """
    _require_operator(by, job.center_id)
    job = _locked(job)
    now = timezone.now()
    last = _last_attempt(job)
    stale = job.state == JobState.IN_PROGRESS and _is_stale(job, last, now)
    if job.state not in (JobState.FAILED, JobState.RETRYING, JobState.MANUAL) and not stale:
        raise ValidationError(_("该任务当前状态不能重试。"))
    if job.state == JobState.FAILED and job.version.status == "withdrawn":
        raise ValidationError(_("稿件已撤稿，不能再发布。"))
    if job.state == JobState.MANUAL and is_manual(job.channel):
        raise ValidationError(
            _(
                "该渠道没有发布接口或尚未填写凭据，请人工发布后登记链接，或先在“自有渠道”中填写凭据。"
            )
        )
    if job.state == JobState.MANUAL and last is not None and last.outcome == AttemptOutcome.UNKNOWN:
        last.outcome = AttemptOutcome.ERROR
        last.detail = {**last.detail, "checked_by": by.get_username() if by else ""}
        last.error = (last.error + " " + _("运营人员核实未发出。")).strip()
        last.save(update_fields=["outcome", "detail", "error", "updated_at"])
    if stale:
        # The interrupted attempt's outcome stays unknown: the next run asks the platform.
        job.external_data = {**job.external_data, "retry_base": job.attempts}
        job.save(update_fields=["external_data", "updated_at"])
        _enqueue(job)
        audit_transition(
            by=by, obj=job, field="state", old=job.state, new=job.state, verb=_("恢复中断的任务")
        )
        return job
    job.external_data = {**job.external_data, "retry_base": job.attempts}
    job.next_attempt_at = None
    job.scheduled_at = None if job.scheduled_at and job.scheduled_at > now else job.scheduled_at
    _transition(job, JobState.PENDING, by, _("重试"))
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def job_cancel(*, job: PublishJob, by: User | None) -> PublishJob:
    """Give up a job that has not gone out (pending, waiting to retry, or manual)."""
    _require_operator(by, job.center_id)
    job = _locked(job)
    if job.state not in OPEN_STATES:
        if job.state == JobState.IN_PROGRESS:
            raise ValidationError(_("任务正在发布中，不能取消。"))
        raise ValidationError(_("该任务已结束，不能取消。"))
    job.next_attempt_at = None
    _transition(job, JobState.CANCELLED, by, _("取消发布任务"))
    job.save(update_fields=["state", "next_attempt_at", "updated_at"])
    return job


def _check_url(job: PublishJob, url: str) -> str:
    url = (url or "").strip()
    if not url:
        if job.action == JobAction.PUBLISH and job.channel.platform not in NO_URL_PLATFORMS:
            raise ValidationError({"url": _("请填写发布链接。")})
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": _("发布链接格式不正确，应以 http:// 或 https:// 开头。")}
        ) from exc
    if len(url) > 500:
        raise ValidationError({"url": _("发布链接太长（最多 500 个字符）。")})
    return url


@transaction.atomic
def job_confirm_manual(
    *,
    job: PublishJob,
    by: User | None,
    url: str = "",
    published_at: dt.datetime | None = None,
    from_rundown: bool = False,
) -> PublishJob:
    """An operator published (or took down) by hand: record where and when.

    TV and radio need no link (programmes confirms them when the version is put into an
    episode's rundown). With `from_rundown` the confirmation comes from putting the version
    into a rundown: whoever may edit the rundown confirms on its authority (the caller
    checked that), so `by` need not be an operator; `by` is still recorded as the
    confirmer and the audit entry says it came through the rundown.
    """
    if not from_rundown:
        _require_operator(by, job.center_id)
    job = _locked(job)
    now = timezone.now()
    if job.state == JobState.PUBLISHED:
        raise ValidationError(_("该任务已完成。"))
    if job.state == JobState.CANCELLED:
        raise ValidationError(_("该任务已取消。"))
    if job.state == JobState.IN_PROGRESS and not _is_stale(job, _last_attempt(job), now):
        raise ValidationError(_("任务正在发布中，请稍后再登记。"))
    if job.action == JobAction.PUBLISH and job.version.status == "withdrawn":
        raise ValidationError(_("稿件已撤稿，不能再登记发布。"))
    url = _check_url(job, url)
    when = published_at or now
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if when > now + dt.timedelta(minutes=5):
        raise ValidationError({"published_at": _("发布时间不能晚于现在。")})
    _done(
        job,
        by=by,
        result=PublishResult(url=url),
        when=when,
        origin=Origin.MANUAL,
        extra={"from_rundown": True} if from_rundown else None,
    )
    return job


# -- sweeping ---------------------------------------------------------------------------------------


def _due_ids(now: dt.datetime) -> list[int]:
    return list(
        PublishJob.objects.filter(
            Q(state=JobState.PENDING, scheduled_at__isnull=True)
            | Q(state=JobState.PENDING, scheduled_at__lte=now)
            | Q(state=JobState.RETRYING, next_attempt_at__isnull=True)
            | Q(state=JobState.RETRYING, next_attempt_at__lte=now)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def _stale_ids(now: dt.datetime) -> list[int]:
    return list(
        PublishJob.objects.filter(state=JobState.IN_PROGRESS)
        .exclude(attempts_log__started_at__gt=now - LEASE)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def jobs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Hand due jobs to a worker and take up jobs whose worker was lost (lease expired).

    Run every minute or so (`manage.py publish_jobs`, or the task `jobs_sweep_task`).
    Handing a job over twice is harmless: `job_run` claims it once.
    """
    now = now or timezone.now()
    due, stale = _due_ids(now), _stale_ids(now)
    for pk in [*due, *stale]:
        _enqueue_id(pk)
    return {"due": len(due), "stale": len(stale)}


def jobs_resume_stale(*, now: dt.datetime | None = None) -> int:
    """Take up the jobs whose worker was lost mid-call; how many.

    Resuming asks the platform first whether the interrupted attempt went out.
    """
    stale = _stale_ids(now or timezone.now())
    for pk in stale:
        _enqueue_id(pk)
    return len(stale)


def _enqueue_id(job_id: int) -> None:
    from .tasks import job_run_task

    transaction.on_commit(lambda: job_run_task.enqueue(job_id))
