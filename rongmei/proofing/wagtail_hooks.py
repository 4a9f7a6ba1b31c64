"""Admin UI of proofing in the 采编审校 area: lexicons, terms, leaders, rules, 在线校对.

The admin saves nothing itself: create, edit and delete call `services` (so every edit
is checked, audited and freezes a new lexicon version). Versions and accepted findings
are written only by the services and are read-only here. A center's records are edited
while working in that center; superusers also see and edit the shared lexicons (no
center).
"""

from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column

from rongmei.core.areas import area_hook
from rongmei.core.middleware import current_center
from rongmei.core.tenancy import record_center_ids
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedCreateView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
)

from . import services, views
from .models import AcceptedFinding, Leader, Lexicon, LexiconKind, LexiconVersion, Rule, Term
from .selectors import lexicon_editable_list

NEWSROOM = area_hook("newsroom")
WORD_KINDS = tuple(
    k for k in LexiconKind.values if k not in (LexiconKind.LEADER, LexiconKind.FORMULATION)
)


def _working_center_id(request) -> int | None:
    """The current center, if the user has its records; else None."""
    center = current_center(request)
    if center is None or center.pk not in record_center_ids(request.user):
        return None
    return center.pk


class SharedScopeMixin:
    """Only the current center's records are found; a shared one only by superusers."""

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        pk = getattr(self, "pk", None) or self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        obj = get_object_or_404(self.model, pk=unquote(str(pk)))
        user = self.request.user
        center_id = _working_center_id(self.request)
        allowed = (obj.center_id is not None and obj.center_id == center_id) or (
            obj.center_id is None and user.is_superuser
        )
        if not allowed:
            raise Http404
        return obj


class SharedIndexView(ScopedIndexView):
    """The current center's records, and for superusers the shared ones."""

    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        qs = self.model.objects.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        center_id = _working_center_id(self.request)
        scope = Q(center_id=center_id) if center_id is not None else Q(pk__in=[])
        if self.request.user.is_superuser:
            scope |= Q(center__isnull=True)
        return qs.filter(scope)


class LexiconChoiceMixin:
    """Offer only lexicons of fitting kinds the user maintains in the current center (and
    for superusers the shared ones)."""

    lexicon_kinds: tuple[str, ...] = ()

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "lexicon" in form.fields:
            center_id = _working_center_id(self.request)
            form.fields["lexicon"].queryset = lexicon_editable_list(
                user=self.request.user, kinds=self.lexicon_kinds
            ).filter(Q(center_id=center_id) | Q(center__isnull=True))
        return form


# -- lexicons ----------------------------------------------------------------------------


class LexiconIndexView(SharedIndexView):
    select_related = ("center", "current_version")


class LexiconEditView(SharedScopeMixin, ScopedEditView):
    pass


class LexiconDeleteView(SharedScopeMixin, ScopedDeleteView):
    pass


class LexiconInspectView(SharedScopeMixin, ScopedInspectView):
    pass


