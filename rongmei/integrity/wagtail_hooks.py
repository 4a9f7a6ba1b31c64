"""Integrity records in the admin: entered, changed and deleted through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices

from . import services
from .models import IntegrityRecord


class IntegrityRecordViewSet(CenterScopedViewSet):
    model = IntegrityRecord
    services = RecordServices(
        create=services.integrity_record_create,
        update=services.integrity_record_update,
        delete=services.integrity_record_delete,
        arg="record",
    )
    name = "integrity-records"
    icon = "clipboard-list"
    menu_label = _("廉政记录")
    menu_hook = area_hook("party")
    menu_order = 20
    form_fields = ["date", "kind", "count", "subject"]
    list_display = ["date", "kind", "count", "subject"]
    list_filter = ["kind", "date"]
    search_fields = ["subject"]
    list_export = ["date", "kind", "count", "subject"]
    export_filename = "integrity-records"


@hooks.register("register_admin_viewset")
def register_integrity_viewsets():
    return [IntegrityRecordViewSet()]
