"""Wagtail admin listings of center-owned records, scoped to the user's centers.

Every view of a `CenterScopedViewSet` finds only records of the centers the user
belongs to: another center's record is a 404 (never a 403 that confirms it exists).
New records belong to the user's current center. Creates, edits and deletes made
through these views are written to the audit log.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from .audit import audit_create, audit_delete, audit_update, snapshot
from .middleware import current_center
from .tenancy import record_center_ids, scope_records


class CenterScopedObjectMixin:
    """Look a record up as usual, then pretend it is not there if it is another center's."""

    center_field = "center"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None:
            return obj
        center_id = getattr(obj, f"{self.center_field}_id", None)
        if center_id not in record_center_ids(self.request.user):
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


class ScopedCreateView(generic.CreateView):
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
        instance = super().save_instance()
        audit_create(by=self.request.user, obj=instance)
        return instance


class ScopedEditView(CenterScopedObjectMixin, generic.EditView):
    def save_instance(self):
        before = snapshot(type(self.object).objects.get(pk=self.object.pk))
        instance = super().save_instance()
        audit_update(by=self.request.user, obj=instance, before=before)
        return instance


class ScopedDeleteView(CenterScopedObjectMixin, generic.DeleteView):
    def delete_action(self):
        audit_delete(by=self.request.user, obj=self.object)
        return super().delete_action()


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