class LexiconViewSet(CenterScopedViewSet):
    model = Lexicon
    name = "proofing_lexicons"
    menu_label = _("校对词库")
    icon = "list-ul"
    menu_hook = NEWSROOM
    menu_order = 300
    index_view_class = LexiconIndexView
    edit_view_class = LexiconEditView
    delete_view_class = LexiconDeleteView
    inspect_view_class = LexiconInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    services = RecordServices(
        create=services.lexicon_create,
        update=services.lexicon_update,
        delete=services.lexicon_delete,
        arg="lexicon",
    )
    list_display = [
        "name",
        "kind",
        "default_severity",
        "is_active",
        "is_starter",
        Column("version_label", label=_("当前版本")),
        Column("scope_label", label=_("范围")),
        "updated_at",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    form_fields = ["name", "kind", "default_severity", "description", "is_active"]
    inspect_view_fields = [
        "name", "kind", "default_severity", "description", "is_active", "is_starter",
        "current_version", "center", "created_at", "updated_at",
    ]  # fmt: skip


# -- entries ---------------------------------------------------------------------------


def entry_views(kinds: tuple[str, ...], select: tuple[str, ...]):
    class Index(SharedIndexView):
        select_related = select

    class Create(LexiconChoiceMixin, ScopedCreateView):
        lexicon_kinds = kinds

    class Edit(LexiconChoiceMixin, SharedScopeMixin, ScopedEditView):
        lexicon_kinds = kinds

    class Delete(SharedScopeMixin, ScopedDeleteView):
        pass

    return Index, Create, Edit, Delete


def entry_services(create):
    return RecordServices(
        create=create, update=services.entry_update, delete=services.entry_delete, arg="entry"
    )


class TermViewSet(CenterScopedViewSet):
    model = Term
    name = "proofing_terms"
    menu_label = _("词条")
    icon = "tag"
    menu_hook = NEWSROOM
    menu_order = 310
    index_view_class, add_view_class, edit_view_class, delete_view_class = entry_views(
        WORD_KINDS, ("lexicon",)
    )
    services = entry_services(services.term_create)
    copy_view_enabled = False
    list_display = ["text", "lexicon", "suggestion", "category", "severity", "is_exception"]
    list_filter = ["severity", "is_exception"]
    search_fields = ["text", "suggestion"]
    form_fields = ["lexicon", "text", "suggestion", "category", "severity", "is_exception", "note"]


class LeaderViewSet(CenterScopedViewSet):
    model = Leader
    name = "proofing_leaders"
    menu_label = _("领导姓名职务")
    icon = "user"
    menu_hook = NEWSROOM
    menu_order = 320
    index_view_class, add_view_class, edit_view_class, delete_view_class = entry_views(
        (LexiconKind.LEADER,), ("lexicon",)
    )
    services = entry_services(services.leader_create)
    copy_view_enabled = False
    list_display = ["name", "titles", "order", "former_titles", "lexicon"]
    search_fields = ["name", "titles"]
    form_fields = ["lexicon", "name", "titles", "order", "former_titles"]


class RuleViewSet(CenterScopedViewSet):
    model = Rule
    name = "proofing_rules"
    menu_label = _("规范表述规则")
    icon = "code"
    menu_hook = NEWSROOM
    menu_order = 330
    index_view_class, add_view_class, edit_view_class, delete_view_class = entry_views(
        (LexiconKind.FORMULATION,), ("lexicon",)
    )
    services = entry_services(services.rule_create)
    copy_view_enabled = False
    list_display = ["name", "kind", "pattern", "suggestion", "severity", "lexicon"]
    search_fields = ["name", "pattern"]
    form_fields = [
        "lexicon", "name", "kind", "pattern", "suggestion", "category", "severity", "description",
    ]  # fmt: skip


# Written only by the services (a version by every change of a lexicon, an accepted
# finding by 保留 in the check); the admin lists them and offers no add, edit or delete.
READ_ONLY = RecordServices()


class ReadOnlyIndex(SharedIndexView):
    select_related = ("lexicon", "created_by")


class VersionViewSet(CenterScopedViewSet):
    """Versions are frozen by the services; here they are only listed and inspected."""

    model = LexiconVersion
    name = "proofing_versions"
    menu_label = _("词库版本")
    icon = "history"
    menu_hook = NEWSROOM
    menu_order = 340
    index_view_class = ReadOnlyIndex
    services = READ_ONLY
    inspect_view_class = LexiconInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["lexicon", "number", "entry_count", "note", "created_by", "created_at"]
    inspect_view_fields = ["lexicon", "number", "entry_count", "note", "created_by", "created_at"]
    form_fields = ["note"]


class AcceptedIndex(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("accepted_by")


class AcceptedFindingViewSet(CenterScopedViewSet):
    model = AcceptedFinding
    name = "proofing_accepted"
    menu_label = _("已保留的提示")
    icon = "tick"
    menu_hook = NEWSROOM
    menu_order = 350
    index_view_class = AcceptedIndex
    services = READ_ONLY
    copy_view_enabled = False
    form_fields = ["reason"]
    list_display = ["matched", "message", "reason", "accepted_by", "created_at"]
    search_fields = ["matched", "reason"]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        LexiconViewSet(),
        TermViewSet(),
        LeaderViewSet(),
        RuleViewSet(),
        VersionViewSet(),
        AcceptedFindingViewSet(),
    ]


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("proofing/check/", views.check_view, name="proofing_check"),
        path("proofing/transfer/", views.transfer_view, name="proofing_transfer"),
        path(
            "proofing/lexicons/<int:pk>/export/<str:fmt>/",
            views.export_view,
            name="proofing_export",
        ),
    ]


@hooks.register(NEWSROOM)
def check_menu_item():
    return MenuItem(_("在线校对"), reverse("proofing_check"), icon_name="search", order=290)


@hooks.register(NEWSROOM)
def transfer_menu_item():
    return MenuItem(
        _("词库导入导出"), reverse("proofing_transfer"), icon_name="download", order=360
    )
