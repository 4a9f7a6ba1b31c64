"""Newsroom admin under 采编审校: stories (Wagtail snippets with review), columns, campaigns."""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column as TableColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet

from rongmei.core.areas import area_hook
from rongmei.core.choosers import CenterScopedSnippetChooserViewSet
from rongmei.core.dashboard import TodoItem
from rongmei.core.middleware import current_center
from rongmei.core.roles import Role
from rongmei.core.tenancy import record_center_ids
from rongmei.core.viewsets import (
    CenterScopedViewSet,
    RecordServices,
    ScopedIndexView,
    form_errors_from,
)

from . import services, views
from .forms import scoped_form
from .models import Campaign, Column, Story
from .selectors import story_list_for_review

NEWSROOM = area_hook("newsroom")


class ColumnIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("channel")


class ColumnViewSet(CenterScopedViewSet):
    model = Column
    name = "columns"
    icon = "list-ul"
    menu_label = _("栏目")
    menu_hook = NEWSROOM
    menu_order = 50
    services = RecordServices(
        create=services.column_create,
        update=services.column_update,
        delete=services.column_delete,
        arg="column",
    )
    index_view_class = ColumnIndexView
    form_fields = ["name", "channel", "description", "is_active"]
    list_display = ["name", "channel", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    list_export = ["name", "channel", "description", "is_active"]
    export_filename = "columns"

    def get_form_class(self, for_update=False):
        return scoped_form(self, self.model)


class CampaignViewSet(CenterScopedViewSet):
    model = Campaign
    name = "campaigns"
    icon = "tag"
    menu_label = _("专题")
    menu_hook = NEWSROOM
    menu_order = 60
    services = RecordServices(
        create=services.campaign_create,
        update=services.campaign_update,
        delete=services.campaign_delete,
        arg="campaign",
    )
    form_fields = ["name", "start", "end", "goal"]
    list_display = ["name", "start", "end"]
    list_filter = ["start"]
    search_fields = ["name", "goal"]
    list_export = ["name", "start", "end", "goal"]
    export_filename = "campaigns"


@hooks.register("register_admin_viewset")
def register_newsroom_viewsets():
    return [ColumnViewSet(), CampaignViewSet()]


# -- stories --------------------------------------------------------------------------


def _scoped(view):
    """Any story URL naming another center's story is simply not found."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            allowed = Story.objects.filter(
                pk=unquote(str(pk)), center_id__in=record_center_ids(request.user)
            ).exists()
            if not allowed:
                raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class StoryIndexView(IndexView):
    def get_base_queryset(self):
        center = current_center(self.request)
        queryset = super().get_base_queryset()
        if center is None:
            return queryset.none()
        return queryset.filter(center=center)


class StoryCreateView(CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        center = current_center(self.request)
        if center is None:
            raise Http404
        instance.center = center
        instance.created_by = self.request.user
        return instance

    def save_instance(self):
        """The draft is made by the service (rules, first revision, audit), not the form."""
        data = self.form.cleaned_data
        authors = []
        formset = getattr(self.form, "formsets", {}).get("authors")
        for form in formset.forms if formset is not None else []:
            values = getattr(form, "cleaned_data", None) or {}
            if values.get("user") and not values.get("DELETE"):
                authors.append((values["user"], values["role"]))
        return services.story_create(
            by=self.request.user,
            center=self.form.instance.center,
            title=data["title"],
            body=data.get("body", ""),
            summary=data.get("summary", ""),
            genre=data.get("genre") or "news",
            is_original=data.get("is_original", True),
            assignment=data.get("assignment"),
            columns=list(data.get("columns") or []),
            campaigns=list(data.get("campaigns") or []),
            authors=authors or None,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as exc:
            form_errors_from(form, exc)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("newsroom_story_desk", args=[self.object.pk])


# Review decisions and stopping a review happen only on the desk, through the services:
# Wagtail's editor would approve together with unreviewed edits ("approve with edit")
# and let the submitter cancel the workflow without a record.
EDITOR_REFUSED_ACTIONS = ("action-workflow-action", "action-cancel-workflow")


class StoryEditView(EditView):
    """Wagtail's editor; submitting and saving during review go through the services."""

    def post(self, request, *args, **kwargs):
        if any(request.POST.get(name) for name in EDITOR_REFUSED_ACTIONS):
            messages.error(
                request,
                _("审核决定请在稿件工作台填写意见后提交；审核流程不能在编辑器中取消。"),
            )
            return redirect(reverse("newsroom_story_desk", args=[self.object_pk]))
        return super().post(request, *args, **kwargs)

    def run_action_method(self):
        user = self.request.user
        try:
            if self.action == "submit":
                services.story_submit(story=self.object, by=user)
                return None
            if self.action == "restart-workflow":
                services.story_submit(story=self.object, by=user)
                return None
            if self.action == "edit":
                services.story_after_edit(story=self.object, by=user)
                return None
        except (ValidationError, PermissionDenied) as exc:
            messages.error(self.request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(self.get_edit_url())
        return super().run_action_method()


class DeskColumn(TableColumn):
    def get_value(self, instance):
        return _("工作台")

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = _("工作台")
        return context


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "doc-full-inverse"
    menu_label = _("稿件")
    menu_hook = NEWSROOM
    menu_order = 10
    url_prefix = "newsroom/stories"
    chooser_viewset_class = CenterScopedSnippetChooserViewSet
    index_view_class = StoryIndexView
    add_view_class = StoryCreateView
    edit_view_class = StoryEditView
    list_display = ["title", "stage", "genre", "updated_at"]
    list_filter = ["stage", "genre"]
    search_fields = ["title"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _scoped(pattern.callback)
        return patterns


register_snippet(StoryViewSet)


@hooks.register("register_admin_urls")
def register_newsroom_urls():
    return [
        path("newsroom/desk/<int:pk>/", views.story_desk, name="newsroom_story_desk"),
        path("newsroom/desk/<int:pk>/<slug:action>/", views.story_act, name="newsroom_story_act"),
        path("newsroom/sheet/<int:pk>/", views.story_sheet, name="newsroom_story_sheet"),
        path(
            "newsroom/sheet/<int:pk>/pdf/", views.story_sheet_pdf, name="newsroom_story_sheet_pdf"
        ),
        path("newsroom/versions/<int:pk>/", views.version_edit, name="newsroom_version_edit"),
        path(
            "newsroom/versions/<int:pk>/history/",
            views.version_history,
            name="newsroom_version_history",
        ),
        path(
            "newsroom/versions/<int:pk>/autosave/",
            views.version_autosave,
            name="newsroom_version_autosave",
        ),
        path(
            "newsroom/versions/<int:pk>/draft/discard/",
            views.version_draft_discard,
            name="newsroom_version_draft_discard",
        ),
    ]


@hooks.register("construct_snippet_action_menu")
def story_editor_menu(menu_items, request, context):
    """The editor of a story offers saving and submitting; deciding and cancelling are
    the desk's (see `EDITOR_REFUSED_ACTIONS`)."""
    from wagtail.snippets.action_menu import CancelWorkflowMenuItem, WorkflowMenuItem

    if isinstance(context.get("instance"), Story):
        menu_items[:] = [
            item
            for item in menu_items
            if not isinstance(item, WorkflowMenuItem | CancelWorkflowMenuItem)
        ]


@hooks.register("after_edit_snippet")
def story_desk_after_edit(request, instance):
    if isinstance(instance, Story) and request.POST.get("action-workflow-action"):
        return redirect(reverse("newsroom_story_desk", args=[instance.pk]))
    return None


@hooks.register("rongmei_dashboard_items")
def newsroom_todo(request, center, roles):
    items = []
    reviewer = [r for r in (Role.EDITOR, Role.DESK_HEAD, Role.CHIEF_EDITOR) if r in roles]
    if reviewer:
        waiting = story_list_for_review(center=center, user=request.user)
        items.append(
            TodoItem(
                role=reviewer[0],
                label=str(_("待我审核的稿件")),
                count=len(waiting),
                url=reverse("newsroom_story_desk", args=[waiting[0].pk])
                if waiting
                else reverse("wagtailsnippets_newsroom_story:list"),
            )
        )
    if Role.REPORTER in roles:
        back = Story.objects.filter(
            center=center, stage="needs_changes", authors__user=request.user
        ).distinct()
        items.append(
            TodoItem(
                role=Role.REPORTER,
                label=str(_("退回修改的稿件")),
                count=back.count(),
                url=reverse("wagtailsnippets_newsroom_story:list") + "?stage=needs_changes",
            )
        )
    return items


@hooks.register("register_snippet_listing_buttons")
def story_desk_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Story):
        yield ListingButton(
            _("工作台"), reverse("newsroom_story_desk", args=[snippet.pk]), priority=5
        )
        yield ListingButton(
            _("审签单"), reverse("newsroom_story_sheet", args=[snippet.pk]), priority=6
        )
