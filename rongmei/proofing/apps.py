from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofingConfig(AppConfig):
    name = "rongmei.proofing"
    label = "proofing"
    verbose_name = _("内容审校")
