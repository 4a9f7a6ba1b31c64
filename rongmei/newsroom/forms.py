"""Admin forms whose choices of related records stay within the record's center."""

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
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


class OpinionForm(forms.Form):
    """Every review decision carries a written opinion."""

    comment = forms.CharField(
        label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class StoryForm(WagtailAdminModelForm):
    """The story editor: columns, campaigns, assignments and authors of its own center only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        center_id = self.instance.center_id
        for name in ("columns", "campaigns", "assignment"):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.filter(center_id=center_id)
        authors = self.formsets.get("authors")
        if authors is not None:
            for form in [*authors.forms, authors.empty_form]:
                field = form.fields.get("user")
                if field is not None:
                    field.queryset = field.queryset.filter(
                        memberships__center_id=center_id, memberships__is_active=True
                    ).distinct()


class VersionForm(forms.Form):
    """A channel version, edited on its own; the body in the same rich-text editor."""

    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), required=False)
    caption = forms.CharField(
        label=_("短视频文案"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    scheduled_at = forms.DateTimeField(
        label=_("定时发布"),
        required=False,
        help_text=_("留空则签发后立即发布。"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        from wagtail.admin.rich_text import get_rich_text_editor_widget

        super().__init__(*args, **kwargs)
        self.fields["body"].widget = get_rich_text_editor_widget()

    def clean_body(self):
        # The editor posts JSON; raw HTML (or anything else) from a script is refused
        # (rongmei.core.richtext.CheckedDraftailRichTextArea notes it).
        if getattr(self.fields["body"].widget, "malformed", False):
            raise forms.ValidationError(
                _("正文格式无效：请在编辑器中编辑正文，不能直接提交 HTML 或其他格式。"),
                code="malformed",
            )
        return self.cleaned_data["body"]


class VersionDraftForm(VersionForm):
    """What autosave receives from the edit form: the text as typed so far, unchecked here
    (the service refuses what a draft cannot keep); no publish time."""

    title = forms.CharField(required=False)
    scheduled_at = None
