"""`manage.py keys_rotate`: re-encrypt every encrypted value under the current data key.

    RONGMEI_DATA_KEYS="k2:<new>,k1:<old>" python manage.py keys_rotate
    # then RONGMEI_DATA_KEYS="k2:<new>": everything still decrypts
    python manage.py keys_rotate --generate   # prints a new key to put first

Covers every `EncryptedTextField` of every model (rows written before their column was
encrypted included) and what apps encrypt themselves, lent through the hook
`rongmei_keys_rotate`: the channel credentials (`distribution.credentials`, Fernet tokens
of before included, opened with `RONGMEI_CREDENTIAL_KEY`). Also turns values into
the scheme of the configured provider (`RONGMEI_CIPHER_PROVIDER`). Prints the counts per
model; safe to run again (what the current key already holds is left alone); one audit
entry per model that had values re-encrypted. A value no configured key opens is
counted, left as it is, and makes the command exit with status 1.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from wagtail import hooks

from rongmei.core import crypto
from rongmei.core.audit import audit_record
from rongmei.core.fields import EncryptedTextField
from rongmei.core.models import AuditAction

ROTATE_HOOK = "rongmei_keys_rotate"


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return sorted(found, key=lambda item: item[0]._meta.label)


@transaction.atomic
def rotate_model(model: type[models.Model], fields: list[str]) -> dict[str, int]:
    """Re-encrypt `fields` of `model` that are not under the current scheme and key."""
    provider = crypto.get_provider()
    counts = {"rotated": 0, "current": 0, "unreadable": 0}
    manager = model._base_manager
    # The stored text itself, not the field's decrypted value.
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in fields}
    rows = manager.select_for_update().annotate(**raw).values("pk", *raw)
    for row in rows.iterator(chunk_size=500):
        changes = {}
        for name in fields:
            stored = row[f"raw_{name}"]
            if not stored:
                continue
            if provider.is_current(stored):
                counts["current"] += 1
                continue
            field = model._meta.get_field(name)
            try:
                plain = (
                    crypto.decrypt_text(stored, aad=field.aad)
                    if crypto.is_token(stored)
                    else stored
                )
            except crypto.DecryptionError:
                counts["unreadable"] += 1
                continue
            changes[name] = plain
        if changes:
            manager.filter(pk=row["pk"]).update(**changes)  # encrypted by the field
            counts["rotated"] += len(changes)
    if counts["rotated"]:
        audit_record(
            action=AuditAction.UPDATE,
            verb=_("更换数据加密密钥"),
            changes={"model": model._meta.label, "key_id": provider.key_id, **counts},
            actor_name="keys_rotate",
        )
    return counts


class Command(BaseCommand):
    help = _("把所有加密字段和渠道凭据重新加密为当前密钥（可重复运行）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate",
            action="store_true",
            help=_("只生成并打印一个新密钥（放在 RONGMEI_DATA_KEYS 的最前面）。"),
        )

    def handle(self, *args, generate: bool, **options):
        if generate:
            self.stdout.write(crypto.generate_key())
            return
        provider = crypto.get_provider()
        self.stdout.write(
            _("当前密钥：%(kid)s（%(cls)s）")
            % {"kid": provider.key_id, "cls": type(provider).__name__}
        )
        unreadable = 0
        for model, fields in encrypted_fields():
            counts = rotate_model(model, fields)
            unreadable += counts["unreadable"]
            self._line(model._meta.label, counts)
        # Values an app encrypts itself (channel credentials) are lent by a hook: each
        # returns (label, {"rotated", "current", "unreadable"}).
        for rotate in hooks.get_hooks(ROTATE_HOOK):
            label, counts = rotate()
            unreadable += counts["unreadable"]
            self._line(label, counts)
        if unreadable:
            raise CommandError(
                _("%(n)d 项无法用已配置的密钥解开，保持原样：请把旧密钥留在 RONGMEI_DATA_KEYS 中。")
                % {"n": unreadable}
            )

    def _line(self, label: str, counts: dict[str, int]) -> None:
        self.stdout.write(
            _(
                "%(label)s：重新加密 %(rotated)d 项，已是当前密钥 %(current)d 项，无法解开 %(unreadable)d 项"
            )
            % {"label": label, **counts}
        )
