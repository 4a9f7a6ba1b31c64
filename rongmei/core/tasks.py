"""Background entry points of the kernel."""

from django_tasks import task

from .audit import audit_purge


@task()
def audit_prune_task(older_than_days: int | None = None) -> int:
    """Purge audit entries past retention (RONGMEI_AUDIT_RETENTION_DAYS, at least 180 days).

    Scheduled daily: `make run` runs `manage.py audit_purge` once a day beside the task
    worker; in production cron or a systemd timer runs it (or enqueues this task).
    """
    return audit_purge(older_than_days=older_than_days)


# -- stored files (rongmei/core/files.py) -----------------------------------------------


@task()
def find_orphan_files_task(remove: bool = False) -> list[str]:
    """Nightly: the files in storage that no row references (`manage.py files_orphans`
    from cron or a systemd timer); lists them only, unless `remove` (audited)."""
    from .files import find_orphan_files

    return find_orphan_files(remove=remove).orphans
