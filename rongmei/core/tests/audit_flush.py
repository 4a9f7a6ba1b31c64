"""The test suite's flush (between transactional tests) passes the audit triggers.

`manage.py flush` empties every table; the audit table refuses it (the DELETE trigger
on SQLite, the TRUNCATE trigger on PostgreSQL) unless the purge guard is set. Only the
test suite flushes: the root conftest sets the guard around Django's flush, inside the
same transaction, the way `core.audit.audit_purge` does. Outside the tests a flush of a
database with audit entries is refused.
"""

from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations

_original = BaseDatabaseOperations.execute_sql_flush


def _guarded_flush(self, sql_list):
    from rongmei.core.audit import AUDIT_TRIGGERS, audit_purge_guard

    connection = self.connection
    if connection.vendor not in AUDIT_TRIGGERS or not any(
        "core_auditentry" in sql for sql in sql_list
    ):
        return _original(self, sql_list)
    with (
        transaction.atomic(using=connection.alias, savepoint=connection.features.can_rollback_ddl),
        audit_purge_guard(connection),
    ):
        return _original(self, sql_list)


def flush_through_audit_triggers() -> None:
    BaseDatabaseOperations.execute_sql_flush = _guarded_flush


def flush_refused_by_audit_triggers() -> None:
    BaseDatabaseOperations.execute_sql_flush = _original
