"""The statistics pages in the staff workspace, under 统计与总结."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rongmei.accounts.selectors import request_has_role
from rongmei.core.areas import area_hook
from rongmei.core.tenancy import stats_center_ids

from . import views


@hooks.register("register_admin_urls")
def register_reporting_urls():
    return [
        path("reporting/stats/", views.stats_page, name="reporting_stats"),
        path("reporting/stats.xlsx", views.stats_xlsx, name="reporting_stats_xlsx"),
        path("reporting/work-summary.docx", views.work_summary_docx, name="reporting_work_summary"),
        path("reporting/ranking/", views.ranking_page, name="reporting_ranking"),
        path("reporting/wall/", views.wall_page, name="reporting_wall"),
        path("reporting/wall/data/", views.wall_data_json, name="reporting_wall_data"),
        path(
            "reporting/summary-template/",
            views.summary_template_page,
            name="reporting_summary_template",
        ),
        path(
            "reporting/summary-template/default.docx",
            views.summary_template_default,
            name="reporting_summary_template_default",
        ),
        path(
            "reporting/summary-template/current.docx",
            views.summary_template_current,
            name="reporting_summary_template_current",
        ),
        path(
            "reporting/summary-template/reset/",
            views.summary_template_reset,
            name="reporting_summary_template_reset",
        ),
    ]


class StatsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(stats_center_ids(request.user))


class RankingMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_rank(request)


@hooks.register(area_hook("reporting"))
def stats_menu_item():
    return StatsMenuItem(
        _("统计数据"),
        reverse("reporting_stats"),
        name="reporting-stats",
        icon_name="table",
        order=100,
    )


@hooks.register(area_hook("reporting"))
def ranking_menu_item():
    return RankingMenuItem(
        _("排行"),
        reverse("reporting_ranking"),
        name="reporting-ranking",
        icon_name="list-ol",
        order=110,
    )


@hooks.register(area_hook("reporting"))
def wall_menu_item():
    return StatsMenuItem(
        _("数据大屏"),
        reverse("reporting_wall"),
        name="reporting-wall",
        icon_name="desktop",
        order=105,
    )


class SummaryTemplateMenuItem(MenuItem):
    def is_shown(self, request):
        return request_has_role(request, *views.TEMPLATE_ROLES)


@hooks.register(area_hook("reporting"))
def summary_template_menu_item():
    return SummaryTemplateMenuItem(
        _("工作总结模板"),
        reverse("reporting_summary_template"),
        name="reporting-summary-template",
        icon_name="doc-full",
        order=120,
    )
