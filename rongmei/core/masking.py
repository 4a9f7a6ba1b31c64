"""Showing personal data masked to those who do not need it (a reporter sees 138****1234).

`mask_phone` masks every phone number in a contact (and the middle of a contact that
holds none, e.g. a WeChat id); `mask_name` keeps a name's first character. The admin
mixins show a view's sensitive fields masked unless the user holds the field's
permission in the current center, and audit every full read or export of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit_record
from .models import AuditAction

_DIGITS = re.compile(r"\d{7,}")
HIDDEN = gettext_lazy("（无权查看）")


def _mask_digits(match: re.Match) -> str:
    digits = match.group(0)
    keep_head, keep_tail = (3, 4) if len(digits) >= 11 else (2, 2)
    return digits[:keep_head] + "*" * (len(digits) - keep_head - keep_tail) + digits[-keep_tail:]


def mask_phone(value: str | None) -> str:
    """`13812341234` → `138****1234`; `0971-8123456` → `0971-81***56`; `zhang_wx88` → `zh******88`."""
    if not value:
        return ""
    value = str(value)
    masked, count = _DIGITS.subn(_mask_digits, value)
    if count:
        return masked
    if len(value) <= 2:
        return value[:1] + "*"
    if len(value) < 6:
        return value[:1] + "*" * (len(value) - 1)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_name(value: str | None) -> str:
    """`张三` → `张*`; `欧阳娜娜` → `欧***`."""
    if not value:
        return ""
    value = str(value).strip()
    return value[:1] + "*" * max(len(value) - 1, 1)


def mask_text(value: str | None) -> str:
    return str(HIDDEN) if value else ""


MASKS: dict[str, Callable[[str | None], str]] = {
    "contact": mask_phone,
    "name": mask_name,
    "text": mask_text,
}


def mask_value(value: str | None, kind: str = "contact") -> str:
    return MASKS.get(kind, mask_phone)(value)


@dataclass(frozen=True)
class Sensitive:
    """A field shown in full only to holders of `perm`; `verb` names a full read in
    the audit log ("查看举报人联系方式"); `mask` is a key of `MASKS`."""

    perm: str
    verb: str
    mask: str = "contact"


def can_see(user, perm: str) -> bool:
    """Whether `user` holds `perm` (roles count in the current center: acting middleware)."""
    return bool(user is not None and user.is_authenticated and user.has_perm(perm))


def audit_full_read(*, user, obj=None, center=None, verb: str, fields, rows: int = 1) -> None:
    """One audit entry for a full read (or export) of sensitive fields; never their values."""
    audit_record(
        action=AuditAction.EXPORT,
        by=user,
        obj=obj,
        center=center,
        verb=str(verb),
        changes={"fields": sorted(fields), "rows": rows},
    )


class SensitiveInspectMixin:
    """For a Wagtail InspectView: masks `sensitive` fields, audits a full view."""

    sensitive: dict[str, Sensitive] = {}

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        rule = self.sensitive.get(field_name)
        if rule is None or not getattr(self.object, field_name, ""):
            return value
        if can_see(self.request.user, rule.perm):
            self._full_reads = getattr(self, "_full_reads", {})
            self._full_reads.setdefault(str(rule.verb), set()).add(field_name)
            return value
        return mask_value(getattr(self.object, field_name, ""), rule.mask)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for verb, fields in getattr(self, "_full_reads", {}).items():
            audit_full_read(user=self.request.user, obj=self.object, verb=verb, fields=fields)
        self._full_reads = {}
        return context


class SensitiveExportMixin:
    """For a Wagtail IndexView with exports: masks `sensitive` columns unless the user
    holds their permission, and audits an export that holds them in full."""

    sensitive: dict[str, Sensitive] = {}

    def _full_fields(self) -> set[str]:
        if not hasattr(self, "_full_cache"):
            self._full_cache = {
                name
                for name, rule in self.sensitive.items()
                if can_see(self.request.user, rule.perm)
            }
        return self._full_cache

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        full = self._full_fields()
        for name, rule in self.sensitive.items():
            if name in row and name not in full:
                row[name] = mask_value(row[name], rule.mask)
        return row

    def as_spreadsheet(self, queryset, spreadsheet_format):
        exported = [n for n in self._full_fields() if n in getattr(self, "list_export", ())]
        if exported:
            from .middleware import current_center

            verbs = {str(self.sensitive[n].verb) for n in exported}
            audit_full_read(
                user=self.request.user,
                center=current_center(self.request),
                verb=_("导出：") + "、".join(sorted(verbs)),
                fields=exported,
                rows=queryset.count(),
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class SensitiveFormMixin:
    """For a Wagtail create/edit view: a user without a field's permission does not get
    the field in the form (so never sees it, and cannot change it)."""

    sensitive: dict[str, Sensitive] = {}
    # Fields a user may fill in on a new record even without the permission.
    sensitive_on_create: bool = False

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if self.sensitive_on_create:
            return form
        for name, rule in self.sensitive.items():
            if name in form.fields and not can_see(self.request.user, rule.perm):
                del form.fields[name]
        return form
