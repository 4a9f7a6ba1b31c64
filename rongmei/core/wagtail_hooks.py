"""The staff workspace: area menus, the dashboard panels, centers and the audit log."""

from django.apps import apps
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, WagtailMenuRegisterable, WagtailMenuRegisterableGroup
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .areas import AREAS, area_hook
from .dashboard import CenterPanel, TodoItem, TodoPanel
from .models import AuditAction, AuditEntry, Center
from .tenancy import stats_center_ids
from .viewsets import ReadableColumnsMixin, ScopedIndexView, ScopedInspectView


class AreaOverview(WagtailMenuRegisterable):
    def __init__(self, area):
        self.area = area
        self.menu_label = _("概览")
        self.menu_icon = "info-circle"
        self.menu_name = f"area-{area.code}-overview"
        self.menu_order = 0

    @property
    def menu_url(self):
        return reverse("rongmei_area", args=[self.area.code])


def _area_group(area):
    return type(
        f"AreaGroup_{area.code}",
        (WagtailMenuRegisterableGroup,),
        {
            "menu_label": area.label,
            "menu_icon": area.icon,
            "menu_name": f"area-{area.code}",
            "menu_order": area.order,
            "submenu_hook": area_hook(area.code),
            "items": (AreaOverview(area),),
        },
    )()


for _area in AREAS:
    hooks.register("register_admin_menu_item", _area_group(_area).get_menu_item)


@hooks.register("register_admin_urls")
def register_core_urls():
    return [
        path("area/<slug:code>/", admin_views.area_overview, name="rongmei_area"),
        path("centers/mine/", admin_views.center_choose, name="rongmei_center_choose"),
    ]


@hooks.register("construct_homepage_panels")
def add_rongmei_panels(request, panels):
    panels[:0] = [CenterPanel(request), TodoPanel(request)]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, changes or deletes audit entries through the application."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class AuditIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("center", "actor")


def _object_type_label(entry: AuditEntry) -> str:
    """The model's Chinese name rather than its code label (accounts.Membership → 人员)."""
    if not entry.object_type:
        return ""
    try:
        return str(apps.get_model(entry.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return entry.object_type


audit_columns = [
    "at",
    Column("actor_name", label=_("操作人"), accessor=lambda e: e.actor_name or _("（系统）")),
    "action",
    "verb",
    Column("object_type", label=_("对象类型"), accessor=_object_type_label),
    "object_repr",
    "ip_address",
]


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    name = "audit"
    icon = "history"
    menu_label = _("审计日志")
    menu_hook = area_hook("system")
    menu_order = 90
    index_view_class = AuditIndexView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    list_display = [
        "at",
        "actor_name",
        "action",
        "verb",
        "object_type",
        "object_repr",
        "ip_address",
    ]
    list_filter = ["action", "object_type", "at"]
    search_fields = ["actor_name", "object_repr", "verb", "object_id"]
    list_export = [
        "at",
        "center",
        "actor_name",
        "action",
        "verb",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "ip_address",
    ]
    export_formats = ["xlsx", "csv"]
    export_filename = "audit-log"
    form_fields = []

    def get_urlpatterns(self):
        allowed = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in allowed]


class CenterIndexView(ReadableColumnsMixin, generic.IndexView):
    """The user's centers and, for platform viewers, the centers below theirs."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=stats_center_ids(self.request.user))


class CenterInspectView(generic.InspectView):
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj.pk not in stats_center_ids(self.request.user):
            raise Http404
        return obj


class CenterViewSet(ModelViewSet):
    """Centers are created by `create_center`; staff see theirs here."""

    model = Center
    name = "centers"
    icon = "site"
    menu_label = _("融媒体中心")
    menu_hook = area_hook("system")
    menu_order = 10
    index_view_class = CenterIndexView
    inspect_view_class = CenterInspectView
    list_display = ["code", "name", "level", "parent", "is_active"]
    form_fields = ["name", "level", "parent", "is_active"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        allowed = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in allowed]


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))
register_permission_policy(Center, ReadOnlyPolicy(Center))


@hooks.register("register_admin_viewset")
def register_core_viewsets():
    return [AuditEntryViewSet(), CenterViewSet()]


@hooks.register(area_hook("system"))
def my_centers_menu_item():
    return MenuItem(
        _("切换中心"), reverse("rongmei_center_choose"), icon_name="arrows-up-down", order=5
    )


@hooks.register("rongmei_dashboard_items")
def security_todo_items(request, center, roles):
    """Audit administrators see failed sign-ins of their center's accounts in the last 7 days."""
    if "audit_admin" not in roles:
        return []
    since = timezone.now() - timezone.timedelta(days=7)
    failed = AuditEntry.objects.filter(
        center=center, action=AuditAction.LOGIN_FAILED, at__gte=since
    ).count()
    if not failed:
        return []
    url = reverse("audit:index") + f"?action={AuditAction.LOGIN_FAILED}"
    return [TodoItem("audit_admin", _("近7天登录失败"), failed, url)]
