"""The process-level cache of compiled checkers, one per set of lexicon versions.

A center's check uses its own active lexicons and the shared ones, each at its
current version. The key is the language (messages are baked in when building) and
the sorted version ids, so a new version of any lexicon makes a new key: the next
check builds a new automaton, and old ones age out of the small LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.db.models import Q
from django.utils.translation import get_language, gettext

from rongmei.core.models import Center

from .engine import Checker, LexiconData, build_checker
from .models import Lexicon, LexiconVersion

MAX_CHECKERS = 32

_cache: OrderedDict[tuple, Checker] = OrderedDict()
_lock = threading.Lock()
stats = {"builds": 0, "hits": 0}


def active_version_ids(*, center: Center | None) -> list[int]:
    """Current versions of the lexicons a check in `center` uses (one query)."""
    scope = Q(center__isnull=True) if center is None else Q(center=center) | Q(center__isnull=True)
    return sorted(
        Lexicon.objects.filter(scope, is_active=True, current_version__isnull=False).values_list(
            "current_version_id", flat=True
        )
    )


def checker_for_versions(version_ids: list[int]) -> Checker:
    """The compiled checker of exactly these versions, built at most once per process."""
    key = (get_language() or "", *sorted(version_ids))
    with _lock:
        checker = _cache.get(key)
        if checker is not None:
            _cache.move_to_end(key)
            stats["hits"] += 1
            return checker
    versions = LexiconVersion.objects.filter(pk__in=version_ids).order_by("lexicon_id")
    data = [
        LexiconData.from_snapshot(
            lexicon_id=v.lexicon_id, version_id=v.pk, version=v.number, data=v.content
        )
        for v in versions
    ]
    checker = build_checker(data, translate=gettext)
    with _lock:
        _cache[key] = checker
        _cache.move_to_end(key)
        stats["builds"] += 1
        while len(_cache) > MAX_CHECKERS:
            _cache.popitem(last=False)
    return checker


def checker_for(*, center: Center | None) -> Checker:
    return checker_for_versions(active_version_ids(center=center))


def clear() -> None:
    with _lock:
        _cache.clear()
        stats["builds"] = stats["hits"] = 0
