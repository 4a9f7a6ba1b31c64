"""`manage.py publish_jobs`: hand due publish jobs to the worker and resume lost ones.

Run it every minute (cron or a systemd timer) beside `manage.py db_worker`.
"""

from django.core.management.base import BaseCommand

from rongmei.distribution.publishing import jobs_sweep


class Command(BaseCommand):
    help = "发布任务巡检：提交到期任务，恢复中断的任务。"

    def handle(self, *args, **options):
        counts = jobs_sweep()
        self.stdout.write(f"due={counts['due']} stale={counts['stale']}")
