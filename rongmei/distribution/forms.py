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


class JobFilterForm(forms.Form):
    channel = forms.TypedChoiceField(label=_("渠道"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, channels=(), **kwargs):
        from .models import JobState

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("全部渠道"))] + [(c.pk, c.name) for c in channels]
        self.fields["state"].choices = [("", _("全部状态")), *JobState.choices]


class ManualConfirmForm(forms.Form):
    """Where and when an operator published by hand; the service checks the rules."""

    url = forms.CharField(
        label=_("发布链接"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    published_at = forms.DateTimeField(
        label=_("发布时间"),
        required=False,
        help_text=_("留空则为现在。"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请填写正确的时间，如 2026-05-01 09:30。")},
    )


class CredentialsForm(forms.Form):
    """New credentials for a channel; the stored ones are never put back into the form."""

    appid = forms.CharField(
        label=_("AppID / 账号"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("AppSecret / 密钥"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    clear = forms.BooleanField(label=_("清除已保存的凭据"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("clear") and not (data.get("appid") and data.get("secret")):
            raise forms.ValidationError(_("请同时填写 AppID 和密钥；如要清除凭据请勾选“清除”。"))
        return data
