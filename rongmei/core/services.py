"""Core owns centers (tenancy) and the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_create, audit_purge
from .models import Center, CenterLevel


@transaction.atomic
def center_create(
    *,
    code: str,
    name: str,
    level: str = CenterLevel.COUNTY,
    parent_code: str | None = None,
    by=None,
) -> tuple[Center, bool]:
    """Create a center, or return the existing one with that code (idempotent)."""
    code = code.strip()
    name = name.strip()
    existing = Center.objects.filter(code=code).first()
    if existing is not None:
        return existing, False
    parent = None
    if parent_code:
        parent = Center.objects.filter(code=parent_code).first()
        if parent is None:
            raise ValidationError(_("上级平台 %(code)s 不存在。") % {"code": parent_code})
    center = Center(code=code, name=name, level=level, parent=parent)
    center.full_clean()
    center.save()
    audit_create(by=by, obj=center)
    return center, True


def audit_prune(*, older_than_days: int | None = None) -> int:
    """Delete audit entries past the retention period (`core.audit.audit_purge`)."""
    return audit_purge(older_than_days=older_than_days)
