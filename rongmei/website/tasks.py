"""Background entry points of the public site."""

from django_tasks import task

from .services import site_views_flush


@task()
def site_views_flush_task() -> int:
    """Move the counted article views into the publications' figures (run every few
    minutes: cron or a systemd timer running `manage.py site_views_flush`, or enqueue)."""
    return site_views_flush()
