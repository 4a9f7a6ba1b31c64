"""Small checks shared by every app's services before they write."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def apply_changes(instance: Any, changes: dict[str, Any], allowed: frozenset[str]) -> None:
    """Set `changes` on `instance`; a field outside `allowed` is a programming error."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of {type(instance).__name__}")
    for field, value in changes.items():
        setattr(instance, field, value)


def check_same_center(center_id: int, **related: Any) -> None:
    """Every related record given (by field name) must belong to `center_id`."""
    errors = {
        field: _("不属于本中心。")
        for field, obj in related.items()
        if obj is not None and obj.center_id != center_id
    }
    if errors:
        raise ValidationError(errors)


def check_campaigns(center_id: int, campaigns: Iterable[Any]) -> list[Any]:
    """The campaigns (专题) given, as a list, if all belong to `center_id`."""
    campaigns = list(campaigns)
    if any(c.center_id != center_id for c in campaigns):
        raise ValidationError({"campaigns": _("专题不属于本中心。")})
    return campaigns
