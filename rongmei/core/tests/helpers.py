"""Small helpers the apps' tests share: signing in to work in a center, audit lookups,
query counts that must not grow with the data."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rongmei.core.middleware import SESSION_KEY
from rongmei.core.models import AuditEntry


def work_in(client, user, center):
    """Sign `user` in with `center` as the current center (the switcher's choice)."""
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = center.pk
    session.save()
    return user


def audited(obj, action):
    """The audit entries of `obj` with `action` (create, update, delete, transition…)."""
    return AuditEntry.objects.filter(
        object_type=obj._meta.label, object_id=str(obj.pk), action=action
    )


def assert_queries_do_not_grow(action, add_rows):
    """Run `action` with the data as it is and again after `add_rows()`: the same queries.

    A fixed ceiling passes an N+1 that stays under it; comparing two data sizes does not.
    `action` runs once beforehand so that caches filled on first use (content types, the
    site root) count in neither measurement. Returns what the last run of `action` returned.
    """
    action()
    with CaptureQueriesContext(connection) as few:
        action()
    add_rows()
    with CaptureQueriesContext(connection) as more:
        result = action()
    if len(more) != len(few):
        before = Counter(q["sql"] for q in few.captured_queries)
        after = Counter(q["sql"] for q in more.captured_queries)
        grown = [
            f"{after[sql] - before[sql]:+d} × {sql}" for sql in after if after[sql] != before[sql]
        ]
        raise AssertionError(
            f"{len(few)} queries with the small data, {len(more)} with more rows; "
            "statements run more (or less) often:\n" + "\n".join(grown[:10])
        )
    return result
