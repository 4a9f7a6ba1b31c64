"""Every setting lives here; dev, test and prod only override."""

from config.env import BASE_DIR, env

# Keys anyone can read in this repository; production settings refuse them. `make run`
# writes a random one into `.env` on its first run.
PUBLIC_SECRET_KEYS = frozenset(
    {"dev-only-insecure-key-change-me", "change-me-to-a-long-random-string", ""}
)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

RONGMEI_APPS = [
    "rongmei.core",
    "rongmei.accounts",
    "rongmei.planning",
    "rongmei.newsroom",
    "rongmei.proofing",
    "rongmei.distribution",
    "rongmei.programmes",
    "rongmei.outreach",
    "rongmei.scoring",
    "rongmei.exposure",
    "rongmei.notices",
    "rongmei.party",
    "rongmei.integrity",
    "rongmei.training",
    "rongmei.broadcast_safety",
    "rongmei.emergency",
    "rongmei.ledgers",
    "rongmei.reporting",
    "rongmei.website",
    "rongmei.demo",
]

INSTALLED_APPS = [
    *RONGMEI_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are answered here, before sessions and the database.
    "rongmei.website.middleware.SitePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "rongmei.core.middleware.CurrentCenterMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# A role counts only in the center where it is held (see rongmei/accounts/backends.py).
AUTHENTICATION_BACKENDS = ["rongmei.accounts.backends.CenterRoleBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our catalogue first; then the translations of Wagtail strings its own zh_Hans lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = env("RONGMEI_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Static files live in each app's static/ folder.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # ECharts from node_modules (installed by `make setup`), served locally, never a CDN.
    "rongmei.reporting.staticfiles.VendorFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("RONGMEI_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
PRIVATE_MEDIA_ROOT = env.path("RONGMEI_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = env("RONGMEI_SITE_NAME", default="融媒体中心")
WAGTAILADMIN_BASE_URL = env("RONGMEI_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Background work: the database backend on one machine, RQ on Redis for several.
TASKS_BACKEND = env("RONGMEI_TASKS_BACKEND", default="db")
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL}}
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")

# The cache holds per-address rate limits (public tip-offs), the public site's rendered
# pages with their purge generations, and its page-view counters; it must be shared by
# every server process and the task worker. Production sets RONGMEI_CACHE_URL=redis://…;
# without it, files under var/cache (shared on one machine, no server to run).
if env("RONGMEI_CACHE_URL", default=""):
    # RONGMEI_CACHE_KEY_PREFIX keeps several installations apart on one Redis.
    CACHES = {
        "default": {
            **env.cache("RONGMEI_CACHE_URL"),
            "KEY_PREFIX": env("RONGMEI_CACHE_KEY_PREFIX", default=""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
# How long a rendered public page is kept at most; publishing purges it at once.
RONGMEI_PAGE_CACHE_SECONDS = env.int("RONGMEI_PAGE_CACHE_SECONDS", default=3600)
# Each server process trusts the purge generations it read for this long (a purge made
# by another process shows within it) and keeps its hottest pages in memory meanwhile.
RONGMEI_PAGE_CACHE_SYNC_SECONDS = env.float("RONGMEI_PAGE_CACHE_SYNC_SECONDS", default=1.0)
# Article views are added up in each process and pushed to the cache this often.
RONGMEI_VIEW_BUFFER_SECONDS = env.float("RONGMEI_VIEW_BUFFER_SECONDS", default=1.0)

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated,
# e.g. "127.0.0.1,10.0.0.0/8"); empty: the connection's own address is the client's.
RONGMEI_TRUSTED_PROXIES = env.list("RONGMEI_TRUSTED_PROXIES", default=[])
# django-ratelimit's "ip" key reads the same trusted address.
RATELIMIT_IP_META_KEY = "rongmei.core.net.client_ip"
# Public tip-offs accepted per client address (django-ratelimit's rate, e.g. "5/h").
RONGMEI_TIP_RATE = env("RONGMEI_TIP_RATE", default="5/h")
# Serve MEDIA_ROOT from Django with DEBUG off (make run, one machine); off behind a web server.
RONGMEI_SERVE_MEDIA = env.bool("RONGMEI_SERVE_MEDIA", default=False)

# The Fernet key of the channel credentials (rongmei/distribution/credentials.py), apart
# from SECRET_KEY; `make run` writes one into `.env`. Empty (development and tests only):
# derived from SECRET_KEY. RONGMEI_CREDENTIALS_KEY is the name it had before.
RONGMEI_CREDENTIAL_KEY = env(
    "RONGMEI_CREDENTIAL_KEY", default=env("RONGMEI_CREDENTIALS_KEY", default="")
)

# The largest platform export (reach figures) accepted for import.
RONGMEI_REACH_MAX_BYTES = env.int("RONGMEI_REACH_MAX_BYTES", default=10 * 1024 * 1024)

# An edit during review sends the story back through every step (三审三校).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# How long audit entries are kept (等保 2.0 asks for at least six months).
RONGMEI_AUDIT_RETENTION_DAYS = env.int("RONGMEI_AUDIT_RETENTION_DAYS", default=365 * 3)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, adopted now
