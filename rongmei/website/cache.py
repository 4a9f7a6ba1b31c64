"""The public site's page cache and its server-side page-view counter.

Rendered public pages (home, article, column and campaign listings, feeds) are kept in
Django's cache, keyed by scheme, host, language and path. Each entry remembers the
generation of its center's site when it was rendered; `site_purge` gives the center a
new generation, so every page of that site is re-rendered on its next request. The
cache must be shared by every server process (Redis, or the file cache by default) so
that a purge reaches all of them.

Article views are counted per story and day with `cache.incr`, before the cache lookup,
so that a page served from the cache still counts; `services.site_views_flush` moves
the counts into distribution's figures.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import re
import threading
import time
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

PREFIX = "rongmei:site"
SITES_KEY = f"{PREFIX}:sites"  # bumped when a site's hostname or root changes
# Paths never cached nor looked up (staff, API, files).
SKIP_PREFIXES = ("/admin/", "/api/", "/django-admin/", "/documents/", "/static/", "/media/")
# Only these query parameters select a different page; others (utm_…) are ignored.
KEPT_PARAMS = ("page",)
VIEW_TTL = 3 * 24 * 3600  # counters live long enough for a late flush
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|baiduspider|yisouspider|sogou|bingpreview|facebookexternalhit"
    r"|curl|wget|python-|httpclient|http_request|java/|go-http|okhttp|scrapy|headlesschrome"
    r"|phantomjs|lighthouse|pingdom|uptime|monitor|feedfetcher|rss",
    re.IGNORECASE,
)


def page_ttl() -> int:
    return getattr(settings, "RONGMEI_PAGE_CACHE_SECONDS", 3600)


def _sync_seconds() -> float:
    return getattr(settings, "RONGMEI_PAGE_CACHE_SYNC_SECONDS", 1.0)


def _center_key(center_id: int) -> str:
    return f"{PREFIX}:gen:{center_id}"


def _new_token() -> str:
    return uuid.uuid4().hex[:12]


# Each process keeps the generations it read for RONGMEI_PAGE_CACHE_SYNC_SECONDS, and the
# entries it served most recently, so that a hot page costs no round trip to the shared
# cache; a purge in another process is seen within that delay, one in this process at once.
_lock = threading.Lock()
_tokens: dict[str, tuple[str, float]] = {}
_local: OrderedDict[str, tuple] = OrderedDict()
LOCAL_ENTRIES = 256


def _current(keys: list[str], *, create: bool = False) -> list[str | None]:
    now = time.monotonic()
    fresh_until = now - _sync_seconds()
    with _lock:
        known = {k: _tokens[k][0] for k in keys if k in _tokens and _tokens[k][1] > fresh_until}
    missing = [k for k in keys if k not in known]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            token = found.get(key)
            if token is None and create:
                cache.add(key, _new_token(), timeout=None)
                token = cache.get(key)
            if token is not None:
                known[key] = token
                with _lock:
                    _tokens[key] = (token, now)
    return [known.get(k) for k in keys]


def generations(center_id: int) -> tuple[str, str]:
    """The current (center, sites) generation tokens, created when missing."""
    center, sites = _current([_center_key(center_id), SITES_KEY], create=True)
    return center, sites


def _bump(key: str) -> None:
    token = _new_token()
    cache.set(key, token, timeout=None)
    with _lock:
        _tokens[key] = (token, time.monotonic())


def site_purge(*, center_id: int | None) -> None:
    """Every cached page of `center_id`'s site is stale from now on (and again at commit,
    so that a page rendered during the transaction from the old data is not kept)."""
    if center_id is None:
        return
    key = _center_key(center_id)
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def sites_purge() -> None:
    """A site's hostname or root page changed: every cached page of every site is stale."""
    _bump(SITES_KEY)
    transaction.on_commit(lambda: _bump(SITES_KEY))


@dataclass
class Marker:
    """Set on a request by a public page: the page may be cached, for this center."""

    center_id: int
    story_id: int | None = None


