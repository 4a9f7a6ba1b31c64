"""Every builder of the demo year builds the same records from the same seed, builder by
builder, on a small year: the size tables of the table-driven builders (publications,
outreach) are cut down here, so that the check costs well under a minute rather than two
whole years (the newsroom builder's sizes are fixed in its code: it runs at scale 1).
`tests/test_demo_year.py` checks the figures of the full year, built once per run."""

import dataclasses
import datetime as dt
import random

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from rongmei.demo import services, year
from rongmei.demo.services import demo_seed

pytestmark = pytest.mark.django_db

# Ids, random keys and stored files: not what a seed decides.
SKIPPED = (models.AutoField, models.BigAutoField, models.UUIDField, models.FileField)


def _small_tables(monkeypatch) -> None:
    """A few records per channel and outlet instead of a county's year."""
    small = {k: (3, 5, *rest) for k, (_lo, _hi, *rest) in year.PUBLISHING.items()}
    monkeypatch.setattr(year, "PUBLISHING", small)
    outlets = year._outlets

    def few_outlets(names):
        return [dataclasses.replace(s, per_year=(1, 3)) for s in outlets(names)]

    monkeypatch.setattr(year, "_outlets", few_outlets)


DIGESTS = frozenset({"hash", "prev_hash", "base_hash"})


def _fields(model) -> list[str]:
    out = []
    for f in model._meta.concrete_fields:
        if isinstance(f, SKIPPED) or f.primary_key or f.is_relation:
            continue
        # The audit chain's digests cover the entries' times (when the test ran).
        if f.name in DIGESTS:
            continue
        if isinstance(f, models.DateTimeField | models.DateField) and (
            f.auto_now or f.auto_now_add
        ):
            continue
        out.append(f.attname)
    return out


def _models() -> list:
    return [m for m in apps.get_models() if m.__module__.startswith("rongmei.")]


def _counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in _models()}


def _snapshot(labels, since: dt.datetime) -> dict[str, list[tuple]]:
    """The records of these models, by the fields that are not ids; a moment after
    `since` (the test's start: when it ran, not what the builder chose) as "now"."""

    def value(v):
        return "now" if isinstance(v, dt.datetime) and v >= since else v

    out = {}
    for label in labels:
        model = apps.get_model(label)
        rows = model._base_manager.values_list(*_fields(model))
        out[label] = sorted((tuple(map(value, r)) for r in rows), key=repr)
    return out


# Records that a builder completes rather than adds (rundowns fill episodes, jobs
# publish versions, airings are counted on productions).
UPDATED = ("programmes.Episode", "programmes.LiveStream", "programmes.Production",
           "distribution.PublishJob", "distribution.Publication", "newsroom.Story")  # fmt: skip


def _restart_ids() -> None:
    """Next ids right after the highest: PostgreSQL's sequences do not roll back, and ids
    find their way into urls, paths and audit entries."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _diff(a: dict, b: dict) -> list[str]:
    return [label for label in sorted(set(a) | set(b)) if a.get(label) != b.get(label)]


def test_each_builder_builds_the_same_records_from_the_same_seed(monkeypatch):
    since = timezone.now()
    _small_tables(monkeypatch)
    builders = list(services.YEAR_BUILDERS)
    monkeypatch.setattr(services, "YEAR_BUILDERS", [])
    center = demo_seed(code="632224", name="示范县融媒体中心", year=2021).center
    kw = {"center": center, "year": 2021, "scale": 1, "progress": lambda *_a: None}

    differing = {}
    built = {}
    for builder in builders:
        name = builder.__name__
        before = _counts()
        _restart_ids()
        with transaction.atomic():
            first_counts = builder(rng=random.Random(f"2021-{name}"), **kw)
            after = _counts()
            touched = {label for label, n in after.items() if n != before[label]}
            touched |= set(UPDATED)
            touched = sorted(label for label in touched if _fields(apps.get_model(label)))
            first = _snapshot(touched, since)
            transaction.set_rollback(True)
        assert _counts() == before, f"{name}: rolling back left records behind"
        _restart_ids()
        counts = builder(rng=random.Random(f"2021-{name}"), **kw)
        again = _snapshot(touched, since)
        if (first_counts, first) != (counts, again):
            differing[name] = _diff(first, again) or ["counts"]
        built[name] = sum(counts.values())
        # Run again on what it built, it adds nothing.
        assert not any(builder(rng=random.Random(f"2021-{name}"), **kw).values()), name

    assert differing == {}
    # Each builder built something on the small year.
    assert [name for name, n in built.items() if not n] == []
