"""The audit retention task runs on the database backend and on RQ (Redis)."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditEntry
from rongmei.core.services import audit_prune
from rongmei.core.tasks import audit_prune_task


def _old_entry(days: int) -> AuditEntry:
    # Written old (the table refuses an UPDATE of `at` afterwards).
    return audit_record(action="update", verb="旧记录", at=timezone.now() - dt.timedelta(days=days))


@pytest.mark.django_db
def test_prune_deletes_only_entries_past_retention_and_records_itself():
    old = _old_entry(400)
    recent = _old_entry(10)
    assert audit_prune(older_than_days=365) == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert AuditEntry.objects.filter(verb="清理过期审计日志").count() == 1


@pytest.mark.django_db
def test_prune_refuses_less_than_six_months():
    _old_entry(100)
    with pytest.raises(ValidationError):
        audit_prune(older_than_days=90)
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_task_runs_on_the_database_backend_worker():
    """Enqueued into the database, then picked up by the `db_worker` command's loop."""
    _old_entry(400)
    result = audit_prune_task.using(backend="database").enqueue(older_than_days=365)
    assert result.status == TaskResultStatus.READY
    assert AuditEntry.objects.filter(verb="旧记录").exists()
    call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay")
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    assert not AuditEntry.objects.filter(verb="旧记录").exists()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def _redis_up() -> str | None:
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:
        return str(exc)
    return None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_task_runs_on_the_rq_backend(settings):
    reason = _redis_up()
    if reason:
        pytest.skip(f"没有可用的 Redis（{settings.REDIS_URL}）：{reason}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "RONGMEI_TASKS_BACKEND": "rq",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    _old_entry(400)
    script = (
        "import django; django.setup();"
        "from rongmei.core.tasks import audit_prune_task;"
        "r = audit_prune_task.enqueue(older_than_days=365); print(r.id)"
    )
    enqueue = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    result_id = enqueue.stdout.strip().splitlines()[-1]
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "default",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
        ],
        check=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        capture_output=True,
    )
    check = (
        "import django; django.setup();"
        "from rongmei.core.tasks import audit_prune_task;"
        f"r = audit_prune_task.get_result('{result_id}'); print(r.status, r.return_value)"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", check],
            check=True,
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert out == "SUCCESSFUL 1"
    assert not AuditEntry.objects.filter(verb="旧记录").exists()
