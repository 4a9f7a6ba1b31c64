"""`manage.py publication_rollup`: check the per-day rollups of publications, or rebuild them.

The rollups (ADR 0014) are kept by database triggers; this is for after a restore or
manual surgery on the database. `--check` exits with 1 where they disagree with the
publications; `--rebuild` recomputes them in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.distribution import rollup


class Command(BaseCommand):
    help = _("核对或重建发布记录的日汇总（统计所读）。")

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--check", action="store_true", help=_("核对日汇总与发布记录是否一致。")
        )
        action.add_argument(
            "--rebuild", action="store_true", help=_("按发布记录重新计算日汇总，并重装触发器。")
        )

    def handle(self, *args, check: bool, rebuild: bool, **options):
        if rebuild:
            with transaction.atomic():
                rollup.rebuild()
                rollup.install()
            self.stdout.write(_("日汇总已按发布记录重建。"))
            return
        differences = rollup.differences()
        if differences:
            for row in differences[:20]:
                self.stdout.write(" ".join(str(part) for part in row))
            raise CommandError(
                _("日汇总有%(n)d处与发布记录不一致，请运行 publication_rollup --rebuild。")
                % {"n": len(differences)}
            )
        self.stdout.write(_("日汇总与发布记录一致。"))
