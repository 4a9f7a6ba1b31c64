"""Wagtail admin listings of center-owned records, scoped to the user's centers.

Every view of a `CenterScopedViewSet` finds only records of the centers the user
belongs to: another center's record is a 404 (never a 403 that confirms it exists).
New records belong to the user's current center.

The admin never saves a form itself. A viewset names its app's services
(`RecordServices`): create, edit and delete call them, so that the admin obeys the
same rules, permission checks and audit entries as the API, the ledger import and
commands. A rule the service refuses is shown on the form and nothing is written. A
viewset that names no service for an action does not offer it. Named transitions
(a status change such as 公开 or 驳回) are buttons on the record's page that call their
service, shown only to those allowed to use them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .acting import acting_in
from .audit import audit_record, audit_refused
from .middleware import current_center
from .models import AuditAction
from .records import model_perm
from .tenancy import record_center_ids, scope_records


@dataclass(frozen=True)
class Transition:
    """A named status change: a button on the record's edit page calling `service`.

    `service(by=user, <arg>=record)`; shown where `available(record)` is true and the
    user holds `perm` (default: change permission of the model) in the current center.
    """

    name: str
    label: str
    service: Callable[..., Any]
    available: Callable[[Any], bool] = lambda obj: True
    perm: str = ""

    def perm_for(self, model: type[models.Model]) -> str:
        return self.perm or model_perm(model, "change")


@dataclass(frozen=True)
class RecordServices:
    """The services of a model, as the admin calls them.

    - `create(by=user, center=center, **form_fields)` returns the new record;
    - `update(by=user, <arg>=record, **form_fields)` returns the record;
    - `delete(by=user, <arg>=record)`.
    """

    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    arg: str = "obj"
    transitions: tuple[Transition, ...] = field(default=())

    def provides(self, action: str) -> bool:
        return {"add": self.create, "change": self.update, "delete": self.delete}.get(
            action, True
        ) is not None


NO_SERVICES = RecordServices()


def form_errors_from(form, exc: ValidationError | PermissionDenied) -> None:
    """Put a service's refusal on the form: field errors by field, the rest on top."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc) or _("您没有执行此操作的权限。"))
        return
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    form.add_error(None, exc)


def form_values(form) -> dict[str, Any]:
    """The cleaned values of the form's model fields (not helper fields)."""
    model_fields = {f.name for f in form._meta.model._meta.get_fields()}
    return {k: v for k, v in form.cleaned_data.items() if k in model_fields and k in form.fields}


class ServicePermissionPolicy(ModelPermissionPolicy):
    """Model permissions in the current center, and only actions a service exists for."""

    def __init__(self, model, services: RecordServices, **kwargs):
        super().__init__(model, **kwargs)
        self.services = services

    def user_has_permission(self, user, action):
        if not self.services.provides(action):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)


class ServiceViewMixin:
    """Gives a view its viewset's services."""

    services: RecordServices = NO_SERVICES


class CenterScopedObjectMixin:
    """Look a record up as usual, then pretend it is not there if it is another center's."""

    center_field = "center"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None:
            return obj
        # Only the current center's records: roles (and so permissions) count in the
        # center the user works in now; another center's record is switched to, not
        # edited from here.
        center_id = getattr(obj, f"{self.center_field}_id", None)
        current = current_center(self.request)
        if center_id not in record_center_ids(self.request.user) or current is None:
            raise Http404
        if center_id != current.pk:
            raise Http404
        return obj


class ReadableColumnsMixin:
    """Yes/no fields show as tick and cross icons rather than "True"/"False"."""

    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column and isinstance(field_name, str):
            try:
                field = self.model._meta.get_field(field_name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, models.BooleanField):
                column_class = BooleanColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)


