"""Programmes owns TV/radio programmes and their episodes, live streams and productions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from rongmei.core.audit import (
    audit_create,
    audit_delete,
    audit_record,
    audit_transition,
    audit_update,
    snapshot,
)
from rongmei.core.changes import apply_changes as _apply
from rongmei.core.changes import check_campaigns as _check_campaigns
from rongmei.core.changes import check_same_center as _check_center
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import record_delete, record_update

from .models import (
    COUNTED_KINDS,
    Episode,
    LiveStatus,
    LiveStream,
    Production,
    Programme,
    RundownItem,
    RundownKind,
    RundownStatus,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.distribution.models import Channel
    from rongmei.newsroom.models import Campaign, Column

PROGRAMME_FIELDS = frozenset({"name", "channel"})
EPISODE_FIELDS = frozenset({"items", "duration_minutes", "channel"})
LIVE_STREAM_FIELDS = frozenset(
    {"date", "title", "platforms", "viewers", "starts_at", "ends_at", "status", "links"}
)
PRODUCTION_FIELDS = frozenset({"date", "title", "kind", "column", "airings"})
RUNDOWN_ITEM_FIELDS = frozenset({"title", "kind", "duration_seconds", "presenter_notes", "script"})
MAX_ITEM_SECONDS = 3 * 3600


def _set_campaigns(
    *, by: User | None, obj: Any, campaigns: Iterable[Campaign] | None, audit: bool
) -> None:
    if campaigns is None:
        return
    new = _check_campaigns(obj.center_id, campaigns)
    old_names = sorted(c.name for c in obj.campaigns.all())
    obj.campaigns.set(new)
    new_names = sorted(c.name for c in new)
    if audit and old_names != new_names:
        audit_record(
            action=AuditAction.UPDATE, by=by, obj=obj, changes={"campaigns": [old_names, new_names]}
        )


@transaction.atomic
def programme_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    channel: Channel | None = None,
    audit: bool = True,
) -> Programme:
    _check_center(center.pk, channel=channel)
    programme = Programme(center=center, name=name.strip(), channel=channel)
    programme.full_clean()
    programme.save()
    if audit:
        audit_create(by=by, obj=programme)
    return programme


@transaction.atomic
def programme_update(
    *, by: User | None, programme: Programme, audit: bool = True, **changes: Any
) -> Programme:
    before = snapshot(programme)
    _apply(programme, changes, PROGRAMME_FIELDS)
    _check_center(programme.center_id, channel=programme.channel)
    programme.full_clean()
    programme.save()
    if audit:
        audit_update(by=by, obj=programme, before=before)
    return programme


@transaction.atomic
def programme_delete(*, by: User | None, programme: Programme) -> None:
    """Delete a programme that has no episodes recorded (they would lose their programme)."""
    if programme.episodes.exists():
        raise ValidationError(_("该节目已有播出记录，不能删除。"))
    record_delete(by=by, obj=programme)


@transaction.atomic
def episode_record(
    *,
    by: User | None,
    center: Center,
    programme: Programme,
    date: dt.date,
    items: int,
    duration_minutes: int | None = None,
    channel: Channel | None = None,
    audit: bool = True,
) -> Episode:
    """Record the episode (期) of a programme aired on a day; one per programme and day.

    Recording a day again updates it; `None` leaves duration and channel as they were.
    """
    _check_center(center.pk, programme=programme, channel=channel)
    episode = Episode.objects.filter(center=center, programme=programme, date=date).first()
    if episode is None:
        episode = Episode(
            center=center,
            programme=programme,
            date=date,
            items=items,
            duration_minutes=duration_minutes,
            channel=channel,
        )
        episode.full_clean()
        episode.save()
        if audit:
            audit_create(by=by, obj=episode)
        return episode
    before = snapshot(episode)
    # An episode planned in a rundown counts its rundown's news items, not a recorded figure.
    changes: dict[str, Any] = (
        {} if episode.rundown_status != RundownStatus.NONE else {"items": items}
    )
    if duration_minutes is not None:
        changes["duration_minutes"] = duration_minutes
    if channel is not None:
        changes["channel"] = channel
    _apply(episode, changes, EPISODE_FIELDS)
    episode.full_clean()
    episode.save()
    if audit:
        audit_update(by=by, obj=episode, before=before)
    return episode


EPISODE_FORM_FIELDS = frozenset({"programme", "date", "items", "duration_minutes", "channel"})


@transaction.atomic
def episode_create(
    *,
    by: User | None,
    center: Center,
    programme: Programme,
    date: dt.date,
    items: int = 0,
    duration_minutes: int | None = None,
    channel: Channel | None = None,
) -> Episode:
    """A new episode; unlike `episode_record` (ledgers), a day already recorded is refused."""
    if Episode.objects.filter(center=center, programme=programme, date=date).exists():
        raise ValidationError({"date": _("该节目当天已有播出记录。")})
    return episode_record(
        by=by,
        center=center,
        programme=programme,
        date=date,
        items=items,
        duration_minutes=duration_minutes,
        channel=channel,
    )


@transaction.atomic
def episode_update(*, by: User | None, episode: Episode, **changes: Any) -> Episode:
    """Change an episode's facts; an episode with a rundown counts its rundown's items."""

    def check(ep: Episode) -> None:
        _check_center(ep.center_id, programme=ep.programme, channel=ep.channel)
        if (
            "items" in changes
            and episode.rundown_status != RundownStatus.NONE
            and changes["items"] != stored_items
        ):
            raise ValidationError(
                {"items": _("本期已有串联单，条数按串联单中的新闻条目自动计算。")}
            )

    stored_items = episode.items
    return record_update(
        by=by, obj=episode, allowed=EPISODE_FORM_FIELDS, changes=changes, check=check
    )


@transaction.atomic
def episode_delete(*, by: User | None, episode: Episode) -> None:
    """Delete an episode and its rundown; a locked rundown must be unlocked first."""
    if episode.rundown_status == RundownStatus.LOCKED:
        raise ValidationError(_("串联单已锁定，不能删除；请先解除锁定。"))
    record_delete(by=by, obj=episode)


# ---------------------------------------------------------------------------
# Live streams (直播)


def check_duty_staff(center_id: int, users: Iterable[User]) -> list[User]:
    """The duty staff given, as a list, if every one is active staff of the center."""
    from rongmei.accounts.models import Membership

    users = list(users)
    ids = {u.pk for u in users}
    members = set(
        Membership.objects.filter(center_id=center_id, is_active=True, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [u for u in users if u.pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "duty_staff": _("值班人员必须是本中心的在岗人员：%(names)s")
                % {"names": "、".join(str(u) for u in outsiders)}
            }
        )
    return users


def check_channels(center_id: int, channels: Iterable[Channel]) -> list[Channel]:
    channels = list(channels)
    if any(c.center_id != center_id for c in channels):
        raise ValidationError({"channels": _("直播渠道不属于本中心。")})
    return channels


def _set_m2m(*, by: User | None, obj: Any, field: str, values: list[Any], audit: bool) -> None:
    manager = getattr(obj, field)
    old = sorted(str(v) for v in manager.all())
    manager.set(values)
    new = sorted(str(v) for v in values)
    if audit and old != new:
        audit_record(action=AuditAction.UPDATE, by=by, obj=obj, changes={field: [old, new]})


def live_stream_default_status(date: dt.date, viewers: int) -> str:
    """Streams recorded with viewers, or for a past day (ledgers), have ended."""
    if viewers or date < timezone.localdate():
        return LiveStatus.ENDED
    return LiveStatus.PLANNED


@transaction.atomic
def live_stream_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    title: str,
    platforms: str = "",
    viewers: int = 0,
    campaigns: Iterable[Campaign] = (),
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    status: str | None = None,
    links: str = "",
    channels: Iterable[Channel] = (),
    duty_staff: Iterable[User] = (),
    audit: bool = True,
) -> LiveStream:
    campaigns = _check_campaigns(center.pk, campaigns)
    channels = check_channels(center.pk, channels)
    duty_staff = check_duty_staff(center.pk, duty_staff)
    stream = LiveStream(
        center=center,
        date=date,
        title=title.strip(),
        platforms=platforms,
        viewers=viewers,
        starts_at=starts_at,
        ends_at=ends_at,
        status=status or live_stream_default_status(date, viewers),
        links=links.strip(),
    )
    stream.full_clean()
    stream.save()
    if campaigns:
        stream.campaigns.set(campaigns)
    if channels:
        stream.channels.set(channels)
    if duty_staff:
        stream.duty_staff.set(duty_staff)
    if audit:
        audit_create(by=by, obj=stream)
    return stream


@transaction.atomic
def live_stream_update(
    *,
    by: User | None,
    live_stream: LiveStream,
    campaigns: Iterable[Campaign] | None = None,
    channels: Iterable[Channel] | None = None,
    duty_staff: Iterable[User] | None = None,
    audit: bool = True,
    **changes: Any,
) -> LiveStream:
    before = snapshot(live_stream)
    _apply(live_stream, changes, LIVE_STREAM_FIELDS)
    if (
        changes.get("viewers")
        and "status" not in changes
        and live_stream.status in (LiveStatus.PLANNED, LiveStatus.LIVE)
        and live_stream.date < timezone.localdate()
    ):
        # A ledger reporting the viewers of a past stream: it has ended.
        live_stream.status = LiveStatus.ENDED
    live_stream.full_clean()
    live_stream.save()
    _set_campaigns(by=by, obj=live_stream, campaigns=campaigns, audit=audit)
    if channels is not None:
        channels = check_channels(live_stream.center_id, channels)
        _set_m2m(by=by, obj=live_stream, field="channels", values=channels, audit=audit)
    if duty_staff is not None:
        duty_staff = check_duty_staff(live_stream.center_id, duty_staff)
        _set_m2m(by=by, obj=live_stream, field="duty_staff", values=duty_staff, audit=audit)
    if audit:
        audit_update(by=by, obj=live_stream, before=before)
    return live_stream


def live_stream_initial_status(date: dt.date) -> str:
    """A stream entered in the admin: planned, or ended if its day is past."""
    return LiveStatus.ENDED if date < timezone.localdate() else LiveStatus.PLANNED


@transaction.atomic
def live_stream_plan(
    *, by: User | None, center: Center, date: dt.date, **fields: Any
) -> LiveStream:
    """A stream entered by staff: its status follows the day (never typed in); it then
    moves by `live_stream_start`, `live_stream_end` or `live_stream_cancel`."""
    fields.pop("status", None)
    return live_stream_create(
        by=by, center=center, date=date, status=live_stream_initial_status(date), **fields
    )


# Which status each transition may start from.
LIVE_TRANSITIONS = {
    LiveStatus.LIVE: (LiveStatus.PLANNED,),
    LiveStatus.ENDED: (LiveStatus.PLANNED, LiveStatus.LIVE),
    LiveStatus.CANCELLED: (LiveStatus.PLANNED,),
}


def live_stream_can_move(stream: LiveStream, status: str) -> bool:
    return stream.status in LIVE_TRANSITIONS[status]


def _live_transition(
    *, by: User | None, live_stream: LiveStream, status: str, verb: str
) -> LiveStream:
    stream = LiveStream.objects.select_for_update().get(pk=live_stream.pk)
    if not live_stream_can_move(stream, status):
        raise ValidationError(
            _("直播状态不能从“%(old)s”变为“%(new)s”。")
            % {"old": LiveStatus(stream.status).label, "new": LiveStatus(status).label}
        )
    old = stream.status
    stream.status = status
    stream.full_clean()
    stream.save(update_fields=["status", "updated_at"])
    audit_transition(by=by, obj=stream, field="status", old=old, new=status, verb=verb)
    return stream


@transaction.atomic
def live_stream_start(*, by: User | None, live_stream: LiveStream) -> LiveStream:
    return _live_transition(
        by=by, live_stream=live_stream, status=LiveStatus.LIVE, verb=_("开始直播")
    )


@transaction.atomic
def live_stream_end(*, by: User | None, live_stream: LiveStream) -> LiveStream:
    return _live_transition(
        by=by, live_stream=live_stream, status=LiveStatus.ENDED, verb=_("结束直播")
    )


@transaction.atomic
def live_stream_cancel(*, by: User | None, live_stream: LiveStream) -> LiveStream:
    return _live_transition(
        by=by, live_stream=live_stream, status=LiveStatus.CANCELLED, verb=_("取消直播")
    )


@transaction.atomic
def live_stream_delete(*, by: User | None, live_stream: LiveStream) -> None:
    record_delete(by=by, obj=live_stream)


@transaction.atomic
def live_stream_record_viewers(
    *, by: User | None, live_stream: LiveStream, viewers: int
) -> LiveStream:
    """Record the viewer count of a stream that has ended (never of a planned or live one)."""
    stream = LiveStream.objects.select_for_update().get(pk=live_stream.pk)
    if stream.status != LiveStatus.ENDED:
        raise ValidationError({"viewers": _("直播结束后才能填写观看量。")})
    if viewers < 0:
        raise ValidationError({"viewers": _("观看量不能为负数。")})
    before = snapshot(stream)
    stream.viewers = viewers
    stream.full_clean()
    stream.save(update_fields=["viewers", "updated_at"])
    audit_update(by=by, obj=stream, before=before, verb=_("填写观看量"))
    return stream


# ---------------------------------------------------------------------------
# Productions (作品)


@transaction.atomic
def production_create(
    *,
    by: User | None,
    center: Center,
    date: dt.date,
    title: str,
    kind: str,
    column: Column | None = None,
    campaigns: Iterable[Campaign] = (),
    airings: int = 0,
    audit: bool = True,
) -> Production:
    _check_center(center.pk, column=column)
    campaigns = _check_campaigns(center.pk, campaigns)
    production = Production(
        center=center, date=date, title=title.strip(), kind=kind, column=column, airings=airings
    )
    production.full_clean()
    production.save()
    if campaigns:
        production.campaigns.set(campaigns)
    if audit:
        audit_create(by=by, obj=production)
    return production


@transaction.atomic
def production_update(
    *,
    by: User | None,
    production: Production,
    campaigns: Iterable[Campaign] | None = None,
    audit: bool = True,
    **changes: Any,
) -> Production:
    before = snapshot(production)
    _apply(production, changes, PRODUCTION_FIELDS)
    _check_center(production.center_id, column=production.column)
    production.full_clean()
    production.save()
    _set_campaigns(by=by, obj=production, campaigns=campaigns, audit=audit)
    if audit:
        audit_update(by=by, obj=production, before=before)
    return production


@transaction.atomic
def production_delete(*, by: User | None, production: Production) -> None:
    record_delete(by=by, obj=production)


# ---------------------------------------------------------------------------
# Rundowns (串联单)

RUNDOWN_VERSION_KINDS = ("tv", "radio")
SIGNED_OFF_VERSION_STATUSES = ("ready", "published")


def _locked_episode(episode: Episode) -> Episode:
    """The episode row, locked for this transaction: rundown edits of one episode queue up."""
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.rundown_status == RundownStatus.LOCKED:
        raise ValidationError(_("串联单已锁定，不能修改；请先解除锁定。"))
    return locked


def _renumber(episode: Episode) -> list[RundownItem]:
    """Positions 1…n in rundown order, with no gaps."""
    items = list(RundownItem.objects.filter(episode=episode).order_by("position", "id"))
    changed = []
    for n, item in enumerate(items, start=1):
        if item.position != n:
            item.position = n
            changed.append(item)
    if changed:
        RundownItem.objects.bulk_update(changed, ["position"])
    return items


def _sync_items(episode: Episode) -> None:
    """An episode with a rundown counts the rundown's news items (what statistics read)."""
    if episode.rundown_status == RundownStatus.NONE:
        return
    count = RundownItem.objects.filter(episode=episode, kind__in=COUNTED_KINDS).count()
    if episode.items != count:
        Episode.objects.filter(pk=episode.pk).update(items=count, updated_at=timezone.now())
        episode.items = count


