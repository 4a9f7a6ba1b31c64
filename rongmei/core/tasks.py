"""Background entry points of the kernel."""

from django.conf import settings
from django_tasks import task

from .services import audit_prune


@task()
def audit_prune_task(older_than_days: int | None = None) -> int:
    """Prune audit entries past retention; runs on whichever task backend is configured."""
    return audit_prune(older_than_days=older_than_days or settings.RONGMEI_AUDIT_RETENTION_DAYS)
