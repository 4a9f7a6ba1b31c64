"""Permissions come from the roles a user holds in the center they act in.

Django's `ModelBackend` gives a user the permissions of all their groups wherever they
are. Here a role is a membership's group, and it counts only in that membership's
center: administrator in B and reporter in A, working in A, has a reporter's
permissions. Platform-viewer roles (city, province) read statistics of the centers
below them and count wherever they are held.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from rongmei.core.acting import acting_center_id
from rongmei.core.roles import ROLE_GROUP_NAMES, VIEWER_ROLES

from .models import Membership

VIEWER_GROUP_NAMES = [ROLE_GROUP_NAMES[r] for r in VIEWER_ROLES]
_CACHE = "_rongmei_center_perm_cache"


def role_permissions(user, center_id: int | None) -> set[str]:
    """`app_label.codename` of every permission the user's roles give in `center_id`."""
    held = Q(is_active=True, user=user) & (
        Q(center_id=center_id) | Q(roles__name__in=VIEWER_GROUP_NAMES)
        if center_id is not None
        else Q(roles__name__in=VIEWER_GROUP_NAMES)
    )
    groups = Membership.roles.through.objects.filter(
        membership__in=Membership.objects.filter(held)
    ).values("group_id")
    rows = (
        Permission.objects.filter(group__in=groups)
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    return {f"{app}.{codename}" for app, codename in rows}


class CenterRoleBackend(ModelBackend):
    """`ModelBackend` whose group permissions are the roles held in the acting center."""

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        center_id = acting_center_id()
        cache = getattr(user_obj, _CACHE, None)
        if cache is None:
            cache = {}
            setattr(user_obj, _CACHE, cache)
        if center_id not in cache:
            cache[center_id] = role_permissions(user_obj, center_id)
        return cache[center_id]

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        return {*self.get_user_permissions(user_obj), *self.get_group_permissions(user_obj)}
