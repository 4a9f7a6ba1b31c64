"""Encryption of personal and secret data at rest (GB/T 22239-2019 8.1.4.8 数据保密性).

Everything the platform keeps encrypted goes through one `CipherProvider`, chosen by
the setting `RONGMEI_CIPHER_PROVIDER` (a dotted path), so that a certified cipher
machine (密码机) can replace the software ciphers here without touching the apps:

- `AesGcmProvider` (default): AES-256-GCM, tokens `v1:<key id>:<base64url(nonce|ct)>`;
- `Sm4GcmProvider`: SM4-GCM (GB/T 32907, RFC 8998), tokens `s1:<key id>:<…>`.

Either opens the other's tokens, so switching the setting loses nothing; `keys_rotate`
then re-encrypts what is stored under the new scheme and the current key.

Keys: the setting `RONGMEI_DATA_KEYS`, a dict `{key id: base64 key}` or the string
`"id:base64key,id2:base64key"` (as the environment variable of the same name gives it); the first is
current, the others only decrypt. Each key is 32 random bytes (`python manage.py
keys_rotate --generate` prints one). Production refuses to start without it; only
development and tests may leave it empty, and then use the key `dev`, derived from
`SECRET_KEY`. Rotation: put a new key first, run `python manage.py keys_rotate`, then
remove the old key.

The additional authenticated data (AAD) names what a value is (e.g.
`planning.Lead.contact`): a token copied into another column does not decrypt there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

DEFAULT_PROVIDER = "rongmei.core.crypto.AesGcmProvider"
DEV_KEY_ID = "dev"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# scheme:key id:data — the data is base64url without padding.
TOKEN_RE = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9]{0,7}):(?P<kid>[A-Za-z0-9_-]{1,32}):[A-Za-z0-9_-]+$"
)


class DecryptionError(Exception):
    """A token that no configured key opens, or that was altered or moved elsewhere."""


@dataclass(frozen=True)
class DataKey:
    id: str
    secret: bytes


def _b64decode(text: str) -> bytes:
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"RONGMEI_DATA_KEYS: not base64: {exc}") from exc


def parse_keys(value: Mapping[str, str] | str | None) -> list[DataKey]:
    """The keys of a `RONGMEI_DATA_KEYS` value, current first; raises on a bad one."""
    if not value:
        return []
    if isinstance(value, Mapping):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    else:
        pairs = []
        for part in str(value).split(","):
            if not part.strip():
                continue
            kid, sep, secret = part.strip().partition(":")
            if not sep:
                raise ImproperlyConfigured(
                    "RONGMEI_DATA_KEYS 应写作 “编号:base64密钥,编号2:…”。"
                    " / RONGMEI_DATA_KEYS must read 'id:base64key,id2:…'."
                )
            pairs.append((kid.strip(), secret.strip()))
    keys: list[DataKey] = []
    for kid, secret in pairs:
        if not KEY_ID_RE.match(kid):
            raise ImproperlyConfigured(
                f"RONGMEI_DATA_KEYS: key id {kid!r} (letters, digits, - and _, at most 32)"
            )
        raw = _b64decode(secret)
        if len(raw) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"RONGMEI_DATA_KEYS: key {kid!r} must be {KEY_BYTES} bytes, not {len(raw)}"
            )
        if any(k.id == kid for k in keys):
            raise ImproperlyConfigured(f"RONGMEI_DATA_KEYS: key id {kid!r} given twice")
        keys.append(DataKey(kid, raw))
    return keys


def derived_dev_key(secret_key: str) -> DataKey:
    """The key of development and tests when none is configured, from `SECRET_KEY`."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=b"rongmei-data-keys", info=b"v1")
    return DataKey(DEV_KEY_ID, hkdf.derive(secret_key.encode()))


