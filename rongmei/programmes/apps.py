from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "rongmei.programmes"
    label = "programmes"
    verbose_name = _("节目与直播")
