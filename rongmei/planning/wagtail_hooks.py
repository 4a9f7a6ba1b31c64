"""Planning admin under 策划指挥: leads, topics, assignments, key dates and the calendar.

Records are added, changed and deleted through the planning services; their status moves
only by the transitions: buttons on the edit page for those that need only the record,
the forms of the record's page (views.act) for those that need a reason or a target."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column

from rongmei.accounts.selectors import has_role
from rongmei.core.areas import area_hook
from rongmei.core.context import current_request
from rongmei.core.dashboard import TodoItem
from rongmei.core.masking import (
    Sensitive,
    SensitiveExportMixin,
    SensitiveFormMixin,
    SensitiveInspectMixin,
)
from rongmei.core.roles import Role
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    Transition,
)

from . import services, views
from .choices import LeadStatus, TopicStatus
from .forms import planning_form
from .models import Assignment, KeyDate, Lead, Topic
from .selectors import assignment_list_for_user, topic_list_awaiting

PLANNING = area_hook("planning")


class ActionsInspectView(ScopedInspectView):
    """The record's fields and, below them, the transitions the user may apply now."""

    template_name = "planning/inspect.html"
    actions_for = None
    kind = ""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value

    def get_field_label(self, field_name, field):
        if field_name == "coverage_label":
            return _("报道形式")
        return super().get_field_label(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["planning_actions"] = type(self).actions_for(self.object, self.request.user)
        context["planning_kind"] = self.kind
        context["planning_object"] = self.object
        return context


# A tipster's contact: in full to holders of planning.view_tipster_contact (desk heads,
# chief editors), masked (138****1234) to everyone else; a full view is audited.
LEAD_SENSITIVE = {
    "contact": Sensitive("planning.view_tipster_contact", _("查看爆料人联系方式")),
}


class LeadInspectView(SensitiveInspectMixin, ActionsInspectView):
    actions_for = staticmethod(views.lead_actions)
    kind = "lead"
    sensitive = LEAD_SENSITIVE


class LeadEditView(SensitiveFormMixin, ScopedEditView):
    sensitive = LEAD_SENSITIVE


class TopicInspectView(ActionsInspectView):
    actions_for = staticmethod(views.topic_actions)
    kind = "topic"


class AssignmentInspectView(ActionsInspectView):
    actions_for = staticmethod(views.assignment_actions)
    kind = "assignment"


def _acting_user():
    """The user of the request being served (the buttons are shown per user)."""
    request = current_request.get()
    return getattr(request, "user", None)


def _lead_can_triage(lead) -> bool:
    user = _acting_user()
    return (
        lead.status == LeadStatus.NEW
        and user is not None
        and has_role(user, lead.center_id, *services.TRIAGE_ROLES)
    )


def _topic_can_decide(topic) -> bool:
    user = _acting_user()
    return (
        topic.status == TopicStatus.PROPOSED
        and user is not None
        and has_role(user, topic.center_id, *services.PLANNER_ROLES)
    )


def _assignment_can(name):
    def available(assignment) -> bool:
        user = _acting_user()
        return user is not None and services.assignment_can(assignment, user, name)

    return available


# The transitions that need nothing but the record; merging, dismissing, refusing and
# cancelling need a reason or a target and stay on the record's page (views.act).
LEAD_SERVICES = RecordServices(
    create=services.lead_create,
    update=services.lead_update,
    delete=services.lead_delete,
    arg="lead",
    transitions=(
        Transition("to_topic", _("转为选题"), services.lead_to_topic, available=_lead_can_triage),
    ),
)
TOPIC_SERVICES = RecordServices(
    create=services.topic_propose,
    update=services.topic_update,
    delete=services.topic_delete,
    arg="topic",
    transitions=(
        Transition("approve", _("批准"), services.topic_approve, available=_topic_can_decide),
    ),
)
# Those an assignee applies need only the right to see the assignment; the service
# checks that the user is one of its assignees.
_ASSIGNEE_PERM = "planning.view_assignment"
ASSIGNMENT_SERVICES = RecordServices(
    create=services.assignment_create,
    update=services.assignment_update,
    delete=services.assignment_delete,
    arg="assignment",
    transitions=tuple(
        Transition(
            name,
            services.TRANSITION_LABELS[name],
            services.ASSIGNMENT_ACTIONS[name],
            available=_assignment_can(name),
            perm="" if services.TRANSITIONS[name][2] == "planner" else _ASSIGNEE_PERM,
        )
        for name in ("dispatch", "accept", "start", "submit", "complete")
    ),
)
KEY_DATE_SERVICES = RecordServices(
    create=services.key_date_create,
    update=services.key_date_update,
    delete=services.key_date_delete,
    arg="key_date",
)


class InspectLinkMixin:
    """Listings open a record's page with its actions rather than the edit form."""

    def get_edit_url(self, instance):
        return self.get_inspect_url(instance)


class LeadIndexView(SensitiveExportMixin, InspectLinkMixin, ScopedIndexView):
    sensitive = LEAD_SENSITIVE


class TopicIndexView(InspectLinkMixin, ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("proposed_by")


class AssignmentIndexView(InspectLinkMixin, ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("topic")


class OverdueColumn(Column):
    def get_value(self, instance):
        return _("已逾期") if instance.is_overdue else ""


class LeadViewSet(CenterScopedViewSet):
    model = Lead
    name = "planning_leads"
    url_prefix = "planning/leads"
    icon = "help"
    menu_label = _("线索")
    menu_hook = PLANNING
    menu_order = 10
    services = LEAD_SERVICES
    index_view_class = LeadIndexView
    inspect_view_class = LeadInspectView
    edit_view_class = LeadEditView
    inspect_view_enabled = True
    form_fields = ["title", "content", "source", "contact"]
    list_display = ["title", "source", "status", "created_at"]
    list_filter = ["source", "status"]
    search_fields = ["title", "content"]
    list_export = ["title", "source", "status", "contact", "created_at"]
    inspect_view_fields = [
        "title",
        "content",
        "source",
        "contact",
        "status",
        "topic",
        "merged_into",
        "dismiss_reason",
        "created_at",
    ]
    export_filename = "leads"


class TopicViewSet(CenterScopedViewSet):
    model = Topic
    name = "planning_topics"
    url_prefix = "planning/topics"
    icon = "pick"
    menu_label = _("选题")
    menu_hook = PLANNING
    menu_order = 20
    services = TOPIC_SERVICES
    index_view_class = TopicIndexView
    inspect_view_class = TopicInspectView
    inspect_view_enabled = True
    form_fields = [
        "title",
        "summary",
        "planned_date",
        "columns",
        "campaigns",
        "want_text",
        "want_photo",
        "want_video",
        "want_live",
    ]
    list_display = ["title", "planned_date", "proposed_by", "status"]
    list_filter = ["status", "planned_date"]
    search_fields = ["title", "summary"]
    list_export = ["title", "planned_date", "proposed_by", "status", "opinion"]
    inspect_view_fields = [
        "title",
        "summary",
        "planned_date",
        "coverage_label",
        "proposed_by",
        "status",
        "decided_by",
        "decided_at",
        "opinion",
    ]
    export_filename = "topics"

    def get_form_class(self, for_update=False):
        return planning_form(self, self.model)


class AssignmentViewSet(CenterScopedViewSet):
    model = Assignment
    name = "planning_assignments"
    url_prefix = "planning/assignments"
    icon = "tasks"
    menu_label = _("任务")
    menu_hook = PLANNING
    menu_order = 30
    services = ASSIGNMENT_SERVICES
    index_view_class = AssignmentIndexView
    inspect_view_class = AssignmentInspectView
    inspect_view_enabled = True
    form_fields = ["topic", "title", "location", "due", "notes"]
    list_display = ["title", "topic", "due", "status", OverdueColumn("overdue", label=_("逾期"))]
    list_filter = ["status", "due"]
    search_fields = ["title", "location"]
    list_export = ["title", "topic", "location", "due", "status"]
    inspect_view_fields = ["title", "topic", "location", "due", "notes", "status", "cancel_reason"]
    export_filename = "assignments"

    def get_form_class(self, for_update=False):
        return planning_form(self, self.model)


class KeyDateViewSet(CenterScopedViewSet):
    model = KeyDate
    services = KEY_DATE_SERVICES
    name = "planning_key_dates"
    url_prefix = "planning/key-dates"
    icon = "date"
    menu_label = _("重要节点")
    menu_hook = PLANNING
    menu_order = 50
    form_fields = ["date", "title", "note"]
    list_display = ["date", "title"]
    list_filter = ["date"]
    search_fields = ["title", "note"]
    list_export = ["date", "title", "note"]
    export_filename = "key-dates"


@hooks.register("register_admin_viewset")
def register_planning_viewsets():
    return [LeadViewSet(), TopicViewSet(), AssignmentViewSet(), KeyDateViewSet()]


@hooks.register("register_admin_urls")
def register_planning_urls():
    return [
        path("planning/calendar/", views.coverage_calendar, name="planning_calendar"),
        path(
            "planning/attachment/<int:pk>/",
            views.attachment_download,
            name="planning_attachment",
        ),
        path(
            "planning/act/<slug:kind>/<int:pk>/<slug:action>/",
            views.act,
            name="planning_act",
        ),
    ]


@hooks.register(PLANNING)
def register_calendar_menu_item():
    return MenuItem(_("报道日历"), reverse("planning_calendar"), icon_name="calendar", order=40)


@hooks.register("rongmei_dashboard_items")
def planning_todo(request, center, roles):
    items = []
    if Role.DESK_HEAD in roles or Role.CHIEF_EDITOR in roles:
        role = Role.DESK_HEAD if Role.DESK_HEAD in roles else Role.CHIEF_EDITOR
        items.append(
            TodoItem(
                role=role,
                label=str(_("待审批选题")),
                count=topic_list_awaiting(center=center).count(),
                url=reverse("planning_topics:index") + "?status=proposed",
            )
        )
    for role in (Role.REPORTER, Role.CAMERA):
        if role in roles:
            mine = assignment_list_for_user(center=center, user=request.user)
            items.append(
                TodoItem(
                    role=role,
                    label=str(_("我的任务")),
                    count=mine.count(),
                    url=reverse("planning_assignments:index"),
                )
            )
    return items
