"""Load the starter lexicons (起步示例): shared, or as one center's own copies."""

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.models import Center
from rongmei.proofing.services import proofing_load_starter


class Command(BaseCommand):
    help = "载入起步示例词库（默认为各中心共用；--center 复制给某中心）。已存在的同名词库不动。"

    def add_arguments(self, parser):
        parser.add_argument("--center", help="融媒体中心的行政区划代码")

    def handle(self, *args, **options):
        center = None
        if options.get("center"):
            center = Center.objects.filter(code=options["center"]).first()
            if center is None:
                raise CommandError(f"没有代码为 {options['center']} 的中心。")
        created = proofing_load_starter(center=center, by=None)
        for lexicon in created:
            self.stdout.write(f"已载入：{lexicon.name}（{lexicon.current_version.entry_count} 条）")
        if not created:
            self.stdout.write("起步示例词库均已存在。")
