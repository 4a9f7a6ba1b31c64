"""Newsroom admin under 采编审校: columns (栏目) and campaigns (专题)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, ScopedIndexView

from .forms import scoped_form
from .models import Campaign, Column


class ColumnIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel")


class ColumnViewSet(CenterScopedViewSet):
    model = Column
    name = "columns"
    icon = "list-ul"
    menu_label = _("栏目")
    menu_hook = area_hook("newsroom")
    menu_order = 50
    index_view_class = ColumnIndexView
    form_fields = ["name", "channel", "description", "is_active"]
    list_display = ["name", "channel", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    list_export = ["name", "channel", "description", "is_active"]
    export_filename = "columns"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class CampaignViewSet(CenterScopedViewSet):
    model = Campaign
    name = "campaigns"
    icon = "tag"
    menu_label = _("专题")
    menu_hook = area_hook("newsroom")
    menu_order = 60
    form_fields = ["name", "start", "end", "goal"]
    list_display = ["name", "start", "end"]
    list_filter = ["start"]
    search_fields = ["name", "goal"]
    list_export = ["name", "start", "end", "goal"]
    export_filename = "campaigns"


@hooks.register("register_admin_viewset")
def register_newsroom_viewsets():
    return [ColumnViewSet(), CampaignViewSet()]