class ScopedIndexView(ReadableColumnsMixin, generic.IndexView):
    """Lists (and exports) the records of the current center only; a user working in
    several centers switches between them rather than seeing them mixed."""

    center_field = "center"

    def get_base_queryset(self):
        queryset = scope_records(super().get_base_queryset(), self.request.user, self.center_field)
        center = current_center(self.request)
        if center is None:
            return queryset.none()
        # Record titles may name their center; fetch it with the rows.
        return queryset.filter(**{self.center_field: center}).select_related(self.center_field)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Every export is audited: what (the listing, its filters) and how many rows.
        audit_record(
            action=AuditAction.EXPORT,
            by=self.request.user,
            center=current_center(self.request),
            verb=(_("导出列表：%(name)s") % {"name": self.model._meta.verbose_name_plural})[:100],
            changes={
                "model": self.model._meta.label,
                "format": spreadsheet_format,
                "rows": queryset.count(),
                "query": self.request.GET.urlencode()[:500],
            },
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


def _refusal_audited(request, exc, *, center, what: str) -> None:
    """A PermissionDenied from a service goes to the audit log (once, with what was tried)."""
    if isinstance(exc, PermissionDenied):
        audit_refused(by=request.user, center=center, perm=what, exc=exc)


class ServiceFormMixin(ServiceViewMixin):
    """`form_valid` whose save is a service call; a refusal is a form error, rolled back."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as exc:
            _refusal_audited(
                self.request,
                exc,
                center=current_center(self.request),
                what=f"{self.model._meta.label}:{'edit' if form.instance.pk else 'create'}",
            )
            form_errors_from(form, exc)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ScopedCreateView(ServiceFormMixin, generic.CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        if instance is None:
            instance = self.model()
        if hasattr(instance, "center_id") and instance.center_id is None:
            center = current_center(self.request)
            if center is None:
                raise Http404
            instance.center = center
        return instance

    def save_instance(self):
        if self.services.create is None:
            raise PermissionDenied
        values = form_values(self.form)
        center = self.form.instance.center
        values.pop("center", None)
        with acting_in(center):
            return self.services.create(by=self.request.user, center=center, **values)


class ScopedEditView(ServiceFormMixin, CenterScopedObjectMixin, generic.EditView):
    def save_instance(self):
        if self.services.update is None:
            raise PermissionDenied
        # The bound form has already written its values onto self.object; the service
        # gets the record as stored, so that its checks and audit compare with that.
        stored = type(self.object)._default_manager.select_for_update().get(pk=self.object.pk)
        values = form_values(self.form)
        values.pop("center", None)
        with acting_in(stored.center_id):
            return self.services.update(
                by=self.request.user, **{self.services.arg: stored}, **values
            )

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        user = self.request.user
        for transition in self.services.transitions:
            if not transition.available(self.object):
                continue
            if not user.has_perm(transition.perm_for(self.model)):
                continue
            url = self.transition_url(transition.name)
            buttons.append(
                HeaderButton(
                    transition.label,
                    url=url,
                    attrs={
                        "data-rongmei-transition": transition.name,
                        "data-w-action-url-value": url,
                        # Wagtail's action controller posts the link with the CSRF token.
                        "data-controller": "w-action",
                        "data-action": "w-action#post",
                    },
                )
            )
        return buttons

    def transition_url(self, name: str) -> str:
        return reverse(self.transition_url_name, args=[self.object.pk, name])

    transition_url_name = ""


class ScopedDeleteView(ServiceViewMixin, CenterScopedObjectMixin, generic.DeleteView):
    def delete_action(self):
        if self.services.delete is None:
            raise PermissionDenied
        with acting_in(self.object.center_id):
            self.services.delete(by=self.request.user, **{self.services.arg: self.object})

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ValidationError, PermissionDenied) as exc:
            _refusal_audited(
                self.request,
                exc,
                center=self.object.center_id,
                what=f"{self.model._meta.label}:delete",
            )
            text = " ".join(getattr(exc, "messages", [str(exc)])).strip()
            if not text and self.usage and self.usage.is_protected:
                text = _("该记录仍被其他记录引用，不能删除。")
            messages.error(self.request, text or _("您没有删除此记录的权限。"))
            return HttpResponseRedirect(self.get_success_url())


class ScopedInspectView(CenterScopedObjectMixin, generic.InspectView):
    pass


class ScopedCopyView(CenterScopedObjectMixin, generic.CopyView):
    pass


class ScopedHistoryView(CenterScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(CenterScopedObjectMixin, usage.UsageView):
    pass


class CenterScopedViewSet(ModelViewSet):
    """A ModelViewSet over a `core.CenterOwned` model, confined to the user's centers."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    copy_view_class = ScopedCopyView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    export_formats = ["xlsx", "csv"]
    services: RecordServices = NO_SERVICES

    @cached_property
    def permission_policy(self):
        return ServicePermissionPolicy(self.model, services=self.services)

    def register_permissions(self):
        # Wagtail 8 looks policies up by model: register ours before it makes a fallback.
        if not policy_registry.get_by_type(self.model, fallback=False):
            register_permission_policy(self.model, self.permission_policy, exact_class=True)
        super().register_permissions()

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(services=self.services, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            services=self.services,
            transition_url_name=self.get_url_name("transition"),
            **kwargs,
        )

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(services=self.services, **kwargs)

    @property
    def transition_view(self):
        return require_POST(self._transition)

    def _transition(self, request, pk, name):
        transition = next((t for t in self.services.transitions if t.name == name), None)
        if transition is None:
            raise Http404
        # Like every record view: only a record of the center the user works in now.
        center = current_center(request)
        if center is None or center.pk not in record_center_ids(request.user):
            raise Http404
        obj = get_object_or_404(self.model._default_manager, pk=pk, center_id=center.pk)
        perm = transition.perm_for(self.model)
        back = reverse(self.get_url_name("edit"), args=[obj.pk])
        with acting_in(obj.center_id):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            if not transition.available(obj):
                messages.error(
                    request, _("该记录当前状态下不能执行“%(t)s”。") % {"t": transition.label}
                )
                return HttpResponseRedirect(back)
            try:
                with transaction.atomic():
                    transition.service(by=request.user, **{self.services.arg: obj})
            except (ValidationError, PermissionDenied) as exc:
                _refusal_audited(
                    request,
                    exc,
                    center=obj.center_id,
                    what=f"{self.model._meta.label}:{transition.name}",
                )
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return HttpResponseRedirect(back)
        messages.success(request, _("已%(t)s：%(o)s") % {"t": transition.label, "o": obj})
        return HttpResponseRedirect(back)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        if self.services.transitions:
            patterns.append(
                path(
                    "transition/<str:pk>/<slug:name>/",
                    self.transition_view,
                    name="transition",
                )
            )
        return patterns
