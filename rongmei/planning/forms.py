"""Admin forms of planning whose related-record choices stay within the record's center."""

from django.forms import modelform_factory
from wagtail.admin.forms import WagtailAdminModelForm


class PlanningForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        center_id = self.instance.center_id
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and any(
                f.name == "center" for f in queryset.model._meta.concrete_fields
            ):
                field.queryset = queryset.filter(center_id=center_id)
        topic = self.fields.get("topic")
        if topic is not None:
            topic.queryset = topic.queryset.filter(status="approved")


def planning_form(viewset, model):
    return modelform_factory(
        model,
        form=PlanningForm,
        fields=viewset.form_fields,
        formfield_callback=viewset.formfield_for_dbfield,
    )
