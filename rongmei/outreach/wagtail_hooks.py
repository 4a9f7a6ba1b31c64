"""Outreach admin under 外宣与考核: outside media and their adoptions of our stories."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, ScopedIndexView

from .forms import scoped_form
from .models import Adoption, Outlet


class OutletIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class OutletViewSet(CenterScopedViewSet):
    model = Outlet
    name = "outlets"
    icon = "globe"
    menu_label = _("外部媒体")
    menu_hook = area_hook("outreach")
    menu_order = 10
    index_view_class = OutletIndexView
    form_fields = ["name", "level", "parent"]
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_export = ["name", "level", "parent"]
    export_filename = "outlets"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class AdoptionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("outlet")


class AdoptionViewSet(CenterScopedViewSet):
    model = Adoption
    name = "adoptions"
    icon = "doc-full"
    menu_label = _("外宣刊播")
    menu_hook = area_hook("outreach")
    menu_order = 20
    index_view_class = AdoptionIndexView
    form_fields = [
        "outlet", "date", "title", "kind", "placement", "url", "authors", "campaigns", "ref",
    ]  # fmt: skip
    list_display = ["title", "outlet", "date", "kind", "placement", "authors"]
    list_filter = ["kind", "placement", "date"]
    search_fields = ["title", "authors", "ref", "outlet__name"]
    list_export = ["date", "outlet", "title", "kind", "placement", "url", "authors", "ref"]
    export_filename = "adoptions"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


@hooks.register("register_admin_viewset")
def register_outreach_viewsets():
    return [OutletViewSet(), AdoptionViewSet()]
