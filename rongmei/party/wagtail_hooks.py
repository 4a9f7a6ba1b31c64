"""party3"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet

from .models import PartyActivity


class PartyActivityViewSet(CenterScopedViewSet):
    model = PartyActivity
    name = "party-activities"
    icon = "group"
    menu_label = _("党建活动")
    menu_hook = area_hook("party")
    menu_order = 10
    form_fields = ["date", "kind", "title", "attendees", "hours"]
    list_display = ["date", "kind", "title", "attendees", "hours"]
    list_filter = ["kind", "date"]
    search_fields = ["title"]
    list_export = ["date", "kind", "title", "attendees", "hours"]
    export_filename = "party-activities"


@hooks.register("register_admin_viewset")
def register_party_viewsets():
    return [PartyActivityViewSet()]
