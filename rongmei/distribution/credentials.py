"""A channel's platform credentials and access token, encrypted at rest.

They are encrypted through the platform's one cipher provider (`rongmei.core.crypto`:
AES-256-GCM by default, SM4-GCM or a cipher machine by setting), under the keys of
`RONGMEI_DATA_KEYS`, each column with its own AAD (`distribution.Channel.<column>`), and
re-encrypted under the current key by `python manage.py keys_rotate`.

Values stored before (Fernet tokens under `RONGMEI_CREDENTIAL_KEY`, which development
derived from `SECRET_KEY` with HKDF-SHA256) are still read, so nothing stored is lost;
`keys_rotate` (or `credentials_rotate --old-key …` for a Fernet key that has changed)
turns them into provider tokens, after which `RONGMEI_CREDENTIAL_KEY` is no longer used.

Credentials are never shown back: the admin shows `credentials_hint` (e.g.
"AppID wx12…89 / 密钥 ****") and the audit log records only that they changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from rongmei.core import crypto
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction

from .models import Channel

if TYPE_CHECKING:
    from rongmei.accounts.models import User

ENV_KEY = "RONGMEI_CREDENTIAL_KEY"
OLD_ENV_KEY = "RONGMEI_CREDENTIAL_KEY_OLD"
# Every encrypted column of a channel.
ENCRYPTED_FIELDS = ("credentials_encrypted", "token_encrypted")
# Keys of the credentials whose value may be shown in part (identifiers, not secrets).
PUBLIC_KEYS = {"appid": "AppID", "client_key": "ClientKey", "account": gettext_lazy("账号")}
SECRET_LABELS = {
    "secret": gettext_lazy("密钥"),
    "token": gettext_lazy("令牌"),
    "password": gettext_lazy("密码"),
}


def derived_key(secret_key: str) -> str:
    """The key derived from a `SECRET_KEY`: the fallback of development and tests only."""
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"rongmei-channel-credentials", info=b"v1"
    )
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode())).decode()


def current_key() -> str:
    # The environment wins over the settings, also when it is set after start-up.
    configured = os.environ.get(ENV_KEY, "").strip()
    configured = configured or getattr(settings, "RONGMEI_CREDENTIAL_KEY", "").strip()
    return configured or derived_key(settings.SECRET_KEY)


def _fernet(key: str | None = None) -> Fernet:
    return Fernet((key or current_key()).encode())


def _aad(field: str) -> bytes:
    return f"{Channel._meta.label}.{field}".encode()


def encrypt(data: Any, *, field: str = "credentials_encrypted") -> str:
    """`data` as JSON, encrypted by the cipher provider for the column `field`."""
    plain = json.dumps(data, ensure_ascii=False).encode()
    return crypto.get_provider().encrypt(plain, aad=_aad(field))


def _open(token: str, *, field: str, key: str | None = None) -> bytes:
    """The plain bytes of a provider token, or of a Fernet token of before (under `key`,
    default the current Fernet key). Raises InvalidToken or crypto.DecryptionError."""
    if crypto.is_token(token):
        return crypto.get_provider().decrypt(token, aad=_aad(field))
    return _fernet(key).decrypt(token.encode())


def decrypt(token: str, *, key: str | None = None, field: str = "credentials_encrypted") -> Any:
    return json.loads(_open(token, field=field, key=key).decode())


# What a value no key opens raises (a legacy token under another Fernet key, a provider
# token whose key is no longer configured, or JSON that is not).
UNREADABLE = (InvalidToken, crypto.DecryptionError, ValueError)


def _mask(value: str) -> str:
    value = str(value)
    if len(value) <= 6:
        return value[:1] + "…"
    return f"{value[:4]}…{value[-2:]}"


def credentials_hint(data: dict[str, Any]) -> str:
    """What may be shown of the credentials: identifiers in part, secrets as stars."""
    parts = []
    for key, value in data.items():
        if not value:
            continue
        if key in PUBLIC_KEYS:
            parts.append(f"{PUBLIC_KEYS[key]} {_mask(value)}")
        else:
            parts.append(f"{SECRET_LABELS.get(key, key)} ****")
    return " / ".join(parts)[:40]


def _store(*, channel: Channel, encrypted: str, hint: str, by: User | None, verb: str) -> Channel:
    """Replace the channel's credentials (dropping any cached token), audited by hint only."""
    old_hint = channel.credentials_hint
    channel.credentials_encrypted = encrypted
    channel.credentials_hint = hint
    channel.token_encrypted = ""
    channel.token_expires_at = None
    channel.save(
        update_fields=[
            "credentials_encrypted",
            "credentials_hint",
            "token_encrypted",
            "token_expires_at",
            "updated_at",
        ]
    )
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=channel,
        verb=verb,
        changes={"credentials_hint": [old_hint, hint]},
    )
    return channel


