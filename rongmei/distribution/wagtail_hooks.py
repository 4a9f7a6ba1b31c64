"""Distribution admin under 发布与节目: own channels, publications, audience figures."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, ScopedIndexView

from .forms import scoped_form
from .models import AudienceFigure, Channel, Publication


class ChannelViewSet(CenterScopedViewSet):
    model = Channel
    name = "channels"
    icon = "site"
    menu_label = _("自有渠道")
    menu_hook = area_hook("distribution")
    menu_order = 10
    form_fields = ["name", "platform", "is_active"]
    list_display = ["name", "platform", "is_active"]
    list_filter = ["platform", "is_active"]
    search_fields = ["name"]
    list_export = ["name", "platform", "is_active"]
    export_filename = "channels"


class PublicationIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel", "column")


class PublicationViewSet(CenterScopedViewSet):
    model = Publication
    name = "publications"
    icon = "upload"
    menu_label = _("发布记录")
    menu_hook = area_hook("distribution")
    menu_order = 20
    index_view_class = PublicationIndexView
    form_fields = [
        "channel", "date", "title", "kind", "column", "campaigns", "views", "likes",
        "shares", "comments", "authors", "url", "ref",
    ]  # fmt: skip
    list_display = ["title", "channel", "date", "kind", "column", "views", "likes", "shares"]
    list_filter = ["kind", "origin", "date"]
    search_fields = ["title", "authors", "ref"]
    list_export = [
        "date", "channel", "title", "kind", "column", "views", "likes", "shares", "comments",
        "authors", "url", "ref", "origin",
    ]  # fmt: skip
    export_filename = "publications"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class AudienceIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel")


class AudienceFigureViewSet(CenterScopedViewSet):
    model = AudienceFigure
    name = "audience"
    icon = "group"
    menu_label = _("用户数据")
    menu_hook = area_hook("distribution")
    menu_order = 30
    index_view_class = AudienceIndexView
    form_fields = ["channel", "date", "followers", "visits"]
    list_display = ["channel", "date", "followers", "visits"]
    list_filter = ["date"]
    search_fields = ["channel__name"]
    list_export = ["channel", "date", "followers", "visits"]
    export_filename = "audience"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


@hooks.register("register_admin_viewset")
def register_distribution_viewsets():
    return [ChannelViewSet(), PublicationViewSet(), AudienceFigureViewSet()]
