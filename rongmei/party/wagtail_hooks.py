"""Party admin under 党建: activities, members, reports to the community, study apps,
each entered, changed and deleted through the party services."""

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices, ScopedIndexView

from . import services
from .models import ActivityKind, CommunityServiceReport, PartyActivity, PartyMember, StudyAppUsage


class PartyActivityViewSet(CenterScopedViewSet):
    model = PartyActivity
    services = RecordServices(
        create=services.party_activity_create,
        update=services.party_activity_update,
        delete=services.party_activity_delete,
        arg="activity",
    )
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


class PartyMemberViewSet(CenterScopedViewSet):
    model = PartyMember
    services = RecordServices(
        create=services.party_member_create,
        update=services.party_member_update,
        delete=services.party_member_delete,
        arg="member",
    )
    name = "party-members"
    icon = "user"
    menu_label = _("党员")
    menu_hook = area_hook("party")
    menu_order = 20
    form_fields = ["name", "joined", "left"]
    list_display = ["name", "joined", "left"]
    search_fields = ["name"]
    list_export = ["name", "joined", "left"]
    export_filename = "party-members"


class ServiceReportForm(WagtailAdminModelForm):
    """Members and activities offered from the record's own center only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        center_id = self.instance.center_id
        self.fields["member"].queryset = PartyMember.objects.filter(center_id=center_id)
        self.fields["activity"].queryset = PartyActivity.objects.filter(
            center_id=center_id, kind=ActivityKind.COMMUNITY_SERVICE
        ).order_by("-date")


class ServiceReportIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "activity")


class CommunityServiceReportViewSet(CenterScopedViewSet):
    model = CommunityServiceReport
    services = RecordServices(
        create=services.community_service_report_create,
        update=services.community_service_report_update,
        delete=services.community_service_report_delete,
        arg="report",
    )
    name = "party-service-reports"
    icon = "home"
    menu_label = _("社区报到")
    menu_hook = area_hook("party")
    menu_order = 30
    index_view_class = ServiceReportIndexView
    form_fields = ["member", "date", "hours", "activity"]
    list_display = ["date", "member", "hours", "activity"]
    list_filter = ["date"]
    search_fields = ["member__name"]
    list_export = ["date", "member", "hours", "activity"]
    export_filename = "party-service-reports"

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=ServiceReportForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


class StudyAppUsageViewSet(CenterScopedViewSet):
    model = StudyAppUsage
    services = RecordServices(
        create=services.study_app_usage_create,
        update=services.study_app_usage_update,
        delete=services.study_app_usage_delete,
        arg="usage",
    )
    name = "party-study-apps"
    icon = "mobile-alt"
    menu_label = _("学习APP使用情况")
    menu_hook = area_hook("party")
    menu_order = 40
    form_fields = ["date", "app", "members", "installed", "active"]
    list_display = [
        "date",
        "app",
        "members",
        "installed",
        "active",
        Column("rate", label=_("安装使用率（%）")),
    ]
    list_filter = ["app", "date"]
    search_fields = ["app"]
    list_export = ["date", "app", "members", "installed", "active", "rate"]
    export_headings = {"rate": _("安装使用率（%）")}
    export_filename = "party-study-apps"


@hooks.register("register_admin_viewset")
def register_party_viewsets():
    return [
        PartyActivityViewSet(),
        PartyMemberViewSet(),
        CommunityServiceReportViewSet(),
        StudyAppUsageViewSet(),
    ]
