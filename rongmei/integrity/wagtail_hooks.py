"""Integrity records in the admin: entered, changed and deleted through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.masking import (
    Sensitive,
    SensitiveExportMixin,
    SensitiveFormMixin,
    SensitiveInspectMixin,
)
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
)

from . import services
from .models import IntegrityRecord

# The restricted part of a record: only the integrity officer reads it (audited);
# directors and administrators keep the record's facts without it.
RESTRICTED = {
    "details": Sensitive(
        "integrity.view_restricted_details", _("查看廉政记录受限内容"), mask="text"
    ),
}


class IntegrityIndexView(SensitiveExportMixin, ScopedIndexView):
    sensitive = RESTRICTED


class IntegrityInspectView(SensitiveInspectMixin, ScopedInspectView):
    sensitive = RESTRICTED


class IntegrityEditView(SensitiveFormMixin, ScopedEditView):
    sensitive = RESTRICTED


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
    index_view_class = IntegrityIndexView
    inspect_view_class = IntegrityInspectView
    inspect_view_enabled = True
    edit_view_class = IntegrityEditView
    form_fields = ["date", "kind", "count", "subject", "details"]
    list_display = ["date", "kind", "count", "subject"]
    list_filter = ["kind", "date"]
    search_fields = ["subject"]
    list_export = ["date", "kind", "count", "subject", "details"]
    inspect_view_fields = ["date", "kind", "count", "subject", "details"]
    export_filename = "integrity-records"


@hooks.register("register_admin_viewset")
def register_integrity_viewsets():
    return [IntegrityRecordViewSet()]
