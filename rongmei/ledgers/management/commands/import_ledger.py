"""`python manage.py import_ledger FILE [--center CODE] [--dry-run]` (contract: ledger-import.md).

stdout carries exactly the contract's lines: one per sheet on success (exit 0), or one
per error and then their count (exit 1). Progress and notes go to stderr.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from rongmei.ledgers.services import CenterChoiceError, ledger_center, ledger_import


def _progress(stream):
    if not stream.isatty():
        return None
    from tqdm import tqdm

    def wrap(iterable, description, total):
        return tqdm(iterable, desc=description, total=total, unit="行", file=stream, leave=False)

    return wrap


class Command(BaseCommand):
    help = "导入 Excel/CSV 台账（全部成功才写入；--dry-run 只校验）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 工作簿或 UTF-8 编码的 .csv 文件")
        parser.add_argument("--center", help="中心的6位行政区划代码；只有一个中心时可省略")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告数量，不写入")

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("找不到文件：%(path)s") % {"path": path})
            try:
                center = ledger_center(options.get("center"))
            except CenterChoiceError as exc:
                raise CommandError(str(exc)) from exc
            result = ledger_import(
                file=path,
                center=center,
                by=None,
                dry_run=options["dry_run"],
                progress=_progress(sys.stderr),
            )
            for line in result.lines():
                self.stdout.write(line)
            if not result.ok:
                raise CommandError(_("台账未导入。"), returncode=1)
            if options["dry_run"]:
                self.stderr.write(_("试运行：只做了校验，没有写入任何数据。"))
