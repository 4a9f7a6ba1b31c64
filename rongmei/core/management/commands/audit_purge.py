"""python manage.py audit_purge [--older-than-days N]

The retention purge of the audit log, run once a day (`make run` does; in production
cron or a systemd timer): entries older than RONGMEI_AUDIT_RETENTION_DAYS (never fewer
than 180 days) are deleted through the one guarded path, which leaves an entry saying
how many went and up to which date. Export them first (`audit_export`) to keep them.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rongmei.core.audit import audit_purge, audit_retention_days


class Command(BaseCommand):
    help = "清理超过保留期限的审计日志（至少保留180天），清理本身记入审计日志。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            help="保留天数（默认取 RONGMEI_AUDIT_RETENTION_DAYS，不得少于180）",
        )

    def handle(self, *args, older_than_days=None, **options):
        try:
            days = audit_retention_days(older_than_days)
            deleted = audit_purge(older_than_days=days)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已清理 {deleted} 条超过 {days} 天的审计日志。")
