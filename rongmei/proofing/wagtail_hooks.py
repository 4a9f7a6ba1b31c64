"""Admin UI of proofing in the 采编审校 area: lexicons, terms, leaders, rules, 在线校对.

Changes made here go through `services`, so every edit is audited and freezes a new
lexicon version. Superusers also see and edit the shared lexicons (no center).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column

from rongmei.core.areas import area_hook
from rongmei.core.tenancy import record_center_ids, scope_records
from rongmei.core.viewsets import (
    CenterScopedViewSet,
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


class SharedScopeMixin:
    """Another center's record is not found; a shared one only by superusers."""

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        pk = getattr(self, "pk", None) or self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
        obj = get_object_or_404(self.model, pk=unquote(str(pk)))
        user = self.request.user
        allowed = obj.center_id in record_center_ids(user) or (
            obj.center_id is None and user.is_superuser
        )
        if not allowed:
            raise Http404
        return obj


class SharedIndexView(ScopedIndexView):
    select_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        qs = self.model.objects.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.request.user.is_superuser:
            scoped = scope_records(qs, self.request.user) | qs.filter(center__isnull=True)
        else:
            scoped = scope_records(qs, self.request.user)
        return scoped


class ServiceFormMixin:
    """Limit the lexicon choice to the user's own lexicons of fitting kinds; report
    service-level refusals on the form instead of failing."""

    lexicon_kinds: tuple[str, ...] = ()

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if "lexicon" in form.fields:
            form.fields["lexicon"].queryset = lexicon_editable_list(
                user=self.request.user, kinds=self.lexicon_kinds
            )
        return form

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)


# -- lexicons ----------------------------------------------------------------------------


class LexiconIndexView(SharedIndexView):
    select_related = ("center", "current_version")


class LexiconCreateView(ServiceFormMixin, ScopedCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.lexicon_create(
            center=self.form.instance.center,
            name=data["name"],
            kind=data["kind"],
            default_severity=data.get("default_severity", ""),
            description=data.get("description", ""),
            is_active=data.get("is_active", True),
            by=self.request.user,
        )


class LexiconEditView(ServiceFormMixin, SharedScopeMixin, ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        fields = {k: data[k] for k in ("name", "default_severity", "description", "is_active")}
        lexicon = Lexicon.objects.get(pk=self.object.pk)
        return services.lexicon_update(lexicon=lexicon, by=self.request.user, **fields)


class LexiconDeleteView(SharedScopeMixin, ScopedDeleteView):
    def delete_action(self):
        services.lexicon_delete(lexicon=self.object, by=self.request.user)


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
    add_view_class = LexiconCreateView
    edit_view_class = LexiconEditView
    delete_view_class = LexiconDeleteView
    inspect_view_class = LexiconInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
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

    class Create(ServiceFormMixin, ScopedCreateView):
        lexicon_kinds = kinds

        def get_initial_form_instance(self):
            # The center comes from the chosen lexicon, not the current center.
            return self.model()

        def save_instance(self):
            return services.entry_save(entry=self.form.save(commit=False), by=self.request.user)

    class Edit(ServiceFormMixin, SharedScopeMixin, ScopedEditView):
        lexicon_kinds = kinds

        def save_instance(self):
            return services.entry_save(entry=self.form.save(commit=False), by=self.request.user)

    class Delete(SharedScopeMixin, ScopedDeleteView):
        def delete_action(self):
            services.entry_delete(entry=self.object, by=self.request.user)

    return Index, Create, Edit, Delete


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
    copy_view_enabled = False
    list_display = ["name", "kind", "pattern", "suggestion", "severity", "lexicon"]
    search_fields = ["name", "pattern"]
    form_fields = [
        "lexicon", "name", "kind", "pattern", "suggestion", "category", "severity", "description",
    ]  # fmt: skip


def refused(view_class):
    """The view class, refusing every request: records written only by the services."""

    class Refused(view_class):
        def dispatch(self, request, *args, **kwargs):
            raise PermissionDenied

    return Refused


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
    add_view_class = refused(ScopedCreateView)
    edit_view_class = refused(ScopedEditView)
    delete_view_class = refused(ScopedDeleteView)
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
    add_view_class = refused(ScopedCreateView)
    edit_view_class = refused(ScopedEditView)
    delete_view_class = refused(ScopedDeleteView)
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
