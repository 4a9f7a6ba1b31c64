"""Admin forms whose choices of related records stay within the record's center."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import RundownKind, RundownStatus


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


class DurationField(forms.CharField):
    """A duration typed as seconds (`90`) or minutes and seconds (`1:30`)."""

    default_error_messages = {"invalid": _("时长请填写秒数（如 90）或“分:秒”（如 1:30）。")}

    def to_python(self, value):
        value = (super().to_python(value) or "").strip().replace("：", ":")
        if not value:
            return 0
        parts = value.split(":")
        if len(parts) > 3 or not all(p.strip().isdigit() for p in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        seconds = 0
        for p in parts:
            seconds = seconds * 60 + int(p)
        return seconds


class RundownAddForm(forms.Form):
    """Add a signed-off TV/radio version, or a free item, to the end of the rundown."""

    version = forms.ModelChoiceField(
        label=_("已签发的电视稿/广播稿"),
        queryset=None,
        required=False,
        empty_label=_("（不关联稿件：自由条目）"),
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        required=False,
        help_text=_("关联稿件时可留空，沿用稿件标题。"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=RundownKind.choices)
    duration_seconds = DurationField(label=_("时长"), required=False, help_text=_("如 1:30"))
    presenter_notes = forms.CharField(
        label=_("口播/导语"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from rongmei.newsroom.models import ChannelVersion

        ids = [v.pk for v in versions]
        self.has_versions = bool(ids)
        field = self.fields["version"]
        field.queryset = ChannelVersion.objects.filter(pk__in=ids).select_related("story")
        labels = {v.pk: f"{v.get_kind_display()}｜{v.title}" for v in versions}
        field.label_from_instance = lambda v: labels.get(v.pk, str(v))

    def clean(self):
        data = super().clean()
        if not data.get("version") and not (data.get("title") or "").strip():
            self.add_error("title", _("自由条目请填写标题，或选择一篇已签发的稿件。"))
        return data


class RundownItemForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=RundownKind.choices)
    duration_seconds = DurationField(label=_("时长"), required=False, help_text=_("如 1:30"))
    presenter_notes = forms.CharField(
        label=_("口播/导语"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    script = forms.CharField(
        label=_("稿本"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )


class EpisodeForm(CenterScopedForm):
    """An episode with a rundown counts its rundown: its item count is not typed in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = self.fields.get("items")
        if items is not None and self.instance.rundown_status != RundownStatus.NONE:
            items.disabled = True
            items.help_text = _("本期已有串联单，条数按串联单中的新闻条目自动计算。")


class LiveStreamForm(CenterScopedForm):
    """Duty staff offered from the center's own staff; viewers only once the stream ended."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from rongmei.accounts.models import User

        for name in ("channels", "duty_staff", "campaigns"):
            field = self.fields.get(name)
            if field is not None:
                field.widget = forms.CheckboxSelectMultiple()
                field.queryset = field.queryset  # binds the choices to the new widget
        staff = self.fields.get("duty_staff")
        if staff is not None:
            staff.queryset = (
                User.objects.filter(
                    memberships__center_id=self.instance.center_id, memberships__is_active=True
                )
                .distinct()
                .order_by("username")
            )

    def clean(self):
        from .models import LiveStatus

        data = super().clean()
        if data.get("viewers") and data.get("status") != LiveStatus.ENDED:
            self.add_error("viewers", _("直播结束后才能填写观看量。"))
        return data

    def clean_duty_staff(self):
        from .services import check_duty_staff

        users = self.cleaned_data.get("duty_staff") or []
        try:
            check_duty_staff(self.instance.center_id, users)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["duty_staff"]) from exc
        return users


def scoped_form_with(viewset, model, form):
    """Like `scoped_form`, over a subclass of `CenterScopedForm`."""
    return modelform_factory(
        model,
        form=form,
        fields=viewset.form_fields,
        formfield_callback=viewset.formfield_for_dbfield,
    )
