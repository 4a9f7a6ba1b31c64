"""Drop every cached page of every public site (e.g. after deploying new templates)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rongmei.website.cache import sites_purge


class Command(BaseCommand):
    help = _("清除所有网站的页面缓存（如部署了新模板之后）。")

    def handle(self, *args, **options):
        sites_purge()
        self.stdout.write(_("网站页面缓存已清除。"))
