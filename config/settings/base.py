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
    "rongmei.security",  # sign-in policy: see the sign-in block below
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
# The lockout backend goes in front of it and the password rules are set in the sign-in
# block below.
AUTHENTICATION_BACKENDS = ["rongmei.accounts.backends.CenterRoleBackend"]
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

# -- Data at rest (GB/T 22239-2019 8.1.4.8, rongmei/core/crypto.py) ---------------------
# Keys of the encrypted fields and channel credentials: "id:base64key,id2:…" (32 bytes
# each; the first is current, the others only decrypt; `make run` writes one into .env).
# Empty (development and tests only): the key "dev", derived from SECRET_KEY.
RONGMEI_DATA_KEYS = env("RONGMEI_DATA_KEYS", default="")
# The cipher: AES-256-GCM; "rongmei.core.crypto.Sm4GcmProvider" for SM4-GCM, or the
# dotted path of a certified cipher machine's provider (a core.crypto.CipherProvider).
RONGMEI_CIPHER_PROVIDER = env(
    "RONGMEI_CIPHER_PROVIDER", default="rongmei.core.crypto.AesGcmProvider"
)
# Files in storage no row references are left this long before `find_orphan_files` may
# remove them (an upload saves its file before its row is committed).
RONGMEI_ORPHAN_MIN_AGE_HOURS = env.int("RONGMEI_ORPHAN_MIN_AGE_HOURS", default=24)
# -- end data at rest -------------------------------------------------------------------

# The largest platform export (reach figures) accepted for import.
RONGMEI_REACH_MAX_BYTES = env.int("RONGMEI_REACH_MAX_BYTES", default=10 * 1024 * 1024)

# An edit during review sends the story back through every step (三审三校).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True

# How long audit entries are kept (等保 2.0 asks for at least six months).
RONGMEI_AUDIT_RETENTION_DAYS = env.int("RONGMEI_AUDIT_RETENTION_DAYS", default=365 * 3)
# --- audit log (安全审计, rongmei/core/audit.py) ---
# The HMAC key of the audit log's hash chain and of its signed exports, kept outside the
# database; `make run` writes one into `.env`. Empty (development and tests only):
# derived from SECRET_KEY. Production requires it (config/settings/prod.py).
RONGMEI_AUDIT_KEY = env("RONGMEI_AUDIT_KEY", default="")
# --- end audit log

SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default, adopted now

# -- Headers, CSP and outbound calls (GB/T 22239-2019 8.1.4.x; docs/security.md) ---------
# Content-Security-Policy (django-csp 4, rongmei/core/csp.py). The public site: everything
# from this origin, no inline script or style. RONGMEI_CSP_MEDIA_HOSTS: other origins of
# images and video (a separate media host, "https://img.example.org"); RONGMEI_CSP_FRAME_HOSTS:
# video players embedded in articles.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

