"""With these settings, tests run faster."""

from .base import *  # noqa: F403
from .base import TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS["default"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS["database"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
