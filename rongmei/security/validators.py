"""Password rules (GB/T 22239-2019 8.1.4.1 a): length, character classes, the history.

Both are Django password validators (AUTH_PASSWORD_VALIDATORS), so every form that sets
a password (the account page, password reset, the staff pages) applies them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASS_NAMES = ("小写字母", "大写字母", "数字", "符号")


def character_classes(password: str) -> int:
    """How many of lowercase, uppercase, digits and symbols (anything else) it has."""
    found = [False, False, False, False]
    for char in password:
        if "a" <= char <= "z":
            found[0] = True
        elif "A" <= char <= "Z":
            found[1] = True
        elif "0" <= char <= "9":
            found[2] = True
        else:
            found[3] = True
    return sum(found)


class MinimumLengthValidator:
    """At least RONGMEI_PASSWORD_MIN_LENGTH characters (Django's own validator has no
    Chinese message in Django 5.2: its text changed and the catalogue did not follow)."""

    def __init__(self, min_length: int | None = None):
        self.min_length = min_length

    @property
    def required(self) -> int:
        if self.min_length is not None:
            return self.min_length
        return settings.RONGMEI_PASSWORD_MIN_LENGTH

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.required:
            raise ValidationError(
                _("密码太短，至少需要%(n)d个字符。") % {"n": self.required},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("密码至少需要%(n)d个字符。") % {"n": self.required}


class CharacterClassValidator:
    """At least RONGMEI_PASSWORD_MIN_CLASSES of the four character classes."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes

    @property
    def required(self) -> int:
        if self.min_classes is not None:
            return self.min_classes
        return settings.RONGMEI_PASSWORD_MIN_CLASSES

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.required:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须至少包含小写字母、大写字母、数字、符号四类字符中的%(n)d类。") % {
            "n": self.required
        }


class PasswordHistoryValidator:
    """None of the last RONGMEI_PASSWORD_HISTORY passwords (the current one included).

    Django calls `password_changed` after a password has been saved: that is where each
    password set, by whatever form or command, enters the history (`services`)."""

    def __init__(self, count: int | None = None):
        self.count = count

    @property
    def remembered(self) -> int:
        return self.count if self.count is not None else settings.RONGMEI_PASSWORD_HISTORY

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None or self.remembered <= 0:
            return
        from .selectors import password_hashes_recent

        hashes = password_hashes_recent(user=user, count=self.remembered)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                ngettext(
                    "新密码不能与最近使用过的%(n)d个密码相同。",
                    "新密码不能与最近使用过的%(n)d个密码相同。",
                    self.remembered,
                )
                % {"n": self.remembered},
                code="password_reused",
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .services import password_record

        password_record(user=user)

    def get_help_text(self) -> str:
        return _("不能与最近使用过的%(n)d个密码相同。") % {"n": self.remembered}
