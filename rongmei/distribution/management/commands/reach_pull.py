"""`manage.py reach_pull`: pull a day's reach figures from the platforms' data APIs.

Run it once a day (cron or a systemd timer), e.g. early in the morning for yesterday:
WeChat reports a day's figures the next day, for about a week after publication.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.distribution.models import Channel
from rongmei.distribution.pull import figures_pull, figures_pull_all, pull_summary


class Command(BaseCommand):
    help = _("从平台数据接口拉取发布记录的传播数据（可重复运行，不会重复记录）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", help=_("拉取哪一天的数据（YYYY-MM-DD），默认昨天。"), default=""
        )
        parser.add_argument(
            "--channel", type=int, help=_("只拉取这个渠道（渠道编号），默认所有有接口的渠道。")
        )

    def handle(self, *args, day: str, channel: int | None, **options):
        if day:
            try:
                the_day = dt.date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError(_("日期格式应为 YYYY-MM-DD：%(day)s") % {"day": day}) from exc
        else:
            the_day = timezone.localdate() - dt.timedelta(days=1)
        if channel is not None:
            found = Channel.objects.filter(pk=channel).select_related("center").first()
            if found is None:
                raise CommandError(_("找不到编号为 %(id)s 的渠道。") % {"id": channel})
            results = [figures_pull(channel=found, start=the_day, end=the_day)]
        else:
            results = figures_pull_all(day=the_day)
            if not results:
                self.stdout.write(_("没有可拉取数据的渠道（需启用、有数据接口并已填写凭据）。"))
                return
        for result in results:
            self.stdout.write(pull_summary(result))
            for error in result["errors"]:
                self.stderr.write(f"  {error['title']}：{error['message']}")
        stopped = [r for r in results if r["stopped"]]
        if stopped:
            raise CommandError(
                _("%(n)d 个渠道未能完成拉取，请查看上面的原因。") % {"n": len(stopped)}
            )
