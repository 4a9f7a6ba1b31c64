"""With these settings, tests run faster."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS["default"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
TASKS["database"] = {"BACKEND": "django_tasks_db.DatabaseBackend"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.InMemoryStorage",
        "OPTIONS": {"base_url": "/private-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # On disk, so that a task worker run by a test sees what the test committed; one file
    # per test process, so that test runs side by side never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"rongmei-test-{os.getpid()}.sqlite3")
    }

# One process: the in-memory cache (cleared around every test by the root conftest).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No per-process grace: the cache is cleared between tests, and counts are checked at once.
RONGMEI_PAGE_CACHE_SYNC_SECONDS = 0
RONGMEI_VIEW_BUFFER_SECONDS = 0
