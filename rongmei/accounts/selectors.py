"""Reads about staff: who holds which role where."""

from __future__ import annotations

from django.db.models import QuerySet

from rongmei.core.models import Center
from rongmei.core.roles import GROUP_ROLE_CODES, ROLE_GROUP_NAMES
from rongmei.core.tenancy import record_center_ids

from .models import Membership, User


def has_role(user: User, center: Center | int, *codes: str) -> bool:
    """Whether `user` holds any of the roles `codes` in `center` (superusers hold all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    center_id = center if isinstance(center, int) else center.pk
    names = [ROLE_GROUP_NAMES[c] for c in codes]
    return Membership.objects.filter(
        user=user, center_id=center_id, is_active=True, roles__name__in=names
    ).exists()


def roles_of(user: User, center: Center | int | None) -> set[str]:
    """Role codes `user` holds in `center`."""
    if center is None or not user.is_authenticated:
        return set()
    center_id = center if isinstance(center, int) else center.pk
    names = Membership.objects.filter(user=user, center_id=center_id, is_active=True).values_list(
        "roles__name", flat=True
    )
    return {GROUP_ROLE_CODES[n] for n in names if n in GROUP_ROLE_CODES}


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Staff of the centers `user` may see, with what listings show, in few queries."""
    return (
        Membership.objects.filter(center__in=record_center_ids(user))
        .select_related("user", "department", "center")
        .prefetch_related("roles")
    )
