"""Move the site's counted article views into distribution's figures (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rongmei.website.services import site_views_flush


class Command(BaseCommand):
    help = _("把网站计数的文章浏览量写入发布记录的传播数据（可重复运行，不会重复计数）。")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help=_("回看的天数（含今天），默认 2。"))
        parser.add_argument(
            "--enqueue", action="store_true", help=_("交给后台任务执行，而不是立即执行。")
        )

    def handle(self, *args, days: int, enqueue: bool, **options):
        if enqueue:
            from rongmei.website.tasks import site_views_flush_task

            site_views_flush_task.enqueue()
            self.stdout.write(_("已加入后台任务队列。"))
            return
        added = site_views_flush(days=max(days, 1))
        self.stdout.write(_("已写入 %(n)d 次浏览。") % {"n": added})
