from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "rongmei.planning"
    label = "planning"
    verbose_name = _("策划")
