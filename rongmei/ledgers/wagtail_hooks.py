"""The ledger import page, under 统计与总结."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rongmei.core.areas import area_hook
from rongmei.core.middleware import current_center

from .permissions import can_import
from .views import ledger_import_view


class LedgerImportMenuItem(MenuItem):
    def is_shown(self, request):
        center = current_center(request)
        return center is not None and can_import(request.user, center)


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [path("ledgers/import/", ledger_import_view, name="ledgers_import")]


@hooks.register(area_hook("reporting"))
def ledger_import_menu_item():
    return LedgerImportMenuItem(
        _("台账导入"), reverse("ledgers_import"), icon_name="upload", order=80
    )
