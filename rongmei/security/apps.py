from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "rongmei.security"
    label = "security"
    verbose_name = _("安全策略")

    def ready(self):
        # Listens to Django's and django-axes' sign-in signals (outside events).
        from . import signals  # noqa: F401
