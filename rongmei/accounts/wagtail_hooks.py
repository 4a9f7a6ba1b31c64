"""Staff administration under 系统管理: departments and staff with their roles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from rongmei.core.acting import acting_in
from rongmei.core.areas import area_hook
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
)

from . import services
from .forms import MembershipForm
from .models import Department, Membership


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
        with acting_in(instance.center):
            return self._create(data, instance)

    def _create(self, data, instance):
        membership = services.staff_create(
            center=instance.center,
            username=data["username"],
            password=data["password"],
            display_name=data["display_name"],
            department=data.get("department"),
            title=data.get("title", ""),
            roles=[],
            by=self.request.user,
        )
        services.membership_update(
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
        # Reload so that the service compares against what is stored, not the bound form.
        membership.refresh_from_db()
        if data.get("display_name"):
            services.staff_rename(
                membership=membership, by=self.request.user, display_name=data["display_name"]
            )
        return services.membership_update(
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
    services = RecordServices(
        create=services.staff_create,
        update=services.membership_update,
        delete=services.membership_delete,
        arg="membership",
    )
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
    services = RecordServices(
        create=services.department_create,
        update=services.department_update,
        delete=services.department_delete,
        arg="department",
    )
    form_fields = ["name", "sort_order"]
    list_display = ["name", "sort_order"]
    list_export = ["name", "sort_order"]
    export_filename = "departments"


@hooks.register("register_admin_viewset")
def register_account_viewsets():
    return [StaffViewSet(), DepartmentViewSet()]
