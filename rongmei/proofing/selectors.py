"""Reads of proofing: the lexicons a user may see or maintain, and their findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

from .models import AcceptedFinding, Lexicon

if TYPE_CHECKING:
    from rongmei.accounts.models import User


def lexicon_list_for_user(*, user: User, include_shared: bool = True) -> QuerySet[Lexicon]:
    """Lexicons of the user's centers, and the shared ones (every staff member reads them)."""
    scope = Q(center__in=record_center_ids(user))
    if include_shared:
        scope |= Q(center__isnull=True)
    return Lexicon.objects.filter(scope).select_related("center", "current_version")


def lexicon_list_for_center(*, center: Center) -> QuerySet[Lexicon]:
    """What a check in `center` may use: its own lexicons and the shared ones."""
    return Lexicon.objects.filter(Q(center=center) | Q(center__isnull=True)).select_related(
        "center", "current_version"
    )


def lexicon_get_for_user(*, user: User, pk: int) -> Lexicon | None:
    return lexicon_list_for_user(user=user).filter(pk=pk).first()


def lexicon_editable_list(*, user: User, kinds: tuple[str, ...] | None = None) -> QuerySet[Lexicon]:
    """Lexicons the user may change: their centers' (shared ones too for superusers)."""
    qs = lexicon_list_for_user(user=user, include_shared=user.is_superuser)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("kind", "name")


def accepted_finding_list(*, center: Center, text_hash: str) -> QuerySet[AcceptedFinding]:
    return AcceptedFinding.objects.filter(center=center, text_hash=text_hash)
