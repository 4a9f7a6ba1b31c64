"""Training in the admin: events are entered, changed and deleted through the services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices

from . import services
from .models import TrainingEvent


class TrainingEventViewSet(CenterScopedViewSet):
    model = TrainingEvent
    services = RecordServices(
        create=services.training_event_create,
        update=services.training_event_update,
        delete=services.training_event_delete,
        arg="event",
    )
    name = "trainings"
    icon = "folder-open-1"
    menu_label = _("培训")
    menu_hook = area_hook("party")
    menu_order = 30
    form_fields = ["date", "title", "kind", "attendees", "hours"]
    list_display = ["title", "date", "kind", "attendees", "hours"]
    list_filter = ["kind", "date"]
    search_fields = ["title"]
    list_export = ["date", "title", "kind", "attendees", "hours"]
    export_filename = "trainings"


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return [TrainingEventViewSet()]
