"""Programmes owns TV/radio programmes and their episodes, live streams and productions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rongmei.core.audit import audit_create, audit_record, audit_update, snapshot
from rongmei.core.changes import apply_changes as _apply
from rongmei.core.changes import check_campaigns as _check_campaigns
from rongmei.core.changes import check_same_center as _check_center
from rongmei.core.models import AuditAction, Center

from .models import Episode, LiveStream, Production, Programme

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.distribution.models import Channel
    from rongmei.newsroom.models import Campaign, Column

PROGRAMME_FIELDS = frozenset({"name", "channel"})
EPISODE_FIELDS = frozenset({"items", "duration_minutes", "channel"})
LIVE_STREAM_FIELDS = frozenset({"date", "title", "platforms", "viewers"})
PRODUCTION_FIELDS = frozenset({"date", "title", "kind", "column"})


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
    changes: dict[str, Any] = {"items": items}
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
    audit: bool = True,
) -> LiveStream:
    campaigns = _check_campaigns(center.pk, campaigns)
    stream = LiveStream(
        center=center, date=date, title=title.strip(), platforms=platforms, viewers=viewers
    )
    stream.full_clean()
    stream.save()
    if campaigns:
        stream.campaigns.set(campaigns)
    if audit:
        audit_create(by=by, obj=stream)
    return stream


@transaction.atomic
def live_stream_update(
    *,
    by: User | None,
    live_stream: LiveStream,
    campaigns: Iterable[Campaign] | None = None,
    audit: bool = True,
    **changes: Any,
) -> LiveStream:
    before = snapshot(live_stream)
    _apply(live_stream, changes, LIVE_STREAM_FIELDS)
    live_stream.full_clean()
    live_stream.save()
    _set_campaigns(by=by, obj=live_stream, campaigns=campaigns, audit=audit)
    if audit:
        audit_update(by=by, obj=live_stream, before=before)
    return live_stream


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
    audit: bool = True,
) -> Production:
    _check_center(center.pk, column=column)
    campaigns = _check_campaigns(center.pk, campaigns)
    production = Production(center=center, date=date, title=title.strip(), kind=kind, column=column)
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
