"""Each audit entry is chained to the one before it in its center's chain by an
HMAC-SHA256 with a key outside the database; `audit_verify` recomputes the chain and
names the first entry changed, removed or added behind the application's back."""

import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from rongmei.core.audit import (
    audit_chain_verify,
    audit_record,
    audit_triggers_create,
    entry_digest,
    entry_fields,
)
from rongmei.core.models import AuditChainHead, AuditEntry


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_triggers():
    """What someone with the database's password could do (rolled back with the test)."""
    for name in ("no_update", "no_delete"):
        if connection.vendor == "postgresql":
            _sql(f"DROP TRIGGER core_auditentry_{name} ON core_auditentry")
        else:
            _sql(f"DROP TRIGGER core_auditentry_{name}")


def _verify(*args):
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def entries(center, other_center):
    made = [audit_record(action="update", center=center, verb=f"第{i}条") for i in range(1, 6)]
    audit_record(action="update", center=other_center, verb="邻县的")
    audit_record(action="login_failed", verb="不属于任何中心")
    return made


@pytest.mark.django_db
def test_entries_are_linked_per_center_with_an_hmac(center, entries):
    chain = list(AuditEntry.objects.filter(center=center).order_by("seq"))
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == ""
    for before, entry in itertools.pairwise(chain):
        assert entry.prev_hash == before.hash
    for entry in chain:
        assert entry.chain == center.pk
        assert entry.hash == entry_digest(entry.prev_hash, entry_fields(entry))
    head = AuditChainHead.objects.get(chain=center.pk)
    assert (head.seq, head.hash) == (5, chain[-1].hash)
    assert AuditEntry.objects.get(verb="不属于任何中心").chain == 0


@pytest.mark.django_db
def test_the_hash_reads_back_the_same_from_the_database(center):
    """JSON, times and addresses come back from the database as they were hashed."""
    audit_record(
        action="update",
        center=center,
        verb="类型各异",
        changes={"n": 2.0, "f": 0.1, "big": 10**16, "list": [1, "二", None], 3: {"b": 1}},
    )
    assert audit_chain_verify(center=center) == (1, None)


@pytest.mark.django_db
def test_audit_verify_prints_ok_and_the_count(center, entries):
    assert _verify() == "audit chain ok: 7 entries"
    assert _verify("--center", center.code) == "audit chain ok: 5 entries"


@pytest.mark.django_db
def test_audit_verify_names_a_changed_entry(center, entries):
    _drop_triggers()
    target = entries[2]
    _sql("UPDATE core_auditentry SET verb = %s WHERE id = %s", ["改过的", target.pk])
    with pytest.raises(CommandError) as broken:
        _verify()
    message = str(broken.value)
    assert f"第 {target.pk} 条" in message
    assert "被改动" in message
    assert timezone.localtime(target.at).strftime("%Y-%m-%d %H:%M:%S") in message


@pytest.mark.django_db
def test_audit_verify_exits_1_from_the_command_line(center, entries):
    """A CommandError is exit status 1 for `manage.py`."""
    _drop_triggers()
    _sql("UPDATE core_auditentry SET actor_name = 'someone' WHERE id = %s", [entries[0].pk])
    with pytest.raises(CommandError) as broken:
        _verify("--center", center.code)
    assert broken.value.returncode == 1
    assert f"第 {entries[0].pk} 条" in str(broken.value)


@pytest.mark.django_db
def test_audit_verify_finds_an_entry_deleted_in_the_middle(center, entries):
    _drop_triggers()
    _sql("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError) as broken:
        _verify()
    message = str(broken.value)
    assert f"第 {entries[2].pk} 条" in message
    assert "缺少 1 条" in message


@pytest.mark.django_db
def test_audit_verify_finds_the_last_entries_deleted(center, entries):
    _drop_triggers()
    _sql("DELETE FROM core_auditentry WHERE id IN (%s, %s)", [entries[3].pk, entries[4].pk])
    with pytest.raises(CommandError, match="链尾缺少 2 条"):
        _verify("--center", center.code)


@pytest.mark.django_db
def test_audit_verify_finds_an_entry_inserted_behind_the_application(center, entries):
    AuditEntry.objects.create(center=center, chain=center.pk, seq=6, action="update", verb="伪造")
    with pytest.raises(CommandError, match="被改动"):
        _verify()


@pytest.mark.django_db
def test_one_center_is_verified_apart_from_the_others(center, other_center, entries):
    _drop_triggers()
    theirs = AuditEntry.objects.get(center=other_center)
    _sql("UPDATE core_auditentry SET verb = 'x' WHERE id = %s", [theirs.pk])
    audit_triggers_create(connection)
    assert _verify("--center", center.code) == "audit chain ok: 5 entries"
    with pytest.raises(CommandError, match=f"第 {theirs.pk} 条"):
        _verify("--center", other_center.code)


@pytest.mark.django_db
def test_the_chain_holds_only_under_its_key(settings, center, entries):
    settings.RONGMEI_AUDIT_KEY = "another-key-" + "k" * 40
    with pytest.raises(CommandError, match=f"第 {entries[0].pk} 条"):
        _verify("--center", center.code)


@pytest.mark.django_db
def test_audit_verify_fails_when_a_trigger_is_missing(entries):
    _drop_triggers()
    with pytest.raises(CommandError, match="触发器缺失"):
        _verify()


@pytest.mark.django_db
def test_audit_verify_refuses_an_unknown_center():
    with pytest.raises(CommandError, match="不存在"):
        _verify("--center", "999999")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_in_two_threads_line_up_in_one_chain(center):
    """Two connections appending at once: every entry gets its own place in the chain."""
    errors = []
    start = threading.Barrier(2)

    def write(n):
        try:
            start.wait()
            for i in range(15):
                audit_record(action="update", center=center, verb=f"线程{n}-{i}")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(
        AuditEntry.objects.filter(center=center).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 31))
    assert audit_chain_verify(center=center) == (30, None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_chains_the_entries_written_before_it(center, other_center):
    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0001_initial")])
    old = executor.loader.project_state([("core", "0001_initial")]).apps
    old_entry = old.get_model("core", "AuditEntry")
    for verb, center_id in [
        ("一", center.pk),
        ("二", None),
        ("三", center.pk),
        ("四", other_center.pk),
    ]:
        old_entry.objects.create(center_id=center_id, action="update", verb=verb, changes={"a": 1})
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert audit_chain_verify() == (4, None)
    ours = AuditEntry.objects.filter(center=center).order_by("seq")
    assert [(e.seq, e.verb) for e in ours] == [(1, "一"), (2, "三")]
    # Appending goes on from where the migration left the chain.
    audit_record(action="update", center=center, verb="五")
    assert audit_chain_verify(center=center) == (3, None)