@transaction.atomic
def credentials_set(*, channel: Channel, data: dict[str, Any], by: User | None) -> Channel:
    """Store new credentials for `channel` (replacing the old ones and any cached token)."""
    data = {str(k): str(v).strip() for k, v in data.items() if str(v or "").strip()}
    if not data:
        raise ValidationError(_("请填写凭据。"))
    return _store(
        channel=channel,
        encrypted=encrypt(data),
        hint=credentials_hint(data),
        by=by,
        verb=_("更新渠道凭据"),
    )


@transaction.atomic
def credentials_clear(*, channel: Channel, by: User | None) -> Channel:
    return _store(channel=channel, encrypted="", hint="", by=by, verb=_("清除渠道凭据"))


def has_credentials(channel: Channel) -> bool:
    return bool(channel.credentials_encrypted)


def credentials_get(channel: Channel) -> dict[str, Any]:
    """The channel's credentials; `{}` when none are stored or they cannot be read."""
    if not channel.credentials_encrypted:
        return {}
    try:
        data = decrypt(channel.credentials_encrypted)
    except UNREADABLE:
        return {}
    return data if isinstance(data, dict) else {}


def token_get(channel: Channel, *, now: dt.datetime | None = None) -> str | None:
    """The cached access token while it is still valid (a minute of margin), else None."""
    from django.utils import timezone

    if not channel.token_encrypted or channel.token_expires_at is None:
        return None
    now = now or timezone.now()
    if channel.token_expires_at <= now + dt.timedelta(minutes=1):
        return None
    try:
        token = decrypt(channel.token_encrypted, field="token_encrypted")
    except UNREADABLE:
        return None
    return token if isinstance(token, str) else None


def token_set(channel: Channel, token: str, expires_at: dt.datetime) -> None:
    """Keep a connector's access token (encrypted) until `expires_at`; no audit entry."""
    channel.token_encrypted = encrypt(token, field="token_encrypted") if token else ""
    channel.token_expires_at = expires_at if token else None
    Channel.objects.filter(pk=channel.pk).update(
        token_encrypted=channel.token_encrypted, token_expires_at=channel.token_expires_at
    )


@dataclass
class Rotation:
    rotated: int = 0  # values re-encrypted under the current key
    current: int = 0  # values already under the current key, left alone
    unreadable: int = 0  # values no key opens, left alone


@transaction.atomic
def credentials_rotate(*, old_key: str | None = None, by: User | None = None) -> Rotation:
    """Re-encrypt every stored credential and token under the provider's current key.

    Opens provider tokens under any configured key and Fernet tokens of before under the
    current `RONGMEI_CREDENTIAL_KEY` or `old_key` (a Fernet key). Idempotent: a value
    already under the current key is left as it is, so running it twice changes nothing
    the second time. One audit entry per channel re-encrypted; a value no key opens is
    counted and left (its credentials are entered again).
    """
    old = _fernet(old_key) if old_key else None
    provider = crypto.get_provider()
    result = Rotation()
    channels = Channel.objects.select_for_update().exclude(
        credentials_encrypted="", token_encrypted=""
    )
    for channel in channels.order_by("pk"):
        changed = []
        for field in ENCRYPTED_FIELDS:
            token = getattr(channel, field)
            if not token:
                continue
            if provider.is_current(token):
                result.current += 1
                continue
            plain = None
            try:
                plain = _open(token, field=field)
            except UNREADABLE:
                if old is not None and not crypto.is_token(token):
                    try:
                        plain = old.decrypt(token.encode())
                    except InvalidToken:
                        plain = None
            if plain is None:
                result.unreadable += 1
                continue
            setattr(channel, field, provider.encrypt(plain, aad=_aad(field)))
            changed.append(field)
        if not changed:
            continue
        result.rotated += len(changed)
        Channel.objects.filter(pk=channel.pk).update(
            **{field: getattr(channel, field) for field in changed}
        )
        audit_record(
            action=AuditAction.UPDATE,
            by=by,
            obj=channel,
            verb=_("更换渠道凭据加密密钥"),
            # Which columns were re-encrypted, never their values.
            changes={field: [_("旧密钥"), _("新密钥")] for field in changed},
        )
    return result


@hooks.register("rongmei_keys_rotate")
def keys_rotate_credentials() -> tuple[str, dict[str, int]]:
    """`manage.py keys_rotate` re-encrypts the channel credentials too."""
    result = credentials_rotate(by=None)
    counts = {"rotated": result.rotated, "current": result.current}
    return Channel._meta.label, {**counts, "unreadable": result.unreadable}
