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
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": STORAGES["private"],
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
