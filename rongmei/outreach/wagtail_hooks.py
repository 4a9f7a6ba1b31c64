"""Outreach admin under 外宣与考核: the board, submissions, outside media and adoptions.

Outlets and adoptions are added, changed and deleted through `services`; a submission's
outcome changes only on the board (登记采用 / 未采用), never in a form.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rongmei.accounts.selectors import request_has_role
from rongmei.core.areas import area_hook
from rongmei.core.dashboard import TodoItem
from rongmei.core.roles import Role
from rongmei.core.viewsets import CenterScopedViewSet, RecordServices, ScopedIndexView

from . import services, views
from .forms import scoped_form
from .models import Adoption, Outcome, Outlet, SubmissionTarget

OUTLET_SERVICES = RecordServices(
    create=services.outlet_create,
    update=services.outlet_update,
    delete=services.outlet_delete,
    arg="outlet",
)
ADOPTION_SERVICES = RecordServices(
    create=services.adoption_create,
    update=services.adoption_update,
    delete=services.adoption_delete,
    arg="adoption",
)


class OutletIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class OutletViewSet(CenterScopedViewSet):
    model = Outlet
    name = "outlets"
    icon = "globe"
    menu_label = _("外部媒体")
    menu_hook = area_hook("outreach")
    menu_order = 10
    index_view_class = OutletIndexView
    services = OUTLET_SERVICES
    form_fields = ["name", "level", "parent", "contacts", "submission_address"]
    list_display = ["name", "level", "parent", "submission_address"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_export = ["name", "level", "parent", "contacts", "submission_address"]
    export_filename = "outlets"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class AdoptionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("outlet")


class AdoptionViewSet(CenterScopedViewSet):
    model = Adoption
    name = "adoptions"
    icon = "doc-full"
    menu_label = _("外宣刊播")
    menu_hook = area_hook("outreach")
    menu_order = 20
    index_view_class = AdoptionIndexView
    services = ADOPTION_SERVICES
    form_fields = [
        "outlet", "date", "title", "kind", "placement", "programme", "url", "authors",
        "evidence", "campaigns", "ref",
    ]  # fmt: skip
    list_display = ["title", "outlet", "date", "kind", "placement", "authors"]
    list_filter = ["kind", "placement", "date"]
    search_fields = ["title", "authors", "ref", "outlet__name"]
    list_export = [
        "date", "outlet", "title", "kind", "placement", "programme", "url", "authors", "ref",
    ]  # fmt: skip
    export_filename = "adoptions"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


@hooks.register("register_admin_viewset")
def register_outreach_viewsets():
    return [OutletViewSet(), AdoptionViewSet()]


@hooks.register("register_admin_urls")
def register_outreach_urls():
    return [
        path("outreach/board/", views.board, name="outreach_board"),
        path("outreach/submissions/new/", views.submission_new, name="outreach_submission_new"),
        path("outreach/submissions/<int:pk>/", views.submission_detail, name="outreach_submission"),
        path(
            "outreach/submissions/<int:pk>/targets/<int:target_pk>/adopt/",
            views.target_adopt,
            name="outreach_target_adopt",
        ),
        path(
            "outreach/submissions/<int:pk>/targets/<int:target_pk>/decline/",
            views.target_decline,
            name="outreach_target_decline",
        ),
        path(
            "outreach/adoptions/register/",
            views.adoption_register,
            name="outreach_adoption_register",
        ),
        path(
            "outreach/adoptions/<int:pk>/evidence/",
            views.adoption_evidence,
            name="outreach_evidence",
        ),
        path("outreach/starter/", views.starter_load, name="outreach_starter_load"),
    ]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        # As `views.may_submit`, from the roles cached on the request.
        return request_has_role(request, *services.REGISTER_ROLES, *services.AUTHOR_ROLES)


@hooks.register(area_hook("outreach"))
def board_menu_item():
    return BoardMenuItem(
        _("外宣看板"), reverse("outreach_board"), name="outreach-board", icon_name="globe", order=5
    )


@hooks.register("rongmei_dashboard_items")
def outreach_todo(request, center, roles):
    """Registering roles see submissions still waiting for an outlet's answer."""
    registering = [r for r in roles if r in {str(x) for x in (Role.EDITOR, Role.DIRECTOR)}]
    if not registering:
        return []
    pending = SubmissionTarget.objects.filter(
        submission__center=center, outcome=Outcome.PENDING
    ).count()
    return [
        TodoItem(
            role=registering[0],
            label=_("外宣报送待登记结果"),
            count=pending,
            url=reverse("outreach_board"),
        )
    ]