def _check_duration(seconds: int) -> None:
    if seconds is None or seconds < 0 or seconds > MAX_ITEM_SECONDS:
        raise ValidationError(
            {"duration_seconds": _("时长应在 0 到 %(max)s 秒之间。") % {"max": MAX_ITEM_SECONDS}}
        )


def version_script(version: Any) -> str:
    """The version's body as plain text, one paragraph a line."""
    import re

    body = re.sub(r"(?i)</p>|<br\s*/?>|</h\d>|</li>", "\n", version.body or "")
    text = strip_tags(body)
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _check_version(episode: Episode, version: Any) -> None:
    if version.center_id != episode.center_id:
        raise ValidationError({"version": _("渠道版本不属于本中心。")})
    if version.kind not in RUNDOWN_VERSION_KINDS:
        raise ValidationError({"version": _("只有电视稿或广播稿可以编入串联单。")})
    if version.status not in SIGNED_OFF_VERSION_STATUSES or version.story.stage != "published":
        raise ValidationError({"version": _("只有已签发的电视稿或广播稿可以编入串联单。")})
    taken = (
        RundownItem.objects.filter(center_id=episode.center_id, version=version)
        .select_related("episode__programme")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "version": _("该版本已编入《%(programme)s》%(date)s 的串联单。")
                % {"programme": taken.episode.programme.name, "date": taken.episode.date}
            }
        )


