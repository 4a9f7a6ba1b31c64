"""Distribution owns the center's own channels, what went out on them and their audience."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_record, audit_update, snapshot
from rongmei.core.changes import apply_changes as _apply
from rongmei.core.changes import check_campaigns as _check_campaigns
from rongmei.core.changes import check_same_center as _check_center
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import record_delete, record_update

from .clients.outbound import api_base_check
from .models import (
    AudienceFigure,
    Channel,
    FigureSource,
    Origin,
    Publication,
    PublicationFigure,
    PublicationKind,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.newsroom.models import Campaign, ChannelVersion, Column

CHANNEL_FIELDS = frozenset({"name", "platform", "is_active", "account_id", "api_base"})
PUBLICATION_FIELDS = frozenset(
    {
        "channel", "date", "title", "kind", "column", "views", "likes", "shares",
        "comments", "authors", "url", "ref", "origin",
    }
)  # fmt: skip


@transaction.atomic
def channel_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    platform: str,
    is_active: bool = True,
    account_id: str = "",
    api_base: str = "",
    audit: bool = True,
) -> Channel:
    channel = Channel(
        center=center,
        name=name.strip(),
        platform=platform,
        is_active=is_active,
        account_id=account_id.strip(),
        api_base=api_base.strip(),
    )
    channel.full_clean()
    api_base_check(channel)  # only the platform's own API hosts (no SSRF)
    channel.save()
    if audit:
        audit_create(by=by, obj=channel)
    return channel


@transaction.atomic
def channel_update(
    *, by: User | None, channel: Channel, audit: bool = True, **changes: Any
) -> Channel:
    before = snapshot(channel)
    _apply(channel, changes, CHANNEL_FIELDS)
    channel.full_clean()
    api_base_check(channel)  # only the platform's own API hosts (no SSRF)
    channel.save()
    if audit:
        audit_update(by=by, obj=channel, before=before)
    return channel


@transaction.atomic
def publication_create(
    *,
    by: User | None,
    center: Center,
    channel: Channel,
    date: dt.date,
    title: str,
    kind: str = PublicationKind.ARTICLE,
    column: Column | None = None,
    campaigns: Iterable[Campaign] = (),
    views: int = 0,
    likes: int = 0,
    shares: int = 0,
    comments: int = 0,
    authors: str = "",
    url: str = "",
    ref: str = "",
    origin: str = Origin.MANUAL,
    version: ChannelVersion | None = None,
    audit: bool = True,
) -> Publication:
    """Record something that went out on an own channel, with its reach so far."""
    _check_center(center.pk, channel=channel, column=column)
    campaigns = _check_campaigns(center.pk, campaigns)
    publication = Publication(
        center=center,
        channel=channel,
        date=date,
        title=title.strip(),
        kind=kind,
        column=column,
        views=views,
        likes=likes,
        shares=shares,
        comments=comments,
        authors=authors,
        url=url,
        ref=ref.strip(),
        origin=origin,
        version=version,
    )
    if version is not None and version.center_id != center.pk:
        raise ValidationError({"version": _("渠道版本不属于本中心。")})
    publication.full_clean()
    publication.save()
    if campaigns:
        publication.campaigns.set(campaigns)
    if audit:
        audit_create(by=by, obj=publication)
    return publication


@transaction.atomic
def publication_update(
    *,
    by: User | None,
    publication: Publication,
    campaigns: Iterable[Campaign] | None = None,
    audit: bool = True,
    **changes: Any,
) -> Publication:
    """Change a publication's fields (e.g. newer reach figures); `campaigns` replaces its tags."""
    before = snapshot(publication)
    _apply(publication, changes, PUBLICATION_FIELDS)
    _check_center(publication.center_id, channel=publication.channel, column=publication.column)
    publication.full_clean()
    publication.save()
    if campaigns is not None:
        new = _check_campaigns(publication.center_id, campaigns)
        old_names = sorted(c.name for c in publication.campaigns.all())
        publication.campaigns.set(new)
        new_names = sorted(c.name for c in new)
        if audit and old_names != new_names:
            audit_record(
                action=AuditAction.UPDATE,
                by=by,
                obj=publication,
                changes={"campaigns": [old_names, new_names]},
            )
    if audit:
        audit_update(by=by, obj=publication, before=before)
    return publication


