"""Service notices in the admin: entered, changed and deleted through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices

from . import services
from .models import Notice


class NoticeViewSet(CenterScopedViewSet):
    model = Notice
    services = RecordServices(
        create=services.notice_create,
        update=services.notice_update,
        delete=services.notice_delete,
        arg="notice",
    )
    name = "notices"
    icon = "info-circle"
    menu_label = _("便民信息")
    menu_hook = area_hook("public")
    menu_order = 20
    form_fields = ["date", "category", "title", "body", "valid_until"]
    list_display = ["title", "date", "category", "valid_until"]
    list_filter = ["category", "date"]
    search_fields = ["title", "body"]
    list_export = ["date", "category", "title", "body", "valid_until"]
    export_filename = "notices"


@hooks.register("register_admin_viewset")
def register_notices_viewsets():
    return [NoticeViewSet()]
