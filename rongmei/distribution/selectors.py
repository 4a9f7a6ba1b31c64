"""Aggregate reads of own channels, publications and audience figures.

Every function here runs a fixed number of queries whatever the number of records:
the statistics (`reporting`) rely on that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from rongmei.core.models import Center

from .models import (
    AudienceFigure,
    Channel,
    Publication,
    PublicationCampaignDay,
    PublicationDay,
)

REACH_FIELDS = ("views", "likes", "shares", "comments")


def publication_totals_by_center(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per center: publications dated in the period and the sum of their views (one query)."""
    rows = (
        PublicationDay.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id")
        .annotate(n=Sum("published"), v=Sum("views"))
    )
    return {r["center_id"]: {"published": r["n"] or 0, "views": r["v"] or 0} for r in rows}


def channel_audience(*, center: Center, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every channel of the center with its audience figures for the period (one query).

    `followers_end`: the latest follower figure on or before `end` (None where none);
    `followers_before`: the latest before `start`; `visits`: visits summed over the
    period; `has_audience`: whether any audience figure is dated in the period.
    """
    figures = AudienceFigure.objects.filter(channel=OuterRef("pk")).order_by()

    def latest_followers(**date_lookup):
        return (
            figures.filter(followers__isnull=False, **date_lookup)
            .order_by("-date")
            .values("followers")[:1]
        )

    in_period = figures.filter(date__gte=start, date__lte=end)
    visits = in_period.values("channel_id").annotate(s=Sum("visits")).values("s")[:1]
    rows = (
        Channel.objects.filter(center=center)
        .order_by("pk")
        .annotate(
            followers_end=Subquery(latest_followers(date__lte=end)),
            followers_before=Subquery(latest_followers(date__lt=start)),
            visits=Coalesce(Subquery(visits), Value(0), output_field=IntegerField()),
            has_audience=Exists(in_period),
        )
        .values(
            "pk", "name", "platform", "followers_end", "followers_before", "visits", "has_audience"
        )
    )
    return list(rows)


def publication_figures_by_channel(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per channel id: publications in the period and their summed reach (one query).

    Keys: `published`, `views`, `likes`, `shares`, `comments`. Read from the per-day
    rollup (ADR 0014): a few rows per channel and day rather than every publication.
    """
    rows = (
        PublicationDay.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("channel_id")
        .annotate(n=Sum("published"), **{f"{f}_sum": Sum(f) for f in REACH_FIELDS})
    )
    return {
        r["channel_id"]: {"published": r["n"], **{f: r[f"{f}_sum"] or 0 for f in REACH_FIELDS}}
        for r in rows
    }


def publication_counts_by_campaign(
    *, center: Center, start: dt.date, end: dt.date
) -> dict[int, int]:
    """Per campaign id: publications dated in the period tagged with it (one query).

    Read from the per-day campaign rollup (ADR 0014).
    """
    rows = (
        PublicationCampaignDay.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by()
        .values("campaign_id")
        .annotate(n=Sum("published"))
    )
    return {r["campaign_id"]: r["n"] for r in rows}


def publication_counts_by_column(
    *, center: Center, start: dt.date, end: dt.date, column_ids: Collection[int]
) -> dict[int, int]:
    """Per column id (of those given): publications in the period (one query).

    The ids are listed explicitly so that an index on (center, column, date) can
    answer from the index alone, one column after another.
    """
    if not column_ids:
        return {}
    rows = (
        Publication.objects.filter(
            center=center, column_id__in=column_ids, date__gte=start, date__lte=end
        )
        .order_by()
        .values("column_id")
        .annotate(n=Count("*"))
    )
    return {r["column_id"]: r["n"] for r in rows}


def publication_totals_by_day(
    *, center_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per center and day with publications: `center_id`, `date`, `published`, `views`.

    One query over the per-day rollup (ADR 0014); callers bucket the days into weeks
    or months.
    """
    return list(
        PublicationDay.objects.filter(center_id__in=center_ids, date__gte=start, date__lte=end)
        .order_by()
        .values("center_id", "date")
        .annotate(published=Sum("published"), views=Sum("views"))
    )


def publication_top(
    *, center: Center, start: dt.date, end: dt.date, limit: int = 10
) -> list[dict[str, Any]]:
    """The most viewed publications of the period, most first (one query).

    Keys: `title`, `date`, `channel`, `platform`, `url`, and the reach figures.
    """
    rows = (
        Publication.objects.filter(center=center, date__gte=start, date__lte=end)
        .order_by("-views", "-date", "-pk")
        .values("title", "date", "url", "channel__name", "channel__platform", *REACH_FIELDS)[:limit]
    )
    return [
        {**r, "channel": r.pop("channel__name"), "platform": r.pop("channel__platform")}
        for r in rows
    ]


# -- publish jobs --------------------------------------------------------------------------


def job_board(
    *, center: Center, channel_id: int | None = None, state: str | None = None, limit: int = 200
) -> dict[str, Any]:
    """The operator's board: jobs newest first (filtered), and counts by channel and state.

    Three queries whatever the number of jobs: the channels, the counts, the jobs.
    """
    from .models import JobState, PublishJob

    channels = list(Channel.objects.filter(center=center).order_by("platform", "name"))
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in channels}
    totals: dict[str, int] = {}
    rows = (
        PublishJob.objects.filter(center=center)
        .order_by()
        .values("channel_id", "state")
        .annotate(n=Count("*"))
    )
    for r in rows:
        counts.setdefault(r["channel_id"], {})[r["state"]] = r["n"]
        totals[r["state"]] = totals.get(r["state"], 0) + r["n"]
    jobs = PublishJob.objects.filter(center=center)
    if channel_id:
        jobs = jobs.filter(channel_id=channel_id)
    if state:
        jobs = jobs.filter(state=state)
    # Work waiting for someone first, then the rest newest first.
    order = {JobState.MANUAL: 0, JobState.FAILED: 1, JobState.RETRYING: 2, JobState.IN_PROGRESS: 3}
    job_list = list(
        jobs.select_related("channel", "version", "version__story").order_by("-created_at", "-pk")[
            :limit
        ]
    )
    job_list.sort(key=lambda j: order.get(j.state, 9))
    return {
        "channels": [
            {"channel": c, "counts": counts.get(c.pk, {}), "total": sum(counts[c.pk].values())}
            for c in channels
        ],
        "totals": totals,
        "jobs": job_list,
    }


def job_todo_counts(*, center: Center) -> dict[str, int]:
    """Jobs waiting for an operator: `manual` (publish or take down by hand), `failed`."""
    from .models import JobState, PublishJob

    rows = (
        PublishJob.objects.filter(center=center, state__in=[JobState.MANUAL, JobState.FAILED])
        .order_by()
        .values("state")
        .annotate(n=Count("*"))
    )
    found = {r["state"]: r["n"] for r in rows}
    return {"manual": found.get(JobState.MANUAL, 0), "failed": found.get(JobState.FAILED, 0)}


def job_get_for_user(*, user, pk: int):
    """One job of the user's centers with its attempts; another center's job is a 404."""
    from rongmei.core.tenancy import get_record_or_404

    from .models import PublishJob

    return get_record_or_404(
        PublishJob.objects.select_related("channel", "version", "version__story", "center"),
        user,
        pk=pk,
    )
