from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "rongmei.website"
    label = "website"
    verbose_name = _("门户网站")

    def ready(self):
        from .signals import connect

        connect()
