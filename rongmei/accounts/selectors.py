"""Reads about staff: who holds which role where."""

from __future__ import annotations

from django.db.models import QuerySet

from rongmei.core.middleware import current_center
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


def holds_role_anywhere(user: User, *codes: str) -> bool:
    """Whether `user` holds any of `codes` in some center: for platform-viewer roles,
    which count over the centers below wherever they are held."""
    if not user.is_authenticated or not user.is_active:
        return False
    names = [ROLE_GROUP_NAMES[c] for c in codes]
    return Membership.objects.filter(user=user, is_active=True, roles__name__in=names).exists()


def roles_of(user: User, center: Center | int | None) -> set[str]:
    """Role codes `user` holds in `center`."""
    if center is None or not user.is_authenticated:
        return set()
    center_id = center if isinstance(center, int) else center.pk
    names = Membership.objects.filter(user=user, center_id=center_id, is_active=True).values_list(
        "roles__name", flat=True
    )
    return {GROUP_ROLE_CODES[n] for n in names if n in GROUP_ROLE_CODES}


_REQUEST_ROLES = "_rongmei_roles"


def request_roles(request) -> set[str] | None:
    """Role codes of `request.user` in the request's current center, read once per request
    and cached on the request (menus and permission checks ask many times per page).

    None for an active superuser (who holds every role); an empty set where the user is
    anonymous or inactive, or there is no current center.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if not hasattr(request, _REQUEST_ROLES):
        center = current_center(request)
        setattr(request, _REQUEST_ROLES, roles_of(user, center) if center else set())
    return getattr(request, _REQUEST_ROLES)


def request_has_role(request, *codes: str) -> bool:
    """Whether `request.user` holds any of `codes` in the request's current center (a
    superuser holds all), from the roles cached on the request; False without a center."""
    if current_center(request) is None:
        return False
    held = request_roles(request)
    return held is None or bool(held & {str(c) for c in codes})


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Staff of the centers `user` may see, with what listings show, in few queries."""
    return (
        Membership.objects.filter(center__in=record_center_ids(user))
        .select_related("user", "department", "center")
        .prefetch_related("roles")
    )
