"""python manage.py create_center CODE NAME [--level county|city|province] [--parent CODE]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rongmei.core.models import CenterLevel
from rongmei.core.services import center_create


class Command(BaseCommand):
    help = "新建融媒体中心（或市级、省级平台）。"

    def add_arguments(self, parser):
        parser.add_argument("code", help="6位行政区划代码")
        parser.add_argument("name", help="名称，如 示范县融媒体中心")
        parser.add_argument("--level", default=CenterLevel.COUNTY, choices=CenterLevel.values)
        parser.add_argument("--parent", help="上级平台的行政区划代码")

    def handle(self, *args, code, name, level, parent, **options):
        try:
            center, created = center_create(code=code, name=name, level=level, parent_code=parent)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "已创建" if created else "已存在"
        self.stdout.write(f"{verb}：{center.name}（{center.code}）")
