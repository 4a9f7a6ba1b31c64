"""Newsroom owns stories (稿件), their channel versions and review (三审三校), columns and campaigns."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.changes import apply_changes as _apply
from rongmei.core.models import Center
from rongmei.core.records import record_delete

from .models import Campaign, Column
from .stories import (  # noqa: F401  (the story services live in their own module)
    review_decide,
    story_after_edit,
    story_correct,
    story_create,
    story_submit,
    story_update,
    story_withdraw,
    version_autosave,
    version_create,
    version_draft_discard,
    version_update,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User
    from rongmei.distribution.models import Channel

COLUMN_FIELDS = frozenset({"name", "channel", "description", "is_active"})
CAMPAIGN_FIELDS = frozenset({"name", "start", "end", "goal"})


def _check_channel(center_id: int, channel: Channel | None) -> None:
    if channel is not None and channel.center_id != center_id:
        raise ValidationError({"channel": _("该渠道不属于本中心。")})


@transaction.atomic
def column_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    channel: Channel | None = None,
    description: str = "",
    is_active: bool = True,
    audit: bool = True,
) -> Column:
    _check_channel(center.pk, channel)
    column = Column(
        center=center,
        name=name.strip(),
        channel=channel,
        description=description,
        is_active=is_active,
    )
    column.full_clean()
    column.save()
    if audit:
        audit_create(by=by, obj=column)
    return column


@transaction.atomic
def column_update(*, by: User | None, column: Column, audit: bool = True, **changes: Any) -> Column:
    before = snapshot(column)
    _apply(column, changes, COLUMN_FIELDS)
    _check_channel(column.center_id, column.channel)
    column.full_clean()
    column.save()
    if audit:
        audit_update(by=by, obj=column, before=before)
    return column


@transaction.atomic
def column_delete(*, by: User | None, column: Column) -> None:
    record_delete(by=by, obj=column)


@transaction.atomic
def campaign_create(
    *,
    by: User | None,
    center: Center,
    name: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    goal: str = "",
    audit: bool = True,
) -> Campaign:
    campaign = Campaign(center=center, name=name.strip(), start=start, end=end, goal=goal)
    campaign.full_clean()
    campaign.save()
    if audit:
        audit_create(by=by, obj=campaign)
    return campaign


@transaction.atomic
def campaign_update(
    *, by: User | None, campaign: Campaign, audit: bool = True, **changes: Any
) -> Campaign:
    before = snapshot(campaign)
    _apply(campaign, changes, CAMPAIGN_FIELDS)
    campaign.full_clean()
    campaign.save()
    if audit:
        audit_update(by=by, obj=campaign, before=before)
    return campaign


@transaction.atomic
def campaign_delete(*, by: User | None, campaign: Campaign) -> None:
    record_delete(by=by, obj=campaign)
