"""`manage.py credentials_rotate`: re-encrypt the stored channel credentials under the
current key (`RONGMEI_CREDENTIAL_KEY`) from the old one.

    RONGMEI_CREDENTIAL_KEY_OLD=<old key> python manage.py credentials_rotate
    python manage.py credentials_rotate --old-key <old key>
    python manage.py credentials_rotate --old-secret-key <old SECRET_KEY>

The last form is for installations whose key was derived from `SECRET_KEY` (before
`.env` held a credential key of its own). All in one transaction, audited, and safe to
run again: what the current key already opens is left alone.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rongmei.distribution.credentials import (
    OLD_ENV_KEY,
    credentials_rotate,
    current_key,
    derived_key,
)


class Command(BaseCommand):
    help = _("把已保存的渠道凭据从旧密钥重新加密为当前密钥（可重复运行）。")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--old-key", default="", help=_("旧的凭据密钥；默认读取环境变量 %s。") % OLD_ENV_KEY
        )
        group.add_argument(
            "--old-secret-key",
            default="",
            help=_("旧的 SECRET_KEY：旧密钥由它派生时使用。"),
        )

    def handle(self, *args, old_key: str, old_secret_key: str, **options):
        if old_secret_key:
            old_key = derived_key(old_secret_key)
        old_key = (old_key or os.environ.get(OLD_ENV_KEY, "")).strip()
        if not old_key:
            raise CommandError(
                _("请用 --old-key 或环境变量 %(env)s 给出旧密钥。") % {"env": OLD_ENV_KEY}
            )
        if old_key == current_key():
            raise CommandError(_("旧密钥与当前密钥相同，无需更换。"))
        try:
            result = credentials_rotate(old_key=old_key, by=None)
        except ValueError as exc:
            raise CommandError(_("旧密钥格式不正确（应为 Fernet 密钥）。")) from exc
        self.stdout.write(
            _(
                "已重新加密 %(rotated)d 项，%(current)d 项已是当前密钥，%(unreadable)d 项两个密钥都无法解开。"
            )
            % {
                "rotated": result.rotated,
                "current": result.current,
                "unreadable": result.unreadable,
            }
        )
        if result.unreadable:
            self.stderr.write(_("无法解开的凭据保持原样，请在渠道的凭据页重新填写。"))
