"""The audit table is append-only in the database itself (GB/T 22239-2019 §8.1.4.3):
UPDATE and DELETE are refused by triggers on SQLite and PostgreSQL, whatever issues
them; the purge guard lets DELETE through only inside its transaction; the test suite's
flush between transactional tests passes, a plain flush does not."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from rongmei.core.audit import audit_purge_guard, audit_record, audit_triggers_missing
from rongmei.core.models import AuditEntry
from rongmei.core.tests.audit_flush import (
    flush_refused_by_audit_triggers,
    flush_through_audit_triggers,
)


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def entry(center):
    return audit_record(action="update", center=center, verb="原来的事项")


@pytest.mark.django_db
def test_the_triggers_are_in_place_after_every_migration():
    assert audit_triggers_missing() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET verb = 'rewritten' WHERE id = %s",
        "UPDATE core_auditentry SET at = at WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ],
)
def test_raw_update_and_delete_are_refused(entry, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.verb == "原来的事项"


@pytest.mark.django_db
def test_orm_update_save_and_delete_are_refused(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(verb="rewritten")
    entry.verb = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).verb == "原来的事项"


@pytest.mark.django_db
def test_truncate_is_refused_on_postgresql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE trigger covers a DELETE of all rows)")
    # The test's own inserts leave deferred foreign-key checks, which PostgreSQL would
    # give as its reason to refuse; run them now so that the trigger is what refuses.
    _sql("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql("TRUNCATE core_auditentry CASCADE")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_the_purge_guard_holds_only_inside_its_block(entry, center):
    other = audit_record(action="update", center=center, verb="另一条")
    with transaction.atomic(), audit_purge_guard(connection):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=other.pk).delete()
    # UPDATE stays refused even with the guard set.
    with pytest.raises(DatabaseError), transaction.atomic(), audit_purge_guard(connection):
        AuditEntry.objects.filter(pk=other.pk).update(verb="rewritten")
    assert AuditEntry.objects.get(pk=other.pk).verb == "另一条"


@pytest.mark.django_db
def test_deleting_an_account_keeps_its_entries_unchanged(center, make_user):
    """An account's entries keep its id and name (SET NULL would be a refused UPDATE)."""
    user = make_user(center, "reporter", username="leaver")
    entry = audit_record(action="update", by=user, center=center, verb="改了稿件")
    user_id = user.pk
    user.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_name) == (user_id, "leaver")
    # The listing joins the missing account as nobody.
    assert AuditEntry.objects.select_related("actor").get(pk=entry.pk).actor is None


@pytest.mark.django_db
def test_a_plain_flush_is_refused():
    audit_record(action="update", verb="留在表里")
    flush_refused_by_audit_triggers()
    try:
        with pytest.raises(CommandError):
            call_command("flush", interactive=False, verbosity=0)
    finally:
        flush_through_audit_triggers()
    assert AuditEntry.objects.filter(verb="留在表里").exists()


# Two transactional tests: each starts from an empty table, so the flush after the
# other (whichever runs first) went through the triggers.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("run", [1, 2])
def test_the_flush_between_transactional_tests_passes_the_triggers(run):
    assert not AuditEntry.objects.filter(verb__startswith="事务测试").exists()
    audit_record(action="update", verb=f"事务测试 {run}")
    assert AuditEntry.objects.filter(verb__startswith="事务测试").count() == 1
