"""Programmes admin under 发布与节目: programmes, episodes and their rundowns (节目编排),
live streams, productions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, ScopedIndexView

from . import views
from .forms import EpisodeForm, LiveStreamForm, scoped_form, scoped_form_with
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

    def get_list_more_buttons(self, instance):
        return [
            ListingMenuItem(
                _("串联单"),
                url=reverse("programmes_rundown", args=[instance.pk]),
                icon_name="list-ol",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


class EpisodeViewSet(CenterScopedViewSet):
    model = Episode
    name = "episodes"
    icon = "date"
    menu_label = _("节目播出")
    menu_hook = area_hook("distribution")
    menu_order = 50
    index_view_class = EpisodeIndexView
    form_fields = ["programme", "date", "items", "duration_minutes", "channel"]
    list_display = ["programme", "date", "items", "rundown_status", "duration_minutes", "channel"]
    list_filter = ["date", "rundown_status"]
    search_fields = ["programme__name"]
    list_export = ["programme", "date", "items", "rundown_status", "duration_minutes", "channel"]
    export_filename = "episodes"

    def get_form_class(self, for_update=False):
        return scoped_form_with(self, self.model, EpisodeForm)


class LiveStreamViewSet(CenterScopedViewSet):
    model = LiveStream
    name = "live_streams"
    icon = "openquote"
    menu_label = _("直播")
    menu_hook = area_hook("distribution")
    menu_order = 60
    form_fields = [
        "date",
        "title",
        "starts_at",
        "ends_at",
        "status",
        "platforms",
        "channels",
        "links",
        "duty_staff",
        "viewers",
        "campaigns",
    ]
    list_display = ["title", "date", "starts_at", "status", "platforms", "viewers"]
    list_filter = ["date", "status"]
    search_fields = ["title", "platforms"]
    list_export = [
        "date",
        "title",
        "starts_at",
        "ends_at",
        "status",
        "platforms",
        "links",
        "viewers",
    ]
    export_filename = "live-streams"

    def get_form_class(self, for_update=False):
        return scoped_form_with(self, self.model, LiveStreamForm)


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
    form_fields = ["date", "title", "kind", "column", "airings", "campaigns"]
    list_display = ["title", "date", "kind", "column", "airings"]
    list_filter = ["kind", "date"]
    search_fields = ["title"]
    list_export = ["date", "title", "kind", "column", "airings"]
    export_filename = "productions"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return [ProgrammeViewSet(), EpisodeViewSet(), LiveStreamViewSet(), ProductionViewSet()]


class PermittedMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register(area_hook("distribution"))
def register_rundown_menu_item():
    return PermittedMenuItem(
        _("节目编排"),
        reverse("programmes_rundown_index"),
        icon_name="list-ol",
        order=45,
        permission=views.VIEW_PERM,
    )


@hooks.register("register_admin_urls")
def register_programmes_urls():
    base = "programmes/rundown/<int:pk>/"
    return [
        path("programmes/rundown/", views.rundown_index, name="programmes_rundown_index"),
        path(base, views.rundown, name="programmes_rundown"),
        path(f"{base}add/", views.rundown_add, name="programmes_rundown_add"),
        path(f"{base}lock/", views.rundown_lock, name="programmes_rundown_lock"),
        path(f"{base}export.csv", views.rundown_export_csv, name="programmes_rundown_csv"),
        path(f"{base}prompter.pdf", views.rundown_export_pdf, name="programmes_rundown_pdf"),
        path(
            f"{base}items/<int:item_pk>/", views.rundown_item_edit, name="programmes_rundown_item"
        ),
        path(
            f"{base}items/<int:item_pk>/<str:direction>/",
            views.rundown_item_move,
            name="programmes_rundown_move",
        ),
        path(
            f"{base}items/<int:item_pk>/remove",
            views.rundown_item_remove,
            name="programmes_rundown_remove",
        ),
    ]
