"""Background entry points of distribution: running publish jobs and sweeping for due ones."""

from django_tasks import task

from . import publishing


@task()
def job_run_task(job_id: int) -> str:
    """Run one publish job once; returns the state it is left in."""
    return publishing.job_run(job_id=job_id).state


@task()
def jobs_sweep_task() -> dict[str, int]:
    """Hand over due jobs and take up those whose worker was lost."""
    return publishing.jobs_sweep()


@task()
def figures_pull_task(day: str = "") -> list[dict]:
    """Pull a day's reach figures (ISO date; yesterday when empty) from every channel with
    a data API (run daily: cron or a systemd timer running `manage.py reach_pull`)."""
    import datetime as dt

    from .pull import figures_pull_all

    return figures_pull_all(day=dt.date.fromisoformat(day) if day else None)
