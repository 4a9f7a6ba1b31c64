"""Which centers a user may see: records of their own centers, statistics of those below.

A membership (owned by `accounts`) links a user to a center with roles. Core reads it
through the reverse relation `Center.membership_set` without importing `accounts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from .models import Center
from .roles import ROLE_GROUP_NAMES, VIEWER_ROLES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

VIEWER_GROUP_NAMES = frozenset(ROLE_GROUP_NAMES[r] for r in VIEWER_ROLES)
_CACHE_RECORDS = "_rongmei_record_center_ids"
_CACHE_STATS = "_rongmei_stats_center_ids"


def record_center_ids(user: AbstractBaseUser | None) -> frozenset[int]:
    """Centers whose records (drafts, ledgers, people) the user may see."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_RECORDS, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        ids = frozenset(Center.objects.values_list("pk", flat=True))
    else:
        # A membership whose only roles are platform-viewer roles grants statistics only.
        rows = Center.objects.filter(membership__user=user, membership__is_active=True).values_list(
            "pk", "membership__roles__name"
        )
        by_center: dict[int, set[str | None]] = {}
        for pk, role in rows:
            by_center.setdefault(pk, set()).add(role)
        ids = frozenset(
            pk
            for pk, roles in by_center.items()
            if not roles or any(r is None or r not in VIEWER_GROUP_NAMES for r in roles)
        )
    setattr(user, _CACHE_RECORDS, ids)
    return ids


def stats_center_ids(user: AbstractBaseUser | None) -> frozenset[int]:
    """Centers whose statistics the user may see: their own and every one below a viewer's."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_STATS, None)
    if cached is not None:
        return cached
    ids = set(record_center_ids(user))
    roots = set(
        Center.objects.filter(
            membership__user=user,
            membership__is_active=True,
            membership__roles__name__in=VIEWER_GROUP_NAMES,
        ).values_list("pk", flat=True)
    )
    if roots:
        parents = dict(Center.objects.values_list("pk", "parent_id"))
        for pk in parents:
            node: int | None = pk
            while node is not None:
                if node in roots:
                    ids.add(pk)
                    break
                node = parents.get(node)
    result = frozenset(ids)
    setattr(user, _CACHE_STATS, result)
    return result


def scope_records(
    queryset: QuerySet, user: AbstractBaseUser | None, field: str = "center"
) -> QuerySet:
    """Limit a queryset of center-owned records to the user's centers."""
    return queryset.filter(**{f"{field}__in": record_center_ids(user)})


def get_record_or_404(queryset: QuerySet, user: AbstractBaseUser | None, **lookup):
    """One record of the user's centers; another center's record is simply not found."""
    try:
        return scope_records(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def center_for_stats_or_404(
    user: AbstractBaseUser | None, code: str | None, default: Center | None
) -> Center:
    """The center a statistics request names (by code), if the user may see its figures."""
    allowed = stats_center_ids(user)
    if code:
        center = Center.objects.filter(code=code, pk__in=allowed).first()
    else:
        center = default if default is not None and default.pk in allowed else None
        if center is None and len(allowed) == 1:
            center = Center.objects.get(pk=next(iter(allowed)))
    if center is None:
        raise Http404
    return center


def user_centers(user: AbstractBaseUser | None) -> QuerySet[Center]:
    return Center.objects.filter(pk__in=record_center_ids(user))