@transaction.atomic
def audience_record(
    *,
    by: User | None,
    center: Center,
    channel: Channel,
    date: dt.date,
    followers: int | None = None,
    visits: int | None = None,
    audit: bool = True,
) -> AudienceFigure:
    """Record a channel's figures for a day: one row per channel and day, updated in place.

    `None` leaves a figure as it was (unknown is not zero).
    """
    _check_center(center.pk, channel=channel)
    figure = AudienceFigure.objects.filter(center=center, channel=channel, date=date).first()
    if figure is None:
        figure = AudienceFigure(
            center=center, channel=channel, date=date, followers=followers, visits=visits
        )
        figure.full_clean()
        figure.save()
        if audit:
            audit_create(by=by, obj=figure)
        return figure
    before = snapshot(figure)
    if followers is not None:
        figure.followers = followers
    if visits is not None:
        figure.visits = visits
    figure.full_clean()
    figure.save()
    if audit:
        audit_update(by=by, obj=figure, before=before)
    return figure


FIGURE_NAMES = ("views", "likes", "shares", "comments")


@transaction.atomic
def publication_figures_record(
    *,
    by: User | None,
    publication: Publication,
    date: dt.date,
    source: str = FigureSource.MANUAL,
    add: bool = False,
    audit: bool = True,
    **figures: int | None,
) -> PublicationFigure:
    """Record a publication's cumulative reach on a day (one row per day, updated in place).

    With `add=True` the figures are increments (the site's own page-view counter);
    otherwise they are totals as the platform reports them. `None` leaves a figure as it
    was. The publication's own totals follow its latest day.
    """
    unknown = set(figures) - set(FIGURE_NAMES)
    if unknown:
        raise TypeError(f"unknown figures: {sorted(unknown)}")
    values = {k: v for k, v in figures.items() if v is not None}
    for name, value in values.items():
        if value < 0:
            raise ValidationError({name: _("数值不能为负数。")})
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    row = PublicationFigure.objects.filter(publication=publication, date=date).first()
    if row is None:
        # A new day starts from the latest earlier totals, so increments accumulate.
        latest = (
            PublicationFigure.objects.filter(publication=publication, date__lt=date)
            .order_by("-date")
            .first()
        )
        base = {k: getattr(latest, k) if latest else 0 for k in FIGURE_NAMES}
        row = PublicationFigure(
            center_id=publication.center_id, publication=publication, date=date, **base
        )
    before = {k: getattr(row, k) for k in FIGURE_NAMES}
    for name, value in values.items():
        setattr(row, name, getattr(row, name) + value if add else value)
    row.source = source
    row.full_clean()
    row.save()
    newest = PublicationFigure.objects.filter(publication=publication).order_by("-date").first()
    if newest is not None and newest.pk == row.pk:
        for name in FIGURE_NAMES:
            setattr(publication, name, getattr(row, name))
        publication.figures_updated_at = timezone.now()
        publication.save(update_fields=[*FIGURE_NAMES, "figures_updated_at", "updated_at"])
    if audit:
        after = {k: getattr(row, k) for k in FIGURE_NAMES}
        audit_record(
            action=AuditAction.UPDATE,
            by=by,
            obj=publication,
            changes={k: [before[k], after[k]] for k in FIGURE_NAMES if before[k] != after[k]},
            verb="传播数据",
        )
    return row


# -- deletes and edits made from the admin -------------------------------------------


@transaction.atomic
def channel_delete(*, by: User | None, channel: Channel) -> None:
    record_delete(by=by, obj=channel)


@transaction.atomic
def publication_delete(*, by: User | None, publication: Publication) -> None:
    record_delete(by=by, obj=publication)


@transaction.atomic
def audience_figure_update(
    *, by: User | None, figure: AudienceFigure, **changes: Any
) -> AudienceFigure:
    def check(obj: AudienceFigure) -> None:
        _check_center(obj.center_id, channel=obj.channel)

    return record_update(
        by=by,
        obj=figure,
        allowed={"channel", "date", "followers", "visits"},
        changes=changes,
        check=check,
    )


@transaction.atomic
def audience_figure_delete(*, by: User | None, figure: AudienceFigure) -> None:
    record_delete(by=by, obj=figure)
