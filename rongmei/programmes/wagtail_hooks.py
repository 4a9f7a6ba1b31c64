"""Programmes admin under 发布与节目: programmes, episodes, live streams, productions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, ScopedIndexView

from .forms import scoped_form
from .models import Episode, LiveStream, Production, Programme


class ProgrammeIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel")


class ProgrammeViewSet(CenterScopedViewSet):
    model = Programme
    name = "programmes"
    icon = "media"
    menu_label = _("节目")
    menu_hook = area_hook("distribution")
    menu_order = 40
    index_view_class = ProgrammeIndexView
    form_fields = ["name", "channel"]
    list_display = ["name", "channel"]
    search_fields = ["name"]
    list_export = ["name", "channel"]
    export_filename = "programmes"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class EpisodeIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "channel")


class EpisodeViewSet(CenterScopedViewSet):
    model = Episode
    name = "episodes"
    icon = "date"
    menu_label = _("节目播出")
    menu_hook = area_hook("distribution")
    menu_order = 50
    index_view_class = EpisodeIndexView
    form_fields = ["programme", "date", "items", "duration_minutes", "channel"]
    list_display = ["programme", "date", "items", "duration_minutes", "channel"]
    list_filter = ["date"]
    search_fields = ["programme__name"]
    list_export = ["programme", "date", "items", "duration_minutes", "channel"]
    export_filename = "episodes"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class LiveStreamViewSet(CenterScopedViewSet):
    model = LiveStream
    name = "live_streams"
    icon = "openquote"
    menu_label = _("直播")
    menu_hook = area_hook("distribution")
    menu_order = 60
    form_fields = ["date", "title", "platforms", "viewers", "campaigns"]
    list_display = ["title", "date", "platforms", "viewers"]
    list_filter = ["date"]
    search_fields = ["title", "platforms"]
    list_export = ["date", "title", "platforms", "viewers"]
    export_filename = "live-streams"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class ProductionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("column")


class ProductionViewSet(CenterScopedViewSet):
    model = Production
    name = "productions"
    icon = "image"
    menu_label = _("作品")
    menu_hook = area_hook("distribution")
    menu_order = 70
    index_view_class = ProductionIndexView
    form_fields = ["date", "title", "kind", "column", "campaigns"]
    list_display = ["title", "date", "kind", "column"]
    list_filter = ["kind", "date"]
    search_fields = ["title"]
    list_export = ["date", "title", "kind", "column"]
    export_filename = "productions"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return [ProgrammeViewSet(), EpisodeViewSet(), LiveStreamViewSet(), ProductionViewSet()]
