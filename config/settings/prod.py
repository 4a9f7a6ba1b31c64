"""Production: secrets and hosts must come from the environment (or `.env`)."""

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

from config.env import env

from .base import *  # noqa: F403
from .base import PUBLIC_SECRET_KEYS, STORAGES

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
if SECRET_KEY.strip() in PUBLIC_SECRET_KEYS or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY 是公开的默认值或过短（至少 32 个字符）：请设置一个随机密钥。"
        " / DJANGO_SECRET_KEY is a public default or too short: set a random key."
    )
# Its own key, never derived from SECRET_KEY in production.
RONGMEI_CREDENTIAL_KEY = env(
    "RONGMEI_CREDENTIAL_KEY", default=env("RONGMEI_CREDENTIALS_KEY", default="")
).strip()
try:
    _valid_key = len(base64.urlsafe_b64decode(RONGMEI_CREDENTIAL_KEY.encode())) == 32
except (binascii.Error, ValueError):
    _valid_key = False
if not _valid_key:
    raise ImproperlyConfigured(
        "RONGMEI_CREDENTIAL_KEY 未设置或不是 Fernet 密钥（渠道凭据的加密密钥）。"
        " / RONGMEI_CREDENTIAL_KEY is unset or not a Fernet key."
    )
# --- audit log (安全审计): the hash chain's own key, never derived in production.
RONGMEI_AUDIT_KEY = env("RONGMEI_AUDIT_KEY", default="").strip()
if len(RONGMEI_AUDIT_KEY) < 32 or RONGMEI_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "RONGMEI_AUDIT_KEY 未设置、过短（至少 32 个字符）或与 DJANGO_SECRET_KEY 相同"
        "（审计日志哈希链的密钥）。 / RONGMEI_AUDIT_KEY is unset, shorter than 32"
        " characters or the same as DJANGO_SECRET_KEY."
    )
# --- end audit log
# --- data at rest (数据保密性, rongmei/core/crypto.py): keys of their own, never derived.
RONGMEI_DATA_KEYS = env("RONGMEI_DATA_KEYS", default="").strip()
if not RONGMEI_DATA_KEYS:
    raise ImproperlyConfigured(
        "RONGMEI_DATA_KEYS 未设置（个人信息和渠道凭据的加密密钥，“编号:base64密钥”）。"
        " / RONGMEI_DATA_KEYS is unset ('id:base64key,…')."
    )
from rongmei.core.crypto import parse_keys  # noqa: E402

parse_keys(RONGMEI_DATA_KEYS)  # a malformed key stops the start, naming the key
# --- end data at rest
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": STORAGES["private"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# --- HTTPS and security headers (docs/security.md, 通信与边界); every number a setting.
# HSTS: a year by default, subdomains included (a center's site and admin share a domain).
SECURE_HSTS_SECONDS = env.int("RONGMEI_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("RONGMEI_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a lasting promise for the whole domain (often a county government's):
# the center's to make, so off by default and its deploy-check warning silenced then.
SECURE_HSTS_PRELOAD = env.bool("RONGMEI_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# X-Forwarded-Proto is believed only when a proxy is trusted (it sets the header itself).
if env.list("RONGMEI_TRUSTED_PROXIES", default=[]):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview sets SAMEORIGIN for itself
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# --- end HTTPS and security headers
