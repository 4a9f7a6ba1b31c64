"""`manage.py stats_ranking`: every center of the deployment ordered by one figure."""

import json

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.models import Center
from rongmei.reporting.commands import add_period_arguments, period_from_options
from rongmei.reporting.services import StatsError, stats_ranking


class Command(BaseCommand):
    help = "按某项统计指标为本系统的全部融媒体中心排名（JSON）。"

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument(
            "--metric", required=True, help="统计指标路径，例如 outreach.adoptions、views_total"
        )

    def handle(self, *args, **options):
        start, end = period_from_options(options)
        try:
            rows = stats_ranking(
                centers=Center.objects.order_by("code"),
                start=start,
                end=end,
                metric=options["metric"],
            )
        except StatsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
