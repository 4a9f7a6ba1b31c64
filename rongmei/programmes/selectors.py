"""Reads of programmes, episodes and their rundowns, live streams and productions.

Each function runs one query whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Sum

from rongmei.core.models import Center
from rongmei.newsroom.models import ChannelVersion

from .models import Episode, LiveStream, Production, ProductionKind, RundownItem

PRODUCTION_KINDS = tuple(ProductionKind.values)


def episode_totals_by_programme(
    *, center: Center, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Programmes with episodes aired in the period: `programme`, `episodes`, `items`."""
    rows = (
        Episode.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("programme_id", "programme__name")
        .annotate(episodes=Count("id"), items=Sum("items"))
    )
    return [
        {"programme": r["programme__name"], "episodes": r["episodes"], "items": r["items"] or 0}
        for r in rows
    ]


def live_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: live streams in the period and their viewers summed."""
    rows = (
        LiveStream.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id")
        .annotate(events=Count("id"), viewers=Sum("viewers"))
    )
    return {r["center_id"]: {"events": r["events"], "viewers": r["viewers"] or 0} for r in rows}


def production_counts_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: productions completed in the period, by kind."""
    rows = (
        Production.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "kind")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[str, int]] = {}
    for r in rows:
        kinds = result.setdefault(r["center_id"], dict.fromkeys(PRODUCTION_KINDS, 0))
        kind = r["kind"] if r["kind"] in kinds else ProductionKind.OTHER
        kinds[kind] += r["n"]
    return result


# ---------------------------------------------------------------------------
# Rundowns (串联单) and the admin pages


def episode_get_for_user(*, user, pk: int) -> Episode:
    """One episode of the user's centers (another center's is a 404)."""
    from rongmei.core.tenancy import get_record_or_404

    return get_record_or_404(Episode.objects.select_related("programme", "channel"), user, pk=pk)


def rundown_item_get_for_user(*, user, episode: Episode, pk: int) -> RundownItem:
    from rongmei.core.tenancy import get_record_or_404

    return get_record_or_404(
        RundownItem.objects.filter(episode=episode).select_related("episode"), user, pk=pk
    )


def rundown_items(*, episode: Episode) -> list[RundownItem]:
    """The episode's rundown in order, with story and version (one query)."""
    return list(
        RundownItem.objects.filter(episode=episode)
        .select_related("version", "story")
        .order_by("position", "id")
    )


def rundown_total_seconds(items: Collection[RundownItem]) -> int:
    return sum(item.duration_seconds for item in items)


def rundown_versions_available(*, center: Center, limit: int = 200) -> list[ChannelVersion]:
    """Signed-off TV and radio versions of the center not yet in any rundown, newest first."""
    return list(
        ChannelVersion.objects.filter(
            center=center,
            kind__in=("tv", "radio"),
            status__in=("ready", "published"),
            story__stage="published",
        )
        .exclude(rundown_items__isnull=False)
        .select_related("story")
        .order_by("-story__published_at", "-id")[:limit]
    )


def episodes_for_rundown(
    *, center: Center, start: dt.date, end: dt.date, limit: int = 200
) -> list[Episode]:
    """Episodes of the period with their rundown size and length (one query)."""
    return list(
        Episode.objects.filter(center=center, date__gte=start, date__lte=end)
        .select_related("programme")
        .annotate(lines=Count("rundown_items"), seconds=Sum("rundown_items__duration_seconds"))
        .order_by("-date", "programme__name")[:limit]
    )


def production_airings_by_kind(*, center: Center, start: dt.date, end: dt.date) -> dict[str, int]:
    """Airings (播出条次) of the productions completed in the period, summed per kind."""
    rows = (
        Production.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("kind")
        .annotate(n=Sum("airings"))
    )
    return {r["kind"]: r["n"] or 0 for r in rows}
