"""Who may import ledgers: a member of the center with an administrator, director or
channel-operator role there (superusers everywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rongmei.accounts.selectors import has_role
from rongmei.core.models import Center
from rongmei.core.tenancy import record_center_ids

if TYPE_CHECKING:
    from rongmei.accounts.models import User

IMPORT_ROLES = ("administrator", "director", "channel_operator")


def can_import(user: User, center: Center) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return center.pk in record_center_ids(user) and has_role(user, center, *IMPORT_ROLES)


def importable_center(user: User, code: str | None) -> tuple[Center | None, str]:
    """The center `user` asks to import into, or why not: "not_found", "forbidden", "ambiguous".

    Another center's code is "not_found", as if it did not exist.
    """
    ids = record_center_ids(user)
    if code:
        center = Center.objects.filter(code=code.strip(), pk__in=ids).first()
        if center is None:
            return None, "not_found"
    else:
        if len(ids) != 1:
            return None, "ambiguous" if ids else "not_found"
        center = Center.objects.get(pk=next(iter(ids)))
    if not can_import(user, center):
        return None, "forbidden"
    return center, ""