def _confirm_broadcast_jobs(*, version: Any, by: User | None) -> int:
    """A TV/radio version in a rundown is going out on air: confirm its open publish jobs on
    the center's TV/radio channels (distribution's manual confirmation).

    Whoever may edit the rundown confirms through it, channel operator or not: the job is
    confirmed on the rundown's authority (`from_rundown`) and names `by` as its confirmer.
    A job distribution refuses to confirm stays open.
    """
    from rongmei.distribution.models import JobAction, JobState, PublishJob
    from rongmei.distribution.publishing import job_confirm_manual

    open_states = (JobState.PENDING, JobState.RETRYING, JobState.MANUAL)
    jobs = PublishJob.objects.filter(
        center_id=version.center_id,
        version=version,
        action=JobAction.PUBLISH,
        state__in=open_states,
        channel__platform__in=RUNDOWN_VERSION_KINDS,
    ).select_related("channel", "version")
    confirmed = 0
    for job in jobs:
        try:
            job_confirm_manual(job=job, by=by, from_rundown=True)
        except ValidationError:
            continue
        confirmed += 1
    return confirmed


@transaction.atomic
def rundown_item_add(
    *,
    episode: Episode,
    by: User | None,
    version: Any = None,
    title: str = "",
    kind: str = RundownKind.NEWS,
    duration_seconds: int = 0,
    presenter_notes: str = "",
    audit: bool = True,
) -> RundownItem:
    """Append an item to the episode's rundown: a signed-off TV/radio version (its title
    and text copied as the script) or a free item (口播, 片花, 广告…) with a title."""
    episode = _locked_episode(episode)
    if kind not in RundownKind.values:
        raise ValidationError({"kind": _("条目类型无效。")})
    _check_duration(duration_seconds)
    script = ""
    story = None
    if version is not None:
        _check_version(episode, version)
        title = title.strip() or version.title
        script = version_script(version)
        story = version.story
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("请填写条目标题。")})
    last = RundownItem.objects.filter(episode=episode).aggregate(m=Max("position"))["m"] or 0
    item = RundownItem(
        center_id=episode.center_id,
        episode=episode,
        position=last + 1,
        title=title[:200],
        kind=kind,
        story=story,
        version=version,
        duration_seconds=duration_seconds,
        presenter_notes=presenter_notes.strip(),
        script=script,
    )
    item.full_clean()
    item.save()
    if episode.rundown_status == RundownStatus.NONE:
        Episode.objects.filter(pk=episode.pk).update(rundown_status=RundownStatus.DRAFT)
        episode.rundown_status = RundownStatus.DRAFT
    _sync_items(episode)
    if audit:
        audit_create(by=by, obj=item)
    if version is not None:
        _confirm_broadcast_jobs(version=version, by=by)
    return item


