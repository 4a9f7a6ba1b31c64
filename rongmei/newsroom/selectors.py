"""Reads of newsroom records for other apps (statistics, site)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from rongmei.core.models import Center

from .models import Campaign, Column

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


def campaign_names(*, center: Center) -> dict[int, str]:
    """Every campaign (专题) of the center, by id."""
    return dict(Campaign.objects.filter(center=center).values_list("pk", "name"))


def campaign_usage(*, center: Center, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Every campaign of the center with what, dated in the period, carries it (one query).

    Keys: `campaign` (name), `published`, `adoptions`, `productions`, `live_streams`.
    Each count walks only the records tagged with that campaign.
    """
    annotations = {}
    for key, relation in CAMPAIGN_RELATIONS.items():
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
    rows = (
        Campaign.objects.filter(center=center)
        .order_by("pk")
        .annotate(**annotations)
        .values("name", *annotations)
    )
    return [
        {"campaign": r["name"], **{key: r[f"n_{key}"] for key in CAMPAIGN_RELATIONS}} for r in rows
    ]
