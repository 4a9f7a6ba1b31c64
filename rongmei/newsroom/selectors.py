"""Reads of newsroom records for other apps (statistics, site)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from rongmei.core.models import Center

from .models import Campaign, ChannelVersion, Column, Correction, Story

# What a campaign tags, by the related name each app gives it (no import of those apps:
# the models are reached through the relations they declare).
CAMPAIGN_RELATIONS = {
    "published": "publications",
    "adoptions": "adoptions",
    "productions": "productions",
    "live_streams": "live_streams",
}


def column_names(*, center: Center) -> dict[int, str]:
    """Every column of the center, by id."""
    return dict(Column.objects.filter(center=center).values_list("pk", "name"))


def corrections_public(*, story_id: int) -> list[Correction]:
    """The corrections of a story shown under its article on the public site, oldest first."""
    return list(
        Correction.objects.filter(story_id=story_id, is_public=True).order_by("created_at", "id")
    )


def campaign_names(*, center: Center) -> dict[int, str]:
    """Every campaign (专题) of the center, by id."""
    return dict(Campaign.objects.filter(center=center).values_list("pk", "name"))


def campaign_usage(
    *, center: Center, start: dt.date, end: dt.date, published: dict[int, int] | None = None
) -> list[dict[str, Any]]:
    """Every campaign of the center with what, dated in the period, carries it (one query).

    Keys: `campaign` (name), `published`, `adoptions`, `productions`, `live_streams`.
    Each count walks only the records tagged with that campaign. `published`, where
    given, holds the publications per campaign id counted already (statistics read
    them from distribution's rollup), and they are not counted again here.
    """
    annotations = {}
    for key, relation in CAMPAIGN_RELATIONS.items():
        if key == "published" and published is not None:
            continue
        model = Campaign._meta.get_field(relation).related_model
        tagged = (
            model.objects.filter(campaigns=OuterRef("pk"), date__gte=start, date__lte=end)
            .order_by()
            .values("campaigns")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        # Prefixed: the related names themselves are taken by the reverse relations.
        annotations[f"n_{key}"] = Coalesce(Subquery(tagged), Value(0), output_field=IntegerField())
    rows = list(
        Campaign.objects.filter(center=center)
        .order_by("pk")
        .annotate(**annotations)
        .values("pk", "name", *annotations)
    )
    if published is not None:
        for r in rows:
            r["n_published"] = published.get(r["pk"], 0)
    return [
        {"campaign": r["name"], **{key: r[f"n_{key}"] for key in CAMPAIGN_RELATIONS}} for r in rows
    ]


# -- stories --------------------------------------------------------------------------


def story_get_for_user(*, user, pk: int) -> Story:
    """A story of the user's centers, else 404."""
    from rongmei.core.tenancy import get_record_or_404

    return get_record_or_404(Story.objects.select_related("center"), user, pk=pk)


def version_get_for_user(*, user, pk: int) -> ChannelVersion:
    from rongmei.core.tenancy import get_record_or_404

    return get_record_or_404(ChannelVersion.objects.select_related("story"), user, pk=pk)


def version_revisions(*, version: ChannelVersion) -> list[Any]:
    """The version's saved states, newest first, with who saved each (one query)."""
    return list(version.revisions.select_related("user").order_by("-created_at", "-id"))


def version_compare(*, version: ChannelVersion, a: int, b: int) -> list[dict[str, Any]]:
    """What changed between two of the version's revisions, field by field (word diffs)."""
    from .diff import diff_html, plain_text

    revisions = {r.pk: r for r in version.revisions.filter(pk__in=[a, b])}
    if a not in revisions or b not in revisions:
        raise ChannelVersion.DoesNotExist
    old, new = revisions[a].as_object(), revisions[b].as_object()
    meta = ChannelVersion._meta
    rows = []
    for name in ("title", "body", "caption"):
        before, after = getattr(old, name), getattr(new, name)
        if name == "body":
            before, after = plain_text(before), plain_text(after)
        rows.append(
            {
                "label": meta.get_field(name).verbose_name,
                "changed": before != after,
                "diff": diff_html(before, after),
            }
        )
    return rows


def review_sheet(*, story: Story) -> dict[str, Any]:
    """What the printed review sheet (审签单) shows: the story, its authors and every step."""
    records = list(story.review_records.select_related("by").order_by("created_at", "id"))
    approvals = [r for r in records if r.action == "approve"]
    sign_off = approvals[-1] if approvals and story.stage == "published" else None
    return {
        "story": story,
        "authors": list(story.authors.select_related("user")),
        "versions": list(story.versions.all()),
        "records": records,
        "sign_off": sign_off,
        "corrections": list(story.corrections.select_related("by")),
    }


def story_list(
    *,
    center: Center,
    stage: str = "",
    column: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    date_by: str = "created",
):
    """Stories of the center, newest first, with what a listing shows prefetched.

    `start`/`end` (inclusive) bound the creation date, or with `date_by="published"`
    the sign-off date.
    """
    from django.db.models import Prefetch

    from .models import StoryAuthor

    field = "published_at" if date_by == "published" else "created_at"
    queryset = Story.objects.filter(center=center)
    if stage:
        queryset = queryset.filter(stage=stage)
    if column is not None:
        queryset = queryset.filter(columns=column)
    if start is not None:
        queryset = queryset.filter(**{f"{field}__date__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__date__lte": end})
    return queryset.order_by("-created_at", "-id").prefetch_related(
        "columns",
        "campaigns",
        Prefetch("authors", queryset=StoryAuthor.objects.select_related("user")),
    )


def story_detail_for_user(*, user, pk: int) -> Story:
    """One story of the user's centers with its versions, review records and corrections."""
    from django.db.models import Prefetch

    from rongmei.core.tenancy import get_record_or_404

    from .models import Correction, ReviewRecord, StoryAuthor

    queryset = Story.objects.select_related("center").prefetch_related(
        "columns",
        "campaigns",
        "versions",
        Prefetch("authors", queryset=StoryAuthor.objects.select_related("user")),
        Prefetch("review_records", queryset=ReviewRecord.objects.select_related("by")),
        Prefetch("corrections", queryset=Correction.objects.select_related("by")),
    )
    return get_record_or_404(queryset, user, pk=pk)


def story_list_for_review(*, center: Center, user) -> list[Story]:
    """Stories waiting at a level the user may decide."""
    from wagtail.models import TaskState

    from . import review
    from .models import ReviewTask

    out = []
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__object_id__in=[
            str(pk) for pk in Story.objects.filter(center=center).values_list("pk", flat=True)
        ],
        workflow_state__base_content_type__model="story",
        workflow_state__base_content_type__app_label="newsroom",
    ).select_related("task", "workflow_state")
    for state in states:
        task = state.task.specific
        if isinstance(task, ReviewTask):
            story = Story.objects.get(pk=state.workflow_state.object_id)
            if review.task_actions(task=task, story=story, user=user):
                out.append(story)
    return out
