"""Distribution admin under 发布与节目: own channels, publications, audience figures."""

from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ListingMenuItem
from wagtail.admin.widgets.button import Button

from rongmei.accounts.selectors import request_has_role
from rongmei.core.areas import area_hook
from rongmei.core.dashboard import TodoItem
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedEditView,
    ScopedIndexView,
)

from . import publishing, selectors, services, views
from .forms import scoped_form
from .models import AudienceFigure, Channel, Publication
from .reach_urls import urlpatterns as reach_urlpatterns
from .reach_views import REACH_ROLES


class ChannelEditView(ScopedEditView):
    """The channel's credentials are set on their own page: never put back into a form."""

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("设置凭据"),
                url=reverse("distribution_channel_credentials", args=[self.object.pk]),
                icon_name="key",
                priority=5,
            ),
        ]


class ChannelViewSet(CenterScopedViewSet):
    model = Channel
    services = RecordServices(
        create=services.channel_create,
        update=services.channel_update,
        delete=services.channel_delete,
        arg="channel",
    )
    edit_view_class = ChannelEditView
    name = "channels"
    icon = "site"
    menu_label = _("自有渠道")
    menu_hook = area_hook("distribution")
    menu_order = 10
    form_fields = ["name", "platform", "is_active", "account_id", "api_base"]
    list_display = ["name", "platform", "is_active", "credentials_hint"]
    list_filter = ["platform", "is_active"]
    search_fields = ["name"]
    list_export = ["name", "platform", "is_active"]
    export_filename = "channels"


class PublicationIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel", "column")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingMenuItem(
                _("传播数据"),
                url=reverse("reach:publication", args=[instance.pk]),
                icon_name="view",
                priority=5,
            )
        )
        return buttons


class PublicationViewSet(CenterScopedViewSet):
    model = Publication
    services = RecordServices(
        create=services.publication_create,
        update=services.publication_update,
        delete=services.publication_delete,
        arg="publication",
    )
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
    services = RecordServices(
        create=services.audience_record,
        update=services.audience_figure_update,
        delete=services.audience_figure_delete,
        arg="figure",
    )
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


@hooks.register("register_admin_urls")
def register_distribution_urls():
    return [
        path("distribution/jobs/", views.board, name="distribution_jobs"),
        path("distribution/jobs/<int:pk>/", views.job_detail, name="distribution_job"),
        path("distribution/jobs/<int:pk>/retry/", views.job_retry, name="distribution_job_retry"),
        path(
            "distribution/jobs/<int:pk>/cancel/", views.job_cancel, name="distribution_job_cancel"
        ),
        path(
            "distribution/channels/<int:pk>/credentials/",
            views.channel_credentials,
            name="distribution_channel_credentials",
        ),
    ]


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        return request_has_role(request, *publishing.OPERATOR_ROLES)


@hooks.register(area_hook("distribution"))
def jobs_menu_item():
    return JobsMenuItem(
        _("发布任务"),
        reverse("distribution_jobs"),
        name="distribution-jobs",
        icon_name="upload",
        order=5,
    )


@hooks.register("rongmei_dashboard_items")
def distribution_todo(request, center, roles):
    """Operators see jobs to publish or take down by hand, and failed jobs."""
    acting = [r for r in roles if r in {str(x) for x in publishing.OPERATOR_ROLES}]
    if not acting:
        return []
    acting.sort(key=lambda r: r != "channel_operator")
    counts = selectors.job_todo_counts(center=center)
    url = reverse("distribution_jobs")
    return [
        TodoItem(
            role=acting[0],
            label=_("待人工发布或撤下的任务"),
            count=counts["manual"],
            url=f"{url}?state=manual",
        ),
        TodoItem(
            role=acting[0],
            label=_("发布失败待处理的任务"),
            count=counts["failed"],
            url=f"{url}?state=failed",
        ),
    ]


@hooks.register("rongmei_story_signed_off")
def create_publish_jobs(story, by):
    return publishing.jobs_create_for_story(story=story, by=by)


@hooks.register("rongmei_story_withdrawn")
def create_withdrawal_jobs(story, by):
    publishing.jobs_for_withdrawal(story=story, by=by)


class ReachMenuItem(MenuItem):
    def is_shown(self, request):
        return request_has_role(request, *REACH_ROLES)


@hooks.register("register_admin_urls")
def register_reach_urls():
    return [path("distribution/reach/", include((reach_urlpatterns, "reach")))]


@hooks.register(area_hook("distribution"))
def audience_menu_item():
    return ReachMenuItem(
        _("用户增长"),
        reverse("reach:audience"),
        name="distribution-audience-growth",
        icon_name="group",
        order=35,
    )


@hooks.register(area_hook("distribution"))
def reach_import_menu_item():
    return ReachMenuItem(
        _("传播数据导入"),
        reverse("reach:import"),
        name="distribution-reach",
        icon_name="upload",
        order=40,
    )
