"""Admin forms whose choices of related records stay within the record's center."""

from django.forms import modelform_factory
from wagtail.admin.forms import WagtailAdminModelForm


class CenterScopedForm(WagtailAdminModelForm):
    """Related records (channels, columns, campaigns…) offered only from the same center."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        center_id = self.instance.center_id
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if any(f.name == "center" for f in queryset.model._meta.concrete_fields):
                field.queryset = queryset.filter(center_id=center_id)
        parent = self.fields.get("parent")
        if parent is not None and self.instance.pk is not None:
            parent.queryset = parent.queryset.exclude(pk=self.instance.pk)


def scoped_form(viewset, model):
    """The viewset's form over `form_fields`, with choices scoped to the center."""
    return modelform_factory(
        model,
        form=CenterScopedForm,
        fields=viewset.form_fields,
        formfield_callback=viewset.formfield_for_dbfield,
    )
