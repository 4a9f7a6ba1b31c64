"""Choosers of center-owned records list, return and create nothing of another center.

Wagtail's snippet chooser looks records up with the model's manager: by id it would
hand any center's titles (drafts included) to any staff member. These views find only
records of the center the user works in now; another center's id is a 404. Records
are never created from a chooser (creation goes through the app's own pages and their
services).
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from .middleware import current_center
from .tenancy import record_center_ids


def scoped_to_current_center(request, queryset: QuerySet, center_field: str = "center"):
    center = current_center(request)
    if center is None or center.pk not in record_center_ids(request.user):
        return queryset.none()
    return queryset.filter(**{center_field: center})


class _NoCreation:
    def can_create(self):
        return False


class ScopedChooseView(_NoCreation, ChooseView):
    def get_object_list(self):
        return scoped_to_current_center(self.request, super().get_object_list())


class ScopedChooseResultsView(_NoCreation, ChooseResultsView):
    def get_object_list(self):
        return scoped_to_current_center(self.request, super().get_object_list())


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        queryset = scoped_to_current_center(self.request, self.model_class.objects.all())
        return queryset.get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        queryset = scoped_to_current_center(self.request, self.model_class.objects.all())
        return queryset.filter(pk__in=pks)


class NoCreateView(_NoCreation, SnippetCreateView):
    pass


class CenterScopedSnippetChooserViewSet(SnippetChooserViewSet):
    create_view_class = NoCreateView
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
