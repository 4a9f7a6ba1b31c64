"""Programmes admin under 发布与节目: programmes, episodes and their rundowns (节目编排),
live streams, productions.

Every add, edit and delete calls the app's `services`. Statuses are never typed in: a
rundown is locked and unlocked, a live stream started, ended or cancelled, by the
transition buttons on the record's page.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices, ScopedIndexView, Transition

from . import services, views
from .forms import CenterScopedForm, EpisodeForm, LiveStreamForm, scoped_form, scoped_form_with
from .models import Episode, LiveStatus, LiveStream, Production, Programme, RundownStatus

PROGRAMME_SERVICES = RecordServices(
    create=services.programme_create,
    update=services.programme_update,
    delete=services.programme_delete,
    arg="programme",
)
EPISODE_SERVICES = RecordServices(
    create=services.episode_create,
    update=services.episode_update,
    delete=services.episode_delete,
    arg="episode",
    transitions=(
        Transition(
            "lock",
            _("锁定串联单"),
            services.episode_rundown_lock,
            available=lambda e: e.rundown_status == RundownStatus.DRAFT,
        ),
        Transition(
            "unlock",
            _("解除串联单锁定"),
            services.episode_rundown_unlock,
            available=lambda e: e.rundown_status == RundownStatus.LOCKED,
        ),
    ),
)
LIVE_STREAM_SERVICES = RecordServices(
    create=services.live_stream_plan,
    update=services.live_stream_update,
    delete=services.live_stream_delete,
    arg="live_stream",
    transitions=(
        Transition(
            "start",
            _("开始直播"),
            services.live_stream_start,
            available=lambda s: services.live_stream_can_move(s, LiveStatus.LIVE),
        ),
        Transition(
            "end",
            _("结束直播"),
            services.live_stream_end,
            available=lambda s: services.live_stream_can_move(s, LiveStatus.ENDED),
        ),
        Transition(
            "cancel",
            _("取消直播"),
            services.live_stream_cancel,
            available=lambda s: services.live_stream_can_move(s, LiveStatus.CANCELLED),
        ),
    ),
)
PRODUCTION_SERVICES = RecordServices(
    create=services.production_create,
    update=services.production_update,
    delete=services.production_delete,
    arg="production",
)


class LiveStreamAdminForm(LiveStreamForm):
    """The stream's status is not on the form; whether viewers may be entered is
    `LiveStream.clean()`'s rule, checked against the status the record has (or, for a new
    stream, the one `services.live_stream_plan` gives it)."""

    def clean(self):
        data = CenterScopedForm.clean(self)  # not LiveStreamForm's check of a posted status
        if self.instance.pk is None and data.get("date"):
            self.instance.status = services.live_stream_initial_status(data["date"])
        return data


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
    services = PROGRAMME_SERVICES
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
    services = EPISODE_SERVICES
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
    services = LIVE_STREAM_SERVICES
    form_fields = [
        "date",
        "title",
        "starts_at",
        "ends_at",
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
        return scoped_form_with(self, self.model, LiveStreamAdminForm)


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
    services = PRODUCTION_SERVICES
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
