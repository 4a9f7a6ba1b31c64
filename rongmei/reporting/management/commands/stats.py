"""`manage.py stats`: the statistics document of a center, as JSON on stdout."""

import json

from django.core.management.base import BaseCommand, CommandError

from rongmei.reporting.commands import add_period_arguments, center_from_option, period_from_options
from rongmei.reporting.services import COMPARE_CHOICES, StatsError, stats_document


class Command(BaseCommand):
    help = "输出一个融媒体中心在一段时间内的统计数据（JSON）。"

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--center", help="融媒体中心的行政区划代码；只有一个中心时可省略")
        parser.add_argument(
            "--compare",
            metavar="|".join(COMPARE_CHOICES),
            help="对比：previous_year 同比，previous_period 环比",
        )

    def handle(self, *args, **options):
        start, end = period_from_options(options)
        center = center_from_option(options.get("center"))
        try:
            doc = stats_document(
                center=center, start=start, end=end, compare=options.get("compare")
            )
        except StatsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
