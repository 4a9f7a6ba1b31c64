"""Scoring under 外宣与考核: the monthly scores, grading, and the director's rules (written
through the rule services)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rongmei.core.areas import area_hook
from rongmei.core.middleware import current_center
from rongmei.core.tenancy import record_center_ids
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices

from . import services, views
from .forms import ScoreRuleForm
from .models import ScoreRule

RULE_FIELDS = [
    "effective_month", "note",
    "genre_news", "genre_feature", "genre_commentary", "genre_photo", "genre_short_video",
    "genre_live",
    "grade_a", "grade_b", "grade_c",
    "short_below", "long_from", "short_factor", "long_factor",
    "channel_web", "channel_wechat", "channel_short_video", "channel_toutiao", "channel_tv",
    "channel_radio",
    "adoption_central", "adoption_provincial", "adoption_municipal", "adoption_county",
    "adoption_other", "front_page_bonus", "headline_bonus", "multi_level",
    "share_writer", "share_camera", "share_editor",
]  # fmt: skip


class ScoreRuleViewSet(CenterScopedViewSet):
    model = ScoreRule
    services = RecordServices(
        create=services.score_rule_create,
        update=services.score_rule_update,
        delete=services.score_rule_delete,
        arg="rule",
    )
    name = "score_rules"
    icon = "cogs"
    menu_label = _("稿分规则")
    menu_hook = area_hook("outreach")
    menu_order = 60
    form_fields = RULE_FIELDS
    list_display = ["effective_month", "note", "multi_level", "adoption_provincial"]
    list_export = RULE_FIELDS
    export_filename = "score-rules"

    def get_form_class(self, for_update=False):
        from django.forms import modelform_factory

        return modelform_factory(
            self.model,
            form=ScoreRuleForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


@hooks.register("register_admin_viewset")
def register_scoring_viewsets():
    return [ScoreRuleViewSet()]


@hooks.register("register_admin_urls")
def register_scoring_urls():
    return [
        path("scoring/", views.month_page, name="scoring_month"),
        path("scoring/person/<int:user_id>/", views.person_page, name="scoring_person"),
        path("scoring/grades/", views.grades_page, name="scoring_grades"),
        path("scoring/<slug:action>/", views.month_act, name="scoring_act"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        center = current_center(request)
        return center is not None and center.pk in record_center_ids(request.user)


@hooks.register(area_hook("outreach"))
def scoring_menu_item():
    return StaffMenuItem(
        _("月度稿分"), reverse("scoring_month"), name="scoring-month", icon_name="list-ol", order=50
    )
