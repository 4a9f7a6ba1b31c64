"""`manage.py files_orphans [--remove] [--min-age-hours N]`: files no row references.

Run it nightly (cron or a systemd timer). Without `--remove` it only lists them; with it
they are deleted and the deletion is audited (rongmei/core/files.py).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rongmei.core.files import find_orphan_files


class Command(BaseCommand):
    help = _("列出（或用 --remove 删除）存储中没有任何记录引用的文件。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove", action="store_true", help=_("删除找到的文件（记入审计日志）。")
        )
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=None,
            help=_("只处理早于这么多小时的文件；默认取设置 RONGMEI_ORPHAN_MIN_AGE_HOURS。"),
        )

    def handle(self, *args, remove: bool, min_age_hours: int | None, **options):
        report = find_orphan_files(remove=remove, min_age_hours=min_age_hours)
        for name in report.orphans:
            self.stdout.write(name)
        self.stdout.write(
            _("检查 %(scanned)d 个文件，无记录引用 %(orphans)d 个，已删除 %(removed)d 个。")
            % {
                "scanned": report.scanned,
                "orphans": len(report.orphans),
                "removed": report.removed,
            }
        )
