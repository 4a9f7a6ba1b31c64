from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rongmei.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in auditing)
        from .csp import patch_wagtail_choosers

        patch_wagtail_choosers()  # their inline script gets the CSP nonce
        # Hostile input (docs/security.md): no export cell is a formula; Pillow's bomb
        # guard at the project's pixel cap.
        from .exports import guard_wagtail_exports
        from .uploads import install_image_limits

        guard_wagtail_exports()
        install_image_limits()
