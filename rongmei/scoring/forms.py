"""Forms of the scoring pages and the rule editor."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Grade


def parse_month(value: str | None) -> dt.date:
    """`YYYY-MM` → the first of that month; the current month when missing or wrong."""
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


class AdjustmentForm(forms.Form):
    user = forms.ModelChoiceField(label=_("人员"), queryset=None)
    points = forms.DecimalField(
        label=_("调整分"), max_digits=9, decimal_places=2, help_text=_("扣分填负数。")
    )
    reason = forms.CharField(label=_("理由"), max_length=300)

    def __init__(self, *args, center, **kwargs):
        from rongmei.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            memberships__center=center, memberships__is_active=True
        ).order_by("display_name", "username")


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("原创等级"), choices=Grade.choices)


class ScoreRuleForm(WagtailAdminModelForm):
    """The rule editor: the month is the first of a month, and closed months are kept."""

    def clean_effective_month(self):
        value = self.cleaned_data["effective_month"]
        return value.replace(day=1) if value else value

    def clean(self):
        data = super().clean()
        from .services import score_rule_check

        if data.get("effective_month"):
            self.instance.effective_month = data["effective_month"]
            try:
                score_rule_check(self.instance)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data
