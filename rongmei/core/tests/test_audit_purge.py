"""Retention: entries older than RONGMEI_AUDIT_RETENTION_DAYS (never fewer than 180
days) go through the one guarded purge, oldest first, never one younger than the
cutoff; the purge leaves an entry of its own and the chain still verifies. `make run`
runs `audit_purge` daily."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from rongmei.core.audit import PURGE_VERB, audit_chain_verify, audit_purge, audit_record
from rongmei.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def _entry(center, days, verb):
    return audit_record(
        action="update", center=center, verb=verb, at=timezone.now() - dt.timedelta(days=days)
    )


def test_purge_removes_the_old_entries_records_itself_and_the_chain_holds(center, other_center):
    for i in range(3):
        _entry(center, 400 - i, f"旧{i}")
    _entry(center, 10, "新")
    _entry(other_center, 500, "邻县旧")

    assert audit_purge(older_than_days=365) == 4

    assert list(AuditEntry.objects.filter(verb__startswith="旧")) == []
    assert AuditEntry.objects.filter(verb="新").exists()
    mine = AuditEntry.objects.get(center=center, verb=PURGE_VERB)
    assert mine.changes["deleted"] == 3
    assert mine.changes["up_to_seq"] == 3
    assert mine.changes["retention_days"] == 365
    assert mine.changes["before"][:10] == str((timezone.now() - dt.timedelta(days=365)).date())
    assert AuditEntry.objects.get(center=other_center, verb=PURGE_VERB).changes["deleted"] == 1
    head = AuditChainHead.objects.get(chain=center.pk)
    assert head.base_seq == 3
    # The kept entries still link up: to the last entry purged, which the head remembers.
    assert audit_chain_verify() == (3, None)


def test_purge_never_removes_an_entry_younger_than_the_cutoff(center):
    """An old entry after a young one in the chain waits (only a prefix of a chain goes)."""
    _entry(center, 400, "旧")
    _entry(center, 10, "新")
    _entry(center, 400, "补记的旧条目")
    assert audit_purge(older_than_days=365) == 1
    assert AuditEntry.objects.filter(verb="补记的旧条目").exists()
    assert audit_chain_verify(center=center) == (3, None)


def test_nothing_to_purge_is_recorded_too(center):
    _entry(center, 10, "新")
    assert audit_purge(older_than_days=365) == 0
    entry = AuditEntry.objects.get(verb=PURGE_VERB)
    assert (entry.center_id, entry.changes["deleted"]) == (None, 0)


@pytest.mark.parametrize("days", [0, 90, 179])
def test_purge_refuses_less_than_180_days(center, days):
    _entry(center, 400, "旧")
    with pytest.raises(ValidationError, match="至少保留180天"):
        audit_purge(older_than_days=days)
    assert AuditEntry.objects.count() == 1


def test_a_setting_below_180_days_is_refused(settings, center):
    settings.RONGMEI_AUDIT_RETENTION_DAYS = 30
    _entry(center, 400, "旧")
    with pytest.raises(CommandError, match="至少保留180天"):
        call_command("audit_purge")
    assert AuditEntry.objects.count() == 1


def test_the_command_purges_by_the_setting(settings, center):
    settings.RONGMEI_AUDIT_RETENTION_DAYS = 200
    _entry(center, 250, "旧")
    _entry(center, 150, "半年内")
    out = StringIO()
    call_command("audit_purge", stdout=out)
    assert "已清理 1 条超过 200 天的审计日志" in out.getvalue()
    assert AuditEntry.objects.filter(verb="半年内").exists()


def test_after_a_purge_deletes_are_refused_again(center):
    _entry(center, 400, "旧")
    kept = _entry(center, 10, "新")
    audit_purge(older_than_days=365)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=kept.pk).delete()


def test_retention_is_scheduled_daily_by_make_run():
    """`make run`'s ticker runs the purge once a day beside the task worker."""
    script = (Path(settings.BASE_DIR) / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "manage.py audit_purge" in script