@transaction.atomic
def rundown_item_update(*, item: RundownItem, by: User | None, **changes: Any) -> RundownItem:
    """Edit an item's title, kind, duration, presenter notes or script."""
    _locked_episode(item.episode)
    item = RundownItem.objects.get(pk=item.pk)
    before = snapshot(item)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise ValidationError({"title": _("请填写条目标题。")})
    if "duration_seconds" in changes:
        _check_duration(changes["duration_seconds"])
    if "kind" in changes and changes["kind"] not in RundownKind.values:
        raise ValidationError({"kind": _("条目类型无效。")})
    _apply(item, changes, RUNDOWN_ITEM_FIELDS)
    item.full_clean()
    item.save()
    _sync_items(item.episode)
    audit_update(by=by, obj=item, before=before)
    return item


@transaction.atomic
def rundown_item_remove(*, item: RundownItem, by: User | None) -> None:
    """Take an item out of the rundown; the positions after it close up."""
    episode = _locked_episode(item.episode)
    item = RundownItem.objects.get(pk=item.pk)
    audit_delete(by=by, obj=item)
    item.delete()
    _renumber(episode)
    _sync_items(episode)


@transaction.atomic
def rundown_item_move(*, item: RundownItem, by: User | None, direction: str) -> RundownItem:
    """Move an item one place up or down (at either end it stays where it is)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("移动方向无效。"))
    episode = _locked_episode(item.episode)
    items = _renumber(episode)
    index = next((i for i, it in enumerate(items) if it.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("该条目已不在串联单中。"))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return items[index]
    order = [it.pk for it in items]
    order[index], order[other] = order[other], order[index]
    return _apply_order(episode=episode, items=items, order=order, by=by)[item.pk]


def _apply_order(
    *, episode: Episode, items: list[RundownItem], order: list[int], by: User | None
) -> dict[int, RundownItem]:
    by_pk = {it.pk: it for it in items}
    old = [it.pk for it in items]
    changed = []
    for n, pk in enumerate(order, start=1):
        it = by_pk[pk]
        if it.position != n:
            it.position = n
            changed.append(it)
    if changed:
        RundownItem.objects.bulk_update(changed, ["position"])
        audit_transition(
            by=by, obj=episode, field="rundown_order", old=old, new=order, verb=_("调整串联单顺序")
        )
    return by_pk


@transaction.atomic
def rundown_reorder(*, episode: Episode, by: User | None, order: list[int]) -> list[RundownItem]:
    """Put the rundown in the order given: every item of the episode exactly once."""
    episode = _locked_episode(episode)
    items = _renumber(episode)
    if sorted(order) != sorted(it.pk for it in items) or len(set(order)) != len(order):
        raise ValidationError(_("新的顺序须包含本期串联单的全部条目，且每条只出现一次。"))
    by_pk = _apply_order(episode=episode, items=items, order=list(order), by=by)
    return [by_pk[pk] for pk in order]


@transaction.atomic
def rundown_lock(
    *, episode: Episode, by: User | None, locked: bool = True, audit: bool = True
) -> Episode:
    """Lock a rundown for broadcast (no more edits), or unlock it to edit again."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.rundown_status == RundownStatus.NONE:
        raise ValidationError(_("本期还没有串联单。"))
    new = RundownStatus.LOCKED if locked else RundownStatus.DRAFT
    if episode.rundown_status != new:
        old = episode.rundown_status
        episode.rundown_status = new
        episode.save(update_fields=["rundown_status", "updated_at"])
        if audit:
            audit_transition(
                by=by,
                obj=episode,
                field="rundown_status",
                old=old,
                new=new,
                verb=_("锁定串联单") if locked else _("解除串联单锁定"),
            )
    return episode


@transaction.atomic
def episode_rundown_lock(*, by: User | None, episode: Episode) -> Episode:
    """Lock the episode's rundown for broadcast (the admin's 锁定串联单 button)."""
    return rundown_lock(episode=episode, by=by, locked=True)


@transaction.atomic
def episode_rundown_unlock(*, by: User | None, episode: Episode) -> Episode:
    return rundown_lock(episode=episode, by=by, locked=False)
