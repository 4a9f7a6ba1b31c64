from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BroadcastSafetyConfig(AppConfig):
    name = "rongmei.broadcast_safety"
    label = "broadcast_safety"
    verbose_name = _("安全播出")
