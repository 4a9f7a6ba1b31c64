"""`python manage.py restore DIR`: replace the database and stored files with a backup."""

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.backup import BackupError, describe, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库与上传文件；先核对全部校验值，恢复后逐表比对，不符则全部回滚。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="backup 命令写出的备份目录")

    def handle(self, *args, path, **options):
        try:
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in describe(result):
            self.stdout.write(line)
        self.stdout.write(f"restore ok: {result.path}")
