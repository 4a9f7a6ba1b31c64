"""Staff administration under 系统管理: departments and staff with their roles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from rongmei.core.areas import area_hook
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
)

from .forms import MembershipForm
from .models import Department, Membership
from .services import membership_update, staff_create


class StaffIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("user", "department")
            .prefetch_related("roles")
        )


class StaffCreateView(ScopedCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        instance = self.form.instance
        membership = staff_create(
            center=instance.center,
            username=data["username"],
            password=data["password"],
            display_name=data["display_name"],
            department=data.get("department"),
            title=data.get("title", ""),
            roles=[],
            by=self.request.user,
        )
        membership_update(
            membership=membership,
            by=self.request.user,
            roles=data["roles"],
            is_active=data.get("is_active", True),
        )
        return membership


class StaffEditView(ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        membership = self.object
        user = membership.user
        if data.get("display_name") and data["display_name"] != user.display_name:
            user.display_name = data["display_name"]
            user.save(update_fields=["display_name"])
        # Reload so that the service compares against what is stored, not the bound form.
        membership.refresh_from_db()
        return membership_update(
            membership=membership,
            by=self.request.user,
            roles=data["roles"],
            department=data.get("department"),
            title=data.get("title", ""),
            is_active=data.get("is_active", True),
        )


roles_column = Column(
    "roles", label=_("角色"), accessor=lambda m: "、".join(r.name for r in m.roles.all())
)


class StaffViewSet(CenterScopedViewSet):
    model = Membership
    name = "staff"
    icon = "user"
    menu_label = _("人员与角色")
    menu_hook = area_hook("system")
    menu_order = 30
    index_view_class = StaffIndexView
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    list_display = ["user", "department", "title", roles_column, "is_active"]
    list_filter = ["department", "roles", "is_active"]
    search_fields = ["user__username", "user__display_name", "title"]
    list_export = ["user", "department", "title", "is_active"]
    export_filename = "staff"
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MembershipForm


class DepartmentViewSet(CenterScopedViewSet):
    model = Department
    name = "departments"
    icon = "group"
    menu_label = _("部门")
    menu_hook = area_hook("system")
    menu_order = 20
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    list_export = ["name", "sort_order"]
    export_filename = "departments"


@hooks.register("register_admin_viewset")
def register_account_viewsets():
    return [StaffViewSet(), DepartmentViewSet()]
