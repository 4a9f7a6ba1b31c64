"""The ledger import page, under 统计与总结."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rongmei.accounts.selectors import request_has_role
from rongmei.core.areas import area_hook

from .permissions import IMPORT_ROLES
from .views import ledger_import_view


class LedgerImportMenuItem(MenuItem):
    def is_shown(self, request):
        # The current center is one of the user's own, so the role decides (`can_import`).
        return request_has_role(request, *IMPORT_ROLES)


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [path("ledgers/import/", ledger_import_view, name="ledgers_import")]


@hooks.register(area_hook("reporting"))
def ledger_import_menu_item():
    return LedgerImportMenuItem(
        _("台账导入"), reverse("ledgers_import"), icon_name="upload", order=80
    )
