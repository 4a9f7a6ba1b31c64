"""Admin forms: choices of related records stay within the center; the submission and
adoption forms feed the services."""

import datetime as dt

from django import forms
from django.forms import modelform_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .evidence import ACCEPT
from .models import AdoptionKind, Outlet, Placement, SubmissionMethod


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


# ---------------------------------------------------------------------------
# Submissions and adoptions, through the services


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class OutletChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_level_display()}）"


def _outlets(center):
    return Outlet.objects.filter(center=center).select_related("parent").order_by("level", "name")


def _staff(center):
    from rongmei.accounts.models import User

    return User.objects.filter(memberships__center=center, memberships__is_active=True).order_by(
        "display_name", "username"
    )


def _stories(center, user, own_only: bool):
    from rongmei.newsroom.models import Story

    qs = Story.objects.filter(center=center).order_by("-updated_at")
    if own_only:
        qs = qs.filter(authors__user=user).distinct()
    return qs


class SubmissionForm(forms.Form):
    story = forms.ModelChoiceField(
        label=_("稿件"),
        queryset=None,
        required=False,
        help_text=_("从稿库选择；也可以不选，直接填写标题。"),
    )
    title = forms.CharField(label=_("标题"), max_length=300, required=False)
    outlets = OutletChoiceField(
        label=_("报送媒体"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    date = forms.DateField(
        label=_("报送日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    method = forms.ChoiceField(label=_("报送方式"), choices=SubmissionMethod.choices)
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, center, user, own_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].queryset = _stories(center, user, own_only)
        self.fields["outlets"].queryset = _outlets(center)
        if own_only:
            self.fields["story"].required = True
            self.fields["story"].help_text = _("记者只能报送本人署名的稿件。")


class AdoptForm(forms.Form):
    date = forms.DateField(
        label=_("刊播日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    placement = forms.ChoiceField(
        label=_("版面位置"), choices=Placement.choices, initial=Placement.OTHER
    )
    programme = forms.CharField(
        label=_("栏目或版面"), max_length=100, required=False, help_text=_("例如 新闻联播、第1版。")
    )
    url = forms.URLField(label=_("链接"), max_length=500, required=False, assume_scheme="https")
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", "---------"), *AdoptionKind.choices], required=False
    )
    evidence = forms.FileField(
        label=_("采用凭证"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("截图（PNG、JPG）、PDF 版面或视频片段（MP4），图片不超过 10 MB。"),
    )
    credited = StaffChoiceField(
        label=_("署名人员"),
        queryset=None,
        required=False,
        help_text=_("不选则按稿件作者及其分工署名。"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credited"].queryset = _staff(center)

    def credits(self):
        users = self.cleaned_data.get("credited") or []
        return [(u, "writer") for u in users] or None


class AdoptionRegisterForm(AdoptForm):
    outlet = forms.ModelChoiceField(label=_("媒体"), queryset=None)
    title = forms.CharField(label=_("标题"), max_length=300, required=False)
    story = forms.ModelChoiceField(label=_("稿件"), queryset=None, required=False)

    field_order = ["outlet", "story", "title", "date", "placement", "programme", "url", "kind"]

    def __init__(self, *args, center, user, **kwargs):
        super().__init__(*args, center=center, **kwargs)
        self.fields["outlet"].queryset = _outlets(center)
        self.fields["story"].queryset = _stories(center, user, False)

    def clean(self):
        data = super().clean()
        if not data.get("title") and not data.get("story"):
            raise forms.ValidationError(_("请填写标题，或选择稿件。"))
        return data


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("时段"),
        choices=[("week", _("本周")), ("month", _("本月")), ("custom", _("自定义"))],
        required=False,
    )
    start = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def bounds(self) -> tuple[dt.date, dt.date, str]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("period") or "month"
        if (
            period == "custom"
            and data.get("start")
            and data.get("end")
            and data["start"] <= data["end"]
        ):
            return data["start"], data["end"], period
        if period == "week":
            start = today - dt.timedelta(days=today.weekday())
            return start, start + dt.timedelta(days=6), period
        start = today.replace(day=1)
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return start, end, "month"