INSTALLED_APPS.append("csp")
_CSP_MEDIA = env.list("RONGMEI_CSP_MEDIA_HOSTS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_CSP_MEDIA],
        "media-src": [SELF, *_CSP_MEDIA],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *env.list("RONGMEI_CSP_FRAME_HOSTS", default=[])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Staff pages (Wagtail's admin, where every staff page is mounted, and the API docs): still
# no inline script but the nonced ones Wagtail writes; inline styles and data:/blob: images
# for Wagtail; frames from this origin for the preview.
RONGMEI_CSP_STAFF = {
    "PREFIXES": ["/admin/", "/api/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_CSP_MEDIA],
        "frame-ancestors": [SELF],
    },
}
# Before the page cache, so that cached public pages get the header too.
MIDDLEWARE.insert(
    MIDDLEWARE.index("rongmei.website.middleware.SitePageCacheMiddleware"),
    "rongmei.core.csp.SitePolicyCSPMiddleware",
)
# Permissions-Policy (django-permissions-policy): no page uses these browser features.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "django_permissions_policy.PermissionsPolicyMiddleware",
)
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
# Wagtail's preview overrides this with SAMEORIGIN for itself.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No avatars from gravatar.com (another origin, and unreachable from many networks).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Outbound calls of the connectors (rongmei/distribution/clients/outbound.py): only to the
# hosts of their platform, over HTTPS, never to a loopback, private or link-local address.
# Hosts named here are allowed besides, at any address and over plain HTTP (stand-in
# servers, a platform's test host): comma-separated names or addresses.
RONGMEI_OUTBOUND_ALLOW = env.list("RONGMEI_OUTBOUND_ALLOW", default=[])
# -- end headers, CSP and outbound calls ------------------------------------------------

# -- Sign-in and sessions (GB/T 22239-2019 8.1.4.1; rongmei/security; docs/security.md) -
# RONGMEI_SECURITY_PROFILE gives every figure below its default: "level3" (等保三级, the
# default) or "level2" (二级: milder figures where level 2 asks less). Each figure can
# still be set on its own through the environment variable of the same name.
import datetime as _dt  # noqa: E402

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

RONGMEI_SECURITY_PROFILES = {
    "level3": {
        "RONGMEI_PASSWORD_MIN_LENGTH": 8,
        "RONGMEI_PASSWORD_MIN_CLASSES": 3,  # of lowercase, uppercase, digits, symbols
        "RONGMEI_PASSWORD_HISTORY": 5,  # a new password is none of the last N
        "RONGMEI_PASSWORD_MAX_AGE_DAYS": 90,  # 0: passwords never expire
        "RONGMEI_LOCKOUT_FAILURES": 5,
        "RONGMEI_LOCKOUT_MINUTES": 30,
        "RONGMEI_SESSION_IDLE_MINUTES": 30,
        "RONGMEI_SESSION_MAX_HOURS": 12,
        "RONGMEI_SINGLE_SESSION": False,  # True: signing in ends the account's other session
        # Roles that must sign in with a second factor (TOTP) where held: the three
        # administrators, the three reviewers (初审/复审/终审) and the engineer on duty.
        "RONGMEI_2FA_REQUIRED_ROLES": [
            "administrator",
            "security_admin",
            "audit_admin",
            "editor",
            "desk_head",
            "chief_editor",
            "engineer",
        ],
    },
    "level2": {
        "RONGMEI_PASSWORD_MIN_LENGTH": 8,
        "RONGMEI_PASSWORD_MIN_CLASSES": 3,
        "RONGMEI_PASSWORD_HISTORY": 3,
        "RONGMEI_PASSWORD_MAX_AGE_DAYS": 180,
        "RONGMEI_LOCKOUT_FAILURES": 5,
        "RONGMEI_LOCKOUT_MINUTES": 15,
        "RONGMEI_SESSION_IDLE_MINUTES": 30,
        "RONGMEI_SESSION_MAX_HOURS": 24,
        "RONGMEI_SINGLE_SESSION": False,
        "RONGMEI_2FA_REQUIRED_ROLES": [],  # level 2 does not ask for a second factor
    },
}
RONGMEI_SECURITY_PROFILE = env("RONGMEI_SECURITY_PROFILE", default="level3")
if RONGMEI_SECURITY_PROFILE not in RONGMEI_SECURITY_PROFILES:
    raise ImproperlyConfigured(
        f"RONGMEI_SECURITY_PROFILE must be one of {sorted(RONGMEI_SECURITY_PROFILES)}"
    )
_signin = RONGMEI_SECURITY_PROFILES[RONGMEI_SECURITY_PROFILE]
RONGMEI_PASSWORD_MIN_LENGTH = env.int(
    "RONGMEI_PASSWORD_MIN_LENGTH", default=_signin["RONGMEI_PASSWORD_MIN_LENGTH"]
)
RONGMEI_PASSWORD_MIN_CLASSES = env.int(
    "RONGMEI_PASSWORD_MIN_CLASSES", default=_signin["RONGMEI_PASSWORD_MIN_CLASSES"]
)
RONGMEI_PASSWORD_HISTORY = env.int(
    "RONGMEI_PASSWORD_HISTORY", default=_signin["RONGMEI_PASSWORD_HISTORY"]
)
RONGMEI_PASSWORD_MAX_AGE_DAYS = env.int(
    "RONGMEI_PASSWORD_MAX_AGE_DAYS", default=_signin["RONGMEI_PASSWORD_MAX_AGE_DAYS"]
)
RONGMEI_LOCKOUT_FAILURES = env.int(
    "RONGMEI_LOCKOUT_FAILURES", default=_signin["RONGMEI_LOCKOUT_FAILURES"]
)
RONGMEI_LOCKOUT_MINUTES = env.int(
    "RONGMEI_LOCKOUT_MINUTES", default=_signin["RONGMEI_LOCKOUT_MINUTES"]
)
RONGMEI_SESSION_IDLE_MINUTES = env.int(
    "RONGMEI_SESSION_IDLE_MINUTES", default=_signin["RONGMEI_SESSION_IDLE_MINUTES"]
)
RONGMEI_SESSION_MAX_HOURS = env.int(
    "RONGMEI_SESSION_MAX_HOURS", default=_signin["RONGMEI_SESSION_MAX_HOURS"]
)
RONGMEI_SINGLE_SESSION = env.bool(
    "RONGMEI_SINGLE_SESSION", default=_signin["RONGMEI_SINGLE_SESSION"]
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # RONGMEI_PASSWORD_MIN_LENGTH, with a Chinese message (Django's own lacks one).
    {"NAME": "rongmei.security.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "rongmei.security.validators.CharacterClassValidator"},
    # Also records every password set (its hash) for the history and the age rule.
    {"NAME": "rongmei.security.validators.PasswordHistoryValidator"},
]
# The sign-in form that notes a first sign-in or an expired password (rongmei/security).
WAGTAILADMIN_USER_LOGIN_FORM = "rongmei.security.forms.LoginForm"
# Lockout (django-axes): N failures lock the account and, apart, the client address for M
# minutes (a failure during the lock does not extend it); a success clears the count.
INSTALLED_APPS.append("axes")
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
AXES_FAILURE_LIMIT = RONGMEI_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = _dt.timedelta(minutes=RONGMEI_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "rongmei.core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "rongmei.security.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Sign-ins and failures are in the audit log (rongmei/core/signals.py); no second log.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Sessions: the cookie lives no longer than the absolute lifetime; idle end, absolute end
# and one session per account are checked on each request (rongmei/security/middleware.py).
SESSION_COOKIE_AGE = RONGMEI_SESSION_MAX_HOURS * 3600
MIDDLEWARE += [
    "axes.middleware.AxesMiddleware",
    "rongmei.security.middleware.SessionLimitMiddleware",
    "rongmei.security.middleware.SignInStepsMiddleware",
]
# Two-factor sign-in (django-otp's TOTP, rongmei/security): after the password, a
# confirmed device's code (or a one-time recovery code); a role in
# RONGMEI_2FA_REQUIRED_ROLES held in the current center without a device is sent to
# enrolment. RONGMEI_2FA_MAX_FAILURES wrong codes in a row end the session; each failure
# makes the next try wait 2^(n-1) × RONGMEI_2FA_THROTTLE_SECONDS (django-otp's throttle).
RONGMEI_2FA_REQUIRED_ROLES = env.list(
    "RONGMEI_2FA_REQUIRED_ROLES", default=_signin["RONGMEI_2FA_REQUIRED_ROLES"]
)
RONGMEI_2FA_MAX_FAILURES = env.int("RONGMEI_2FA_MAX_FAILURES", default=5)
RONGMEI_2FA_THROTTLE_SECONDS = env.int("RONGMEI_2FA_THROTTLE_SECONDS", default=1)
RONGMEI_2FA_RECOVERY_CODES = env.int("RONGMEI_2FA_RECOVERY_CODES", default=10)
RONGMEI_2FA_ISSUER = env("RONGMEI_2FA_ISSUER", default="融媒体中心")  # shown in the app
# Break-glass (三员分立): once a center's three administrators are held by active
# accounts, a superuser (the bootstrap account) may sign in only with this on; each such
# sign-in is audited as 紧急登录 in every center and shown on their dashboards for
# RONGMEI_BREAK_GLASS_DAYS days.
RONGMEI_BREAK_GLASS = env.bool("RONGMEI_BREAK_GLASS", default=False)
RONGMEI_BREAK_GLASS_DAYS = env.int("RONGMEI_BREAK_GLASS_DAYS", default=7)
# -- end sign-in and sessions -----------------------------------------------------------

# -- Hostile input (GB/T 22239-2019 8.1.4.x; docs/security.md "输入与数据处理") ----------
# Request bodies: refused with 413 above the cap, by Content-Length before anything reads
# them (rongmei/core/middleware.py); the pages that take videos or many photos may take
# more (path prefix → bytes). Within a body, Django's caps on its form fields and files.
RONGMEI_MAX_REQUEST_BYTES = env.int("RONGMEI_MAX_REQUEST_BYTES", default=64 * 1024 * 1024)
RONGMEI_UPLOAD_REQUEST_BYTES = {
    "/tips/": 100 * 1024 * 1024,  # nine photos of 10 MB, or a 50 MB video
    "/admin/adoptions/": 210 * 1024 * 1024,  # adoption evidence: clips up to 200 MB
    "/admin/outreach/": 210 * 1024 * 1024,
}
MIDDLEWARE.insert(0, "rongmei.core.middleware.RequestSizeLimitMiddleware")
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("RONGMEI_MAX_FORM_BYTES", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("RONGMEI_MAX_REQUEST_FILES", default=20)
# Images: checked from the header before any decoding (rongmei/core/uploads.py), each and
# all images of one upload together; Pillow and Wagtail's image library at the same cap.
RONGMEI_MAX_IMAGE_PIXELS = env.int("RONGMEI_MAX_IMAGE_PIXELS", default=25_000_000)
RONGMEI_MAX_REQUEST_IMAGE_PIXELS = env.int("RONGMEI_MAX_REQUEST_IMAGE_PIXELS", default=100_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = RONGMEI_MAX_IMAGE_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = "rongmei.core.images.ImageForm"  # the refusal in Chinese
# Videos: their streams probed with ffprobe (Debian's ffmpeg); without it no video is taken.
RONGMEI_FFPROBE = env("RONGMEI_FFPROBE", default="ffprobe")
RONGMEI_FFPROBE_SECONDS = env.int("RONGMEI_FFPROBE_SECONDS", default=15)
# Workbooks (.xlsx): refused unparsed when they would unpack to more than this in all, have
# more parts, or a part of over 1 MB is compressed more (rongmei/core/sheets.py).
RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES = env.int(
    "RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES", default=50 * 1024 * 1024
)
RONGMEI_MAX_WORKBOOK_MEMBERS = env.int("RONGMEI_MAX_WORKBOOK_MEMBERS", default=1000)
RONGMEI_MAX_WORKBOOK_RATIO = env.int("RONGMEI_MAX_WORKBOOK_RATIO", default=100)
# Rich text: Wagtail's editor, which refuses (our forms) or sanitises (Wagtail's) a posted
# body that is not its JSON instead of failing; services sanitise every body with nh3.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "rongmei.core.richtext.CheckedDraftailRichTextArea"}
}
# -- end hostile input ------------------------------------------------------------------
