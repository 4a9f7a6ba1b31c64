from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExposureConfig(AppConfig):
    name = "rongmei.exposure"
    label = "exposure"
    verbose_name = _("曝光台")