def generate_key() -> str:
    """A new random key, as `RONGMEI_DATA_KEYS` takes it (base64url, 32 bytes)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode().rstrip("=")


def configured_keys() -> list[DataKey]:
    """The keys in effect (the setting, read from the environment at start-up)."""
    keys = parse_keys(getattr(settings, "RONGMEI_DATA_KEYS", ""))
    return keys or [derived_dev_key(settings.SECRET_KEY)]


class CipherProvider:
    """What the platform needs of a cipher: encrypt and decrypt text with key ids.

    `encrypt` returns a token naming its scheme and key id; `decrypt` opens any token
    whose key it holds; `is_current` says whether a token is under the current scheme
    and key (what `keys_rotate` re-encrypts otherwise). `aad` binds a token to its
    place: the same `aad` must be given to decrypt.
    """

    def __init__(self, keys: list[DataKey]):
        if not keys:
            raise ImproperlyConfigured("RONGMEI_DATA_KEYS: no key")
        self.keys = list(keys)

    @property
    def key_id(self) -> str:
        return self.keys[0].id

    @property
    def key_ids(self) -> list[str]:
        return [k.id for k in self.keys]

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> str:
        raise NotImplementedError

    def decrypt(self, token: str, *, aad: bytes) -> bytes:
        raise NotImplementedError

    def is_current(self, token: str) -> bool:
        raise NotImplementedError


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class GcmProvider(CipherProvider):
    """A software AEAD in GCM mode with a random 96-bit nonce per value."""

    scheme = ""

    def _key(self, key: DataKey) -> bytes:
        return key.secret

    def _seal(self, key: bytes, nonce: bytes, plaintext: bytes, aad: bytes) -> bytes:
        raise NotImplementedError

    def _open(self, key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        raise NotImplementedError

    @staticmethod
    def _aad(scheme: str, kid: str, aad: bytes) -> bytes:
        # The header is authenticated too: a token's key id cannot be swapped.
        return f"{scheme}:{kid}|".encode() + aad

    def encrypt(self, plaintext: bytes, *, aad: bytes) -> str:
        key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._seal(self._key(key), nonce, plaintext, self._aad(self.scheme, key.id, aad))
        return f"{self.scheme}:{key.id}:{_b64(nonce + sealed)}"

    def decrypt(self, token: str, *, aad: bytes) -> bytes:
        match = TOKEN_RE.match(token or "")
        if not match:
            raise DecryptionError("not a token")
        scheme, kid = match["scheme"], match["kid"]
        provider = self if scheme == self.scheme else _builtin(scheme, self.keys)
        if provider is None:
            raise DecryptionError(f"unknown scheme {scheme!r}")
        key = next((k for k in self.keys if k.id == kid), None)
        if key is None:
            raise DecryptionError(f"no key {kid!r} in RONGMEI_DATA_KEYS")
        try:
            raw = _unb64(token.rsplit(":", 1)[1])
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError("malformed token") from exc
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("malformed token")
        try:
            return provider._open(
                provider._key(key),
                raw[:NONCE_BYTES],
                raw[NONCE_BYTES:],
                self._aad(scheme, kid, aad),
            )
        except InvalidTag as exc:
            raise DecryptionError("token altered, or not for this place") from exc

    def is_current(self, token: str) -> bool:
        match = TOKEN_RE.match(token or "")
        return bool(match) and match["scheme"] == self.scheme and match["kid"] == self.key_id


class AesGcmProvider(GcmProvider):
    """AES-256-GCM (NIST SP 800-38D) through `cryptography`."""

    scheme = "v1"

    def _seal(self, key, nonce, plaintext, aad):
        return AESGCM(key).encrypt(nonce, plaintext, aad)

    def _open(self, key, nonce, data, aad):
        return AESGCM(key).decrypt(nonce, data, aad)


class Sm4GcmProvider(GcmProvider):
    """SM4-GCM (GB/T 32907-2016 in GCM mode, RFC 8998) through `cryptography`.

    SM4 takes 128-bit keys: each is derived from the configured 32-byte key with
    HKDF-SHA256, so the same `RONGMEI_DATA_KEYS` serve both schemes.
    """

    scheme = "s1"

    def _key(self, key: DataKey) -> bytes:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=b"rongmei-sm4", info=b"s1")
        return hkdf.derive(key.secret)

    def _seal(self, key, nonce, plaintext, aad):
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        return encryptor.update(plaintext) + encryptor.finalize() + encryptor.tag

    def _open(self, key, nonce, data, aad):
        decryptor = Cipher(
            algorithms.SM4(key), modes.GCM(nonce, data[-TAG_BYTES:], min_tag_length=TAG_BYTES)
        ).decryptor()
        decryptor.authenticate_additional_data(aad)
        return decryptor.update(data[:-TAG_BYTES]) + decryptor.finalize()


BUILTIN_SCHEMES: dict[str, type[GcmProvider]] = {"v1": AesGcmProvider, "s1": Sm4GcmProvider}


def _builtin(scheme: str, keys: list[DataKey]) -> GcmProvider | None:
    cls = BUILTIN_SCHEMES.get(scheme)
    return cls(keys) if cls is not None else None


_cache: dict[tuple[str, tuple[DataKey, ...]], CipherProvider] = {}


def get_provider() -> CipherProvider:
    """The configured provider with the configured keys (re-read when either changes)."""
    path = getattr(settings, "RONGMEI_CIPHER_PROVIDER", "") or DEFAULT_PROVIDER
    keys = tuple(configured_keys())
    provider = _cache.get((path, keys))
    if provider is None:
        cls = import_string(path)
        if not (isinstance(cls, type) and issubclass(cls, CipherProvider)):
            raise ImproperlyConfigured(f"RONGMEI_CIPHER_PROVIDER {path!r} is not a CipherProvider")
        provider = cls(list(keys))
        _cache.clear()
        _cache[(path, keys)] = provider
    return provider


def is_token(value: str | None) -> bool:
    return bool(value) and bool(TOKEN_RE.match(value))


def encrypt_text(value: str, *, aad: str) -> str:
    return get_provider().encrypt(value.encode(), aad=aad.encode())


def decrypt_text(token: str, *, aad: str) -> str:
    return get_provider().decrypt(token, aad=aad.encode()).decode()


def keyed_digest(value: str, *, purpose: str) -> str:
    """An HMAC-SHA256 of `value` (hex), keyed from `SECRET_KEY`: for telling equal
    values apart without storing them (e.g. in the audit log), never for recovering them."""
    key = hashlib.sha256(f"rongmei-digest:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
