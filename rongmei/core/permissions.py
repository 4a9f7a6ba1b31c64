"""Granting permissions to role groups from migrations, and checking roles in views.

Django creates permissions after all migrations have run, so a migration that gives
a role its permissions creates any that are missing itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .roles import ROLE_GROUP_NAMES

CRUD = ("add", "change", "delete", "view")


def model_perms(app_label: str, model: str, actions: Sequence[str] = CRUD) -> list[str]:
    return [f"{app_label}.{action}_{model}" for action in actions]


def grant_role_permissions(apps, mapping: Mapping[str, Sequence[str]]) -> None:
    """Give each role (by code) the permissions named `app_label.codename`."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for role, perms in mapping.items():
        group, _ = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            action, _, model = codename.partition("_")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None:
                if app_label == "wagtailadmin":
                    ct, _ = ContentType.objects.get_or_create(
                        app_label="wagtailadmin", model="admin"
                    )
                else:
                    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
                permission, _ = Permission.objects.get_or_create(
                    content_type=ct, codename=codename, defaults={"name": f"Can {action} {model}"}
                )
            group.permissions.add(permission)
