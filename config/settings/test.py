"""With these settings, tests run faster."""

import hashlib
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, TASKS

# The key derived from SECRET_KEY, whatever a developer's .env holds (a test that needs
# another key sets it).
RONGMEI_CREDENTIAL_KEY = ""
# The audit chain's key, likewise derived from SECRET_KEY (a test that needs another sets it).
RONGMEI_AUDIT_KEY = ""
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
    # A file, so that a task worker run by a test (a subprocess) sees what the test
    # committed; in /dev/shm where there is one, i.e. in memory: migrating there took as
    # long as with ":memory:" (CPU-bound), so one database serves every test. One file per
    # test process (pytest-xdist adds `_gw0`, `_gw1` for its workers), so that test runs
    # side by side never share it; with RONGMEI_TEST_REUSE_DB=1 (`--reuse-db`, local runs
    # only) one name per checkout, kept between runs.
    _shm = Path("/dev/shm")  # noqa: S108 - memory-backed, test databases only
    _dir = _shm if _shm.is_dir() and os.access(_shm, os.W_OK) else Path(tempfile.gettempdir())
    if os.environ.get("RONGMEI_TEST_REUSE_DB"):
        _tag = "reuse-" + hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:10]  # noqa: S324
    else:
        _tag = str(os.getpid())
    DATABASES["default"]["TEST"] = {"NAME": str(_dir / f"rongmei-test-{_tag}.sqlite3")}

# One process (each xdist worker its own): the in-memory cache (cleared around every
# test by the root conftest).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No per-process grace: the cache is cleared between tests, and counts are checked at once.
RONGMEI_PAGE_CACHE_SYNC_SECONDS = 0
RONGMEI_VIEW_BUFFER_SECONDS = 0
# The stand-in platform servers of the tests listen on 127.0.0.1 (distribution/tests).
RONGMEI_OUTBOUND_ALLOW = ["127.0.0.1"]

# -- Two-factor sign-in (rongmei/security) ----------------------------------------------
# Other tests sign in through the sign-in page with a password alone (the browser tests
# as the demo's reviewers); the tests of two-factor sign-in set the level-3 roles back
# (rongmei/security/tests/test_two_factor.py, tests/test_browser_sign_in.py).
RONGMEI_2FA_REQUIRED_ROLES: list[str] = []
# -- end two-factor sign-in
