"""`python manage.py backup --out DIR [--encrypt]`: the database and stored files."""

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.backup import BackupError, backup, describe


class Command(BaseCommand):
    help = "备份数据库与上传文件（含校验清单）；--encrypt 用当前数据密钥加密。"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="备份目录（新建或空目录）")
        parser.add_argument("--encrypt", action="store_true", help="用当前数据密钥加密备份文件")

    def handle(self, *args, out, encrypt, **options):
        try:
            result = backup(out, encrypt=encrypt)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in describe(result):
            self.stdout.write(line)
        self.stdout.write(f"backup ok: {result.path}")