def mark(request, *, center_id: int | None, story_id: int | None = None) -> None:
    """Called by the site's pages while rendering: this response may be cached (and, for
    an article, is a view of `story_id`)."""
    if center_id is not None and request is not None:
        request.rongmei_site_page = Marker(center_id=center_id, story_id=story_id)
        if not hasattr(request, "rongmei_site_generations"):
            # Read before rendering: a purge during rendering makes this entry stale.
            request.rongmei_site_generations = generations(center_id)


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIP_PREFIXES):
        return False
    # Someone signed in (or with any session) sees pages fresh and never fills the cache.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not getattr(request, "is_preview", False)


def page_key(request) -> str | None:
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: let the normal stack answer
        return None
    params = "&".join(
        f"{name}={request.GET[name][:10]}" for name in KEPT_PARAMS if name in request.GET
    )
    language = translation.get_language_from_request(request)
    return f"{PREFIX}:page:{request.scheme}:{host}:{language}:{request.path}?{params}"


def page_get(key: str) -> tuple[HttpResponse, int | None] | None:
    """A cached response and its story id, if its entry is current."""
    with _lock:
        entry = _local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return None
        _remember(key, entry)
    center_id, tokens, status, headers, content, story_id = entry
    if tuple(_current([_center_key(center_id), SITES_KEY])) != tuple(tokens):
        with _lock:
            _local.pop(key, None)
        return None
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response, story_id


def _remember(key: str, entry: tuple) -> None:
    with _lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def page_set(key: str, request, response) -> None:
    marker: Marker | None = getattr(request, "rongmei_site_page", None)
    if marker is None or response.status_code != 200 or response.cookies:
        return
    if getattr(response, "streaming", False):
        return
    tokens = request.rongmei_site_generations
    entry = (
        marker.center_id,
        tuple(tokens),
        response.status_code,
        list(response.items()),
        response.content,
        marker.story_id,
    )
    cache.set(key, entry, timeout=page_ttl())
    _remember(key, entry)


# -- page views ---------------------------------------------------------------------------


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_RE.search(agent))


def view_key(story_id: int, day: dt.date) -> str:
    return f"{PREFIX}:views:{day.isoformat()}:{story_id}"


# Views are added up in the process and pushed to the shared cache at most every
# RONGMEI_VIEW_BUFFER_SECONDS (at the next request, and when the process exits).
_views: Counter[str] = Counter()
_views_pushed = [time.monotonic()]


def view_count(request, story_id: int | None) -> None:
    """Count one view of a story's article today (not for crawlers, not for HEAD)."""
    if story_id is None or request.method != "GET" or is_bot(request):
        return
    key = view_key(story_id, timezone.localdate())
    with _lock:
        _views[key] += 1
    if time.monotonic() - _views_pushed[0] >= getattr(settings, "RONGMEI_VIEW_BUFFER_SECONDS", 1.0):
        views_push()


def views_push() -> None:
    """Add the views counted in this process to the shared counters."""
    with _lock:
        pending = dict(_views)
        _views.clear()
        _views_pushed[0] = time.monotonic()
    for key, n in pending.items():
        try:
            cache.incr(key, n)
        except ValueError:
            if not cache.add(key, n, timeout=VIEW_TTL):
                cache.incr(key, n)
        else:
            if isinstance(cache, FileBasedCache):
                # Its incr rewrites the entry with the default timeout; keep the counter.
                cache.touch(key, VIEW_TTL)


def _push_at_exit() -> None:
    # The cache may be gone at interpreter exit; there is nothing else to do then.
    with contextlib.suppress(Exception):
        views_push()


atexit.register(_push_at_exit)


def view_counts(story_ids: list[int], day: dt.date) -> dict[int, int]:
    """The counted views of these stories on `day` (only those with any)."""
    views_push()
    keys = {view_key(pk, day): pk for pk in story_ids}
    return {keys[k]: int(v) for k, v in cache.get_many(list(keys)).items() if v}
