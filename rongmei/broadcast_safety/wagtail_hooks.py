"""Broadcast incidents in the admin: entered, changed and deleted through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices

from . import services
from .models import BroadcastIncident


class BroadcastIncidentViewSet(CenterScopedViewSet):
    model = BroadcastIncident
    services = RecordServices(
        create=services.broadcast_incident_create,
        update=services.broadcast_incident_update,
        delete=services.broadcast_incident_delete,
        arg="incident",
    )
    name = "broadcast-incidents"
    icon = "warning"
    menu_label = _("播出事故")
    menu_hook = area_hook("broadcast")
    menu_order = 30
    form_fields = ["started", "system", "kind", "duration_seconds", "cause"]
    list_display = ["started", "system", "kind", "duration_seconds", "cause"]
    list_filter = ["kind", "started"]
    search_fields = ["system", "cause"]
    list_export = ["started", "system", "kind", "duration_seconds", "cause"]
    export_filename = "broadcast-incidents"


@hooks.register("register_admin_viewset")
def register_broadcast_safety_viewsets():
    return [BroadcastIncidentViewSet()]
