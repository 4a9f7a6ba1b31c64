"""Staff pages of planning: the transition buttons behind each record, and the calendar."""

from __future__ import annotations

import calendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rongmei.accounts.models import User
from rongmei.accounts.selectors import has_role
from rongmei.core.middleware import current_center
from rongmei.core.tenancy import get_record_or_404

from . import services
from .choices import AssigneeRole, LeadStatus, TopicStatus
from .models import Assignment, Lead, LeadAttachment, Topic
from .selectors import calendar_entries


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=gettext_lazy("合并到线索"), queryset=Lead.objects.none())

    def __init__(self, *args, lead: Lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Lead.objects.filter(center_id=lead.center_id)
            .exclude(pk=lead.pk)
            .exclude(status=LeadStatus.MERGED)
        )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("人员"), queryset=User.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("分工"), choices=AssigneeRole.choices)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            memberships__center_id=assignment.center_id, memberships__is_active=True
        ).order_by("username")


def lead_actions(lead: Lead, user) -> list[dict]:
    if lead.status != LeadStatus.NEW or not has_role(user, lead.center_id, *services.TRIAGE_ROLES):
        return []
    return [
        {"name": "to_topic", "label": _("转为选题"), "form": None},
        {"name": "merge", "label": _("合并"), "form": MergeForm(lead=lead)},
        {"name": "dismiss", "label": _("放弃"), "form": ReasonForm(), "danger": True},
    ]


def topic_actions(topic: Topic, user) -> list[dict]:
    if topic.status != TopicStatus.PROPOSED or not has_role(
        user, topic.center_id, *services.PLANNER_ROLES
    ):
        return []
    return [
        {"name": "approve", "label": _("批准"), "form": OpinionForm(prefix="approve")},
        {
            "name": "refuse",
            "label": _("不批准"),
            "form": OpinionForm(prefix="refuse"),
            "danger": True,
        },
    ]


def assignment_actions(assignment: Assignment, user) -> list[dict]:
    actions = []
    for name in ("dispatch", "accept", "start", "submit", "complete"):
        if services.assignment_can(assignment, user, name):
            actions.append({"name": name, "label": services.TRANSITION_LABELS[name], "form": None})
    if services.assignment_can(assignment, user, "cancel"):
        actions.append(
            {"name": "member", "label": _("添加执行人"), "form": MemberForm(assignment=assignment)}
        )
        actions.append(
            {"name": "cancel", "label": _("取消任务"), "form": ReasonForm(), "danger": True}
        )
    return actions


MODELS = {
    "lead": (Lead, "planning_leads"),
    "topic": (Topic, "planning_topics"),
    "assignment": (Assignment, "planning_assignments"),
}


@require_POST
def act(request, kind: str, pk: int, action: str):
    """Apply one transition to a lead, topic or assignment, then return to its page."""
    if kind not in MODELS:
        raise Http404
    model, url_ns = MODELS[kind]
    obj = get_record_or_404(model.objects.all(), request.user, pk=pk)
    by = request.user
    try:
        if kind == "lead":
            if action == "to_topic":
                topic = services.lead_to_topic(lead=obj, by=by)
                messages.success(request, _("已转为选题，等待审批。"))
                return redirect(reverse("planning_topics:inspect", args=[topic.pk]))
            if action == "merge":
                form = MergeForm(request.POST, lead=obj)
                if not form.is_valid():
                    raise ValidationError(_("请选择要合并到的线索。"))
                services.lead_merge(lead=obj, into=form.cleaned_data["into"], by=by)
            elif action == "dismiss":
                services.lead_dismiss(lead=obj, by=by, reason=request.POST.get("reason", ""))
            else:
                raise Http404
        elif kind == "topic":
            if action == "approve":
                services.topic_approve(
                    topic=obj, by=by, opinion=request.POST.get("approve-opinion", "")
                )
            elif action == "refuse":
                services.topic_refuse(
                    topic=obj, by=by, opinion=request.POST.get("refuse-opinion", "")
                )
            else:
                raise Http404
        elif action == "member":
            form = MemberForm(request.POST, assignment=obj)
            if not form.is_valid():
                raise ValidationError(_("请选择人员和分工。"))
            services.assignment_member_add(
                assignment=obj,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                by=by,
            )
        elif action == "cancel":
            services.assignment_cancel(assignment=obj, by=by, reason=request.POST.get("reason", ""))
        elif action in services.ASSIGNMENT_ACTIONS:
            services.ASSIGNMENT_ACTIONS[action](assignment=obj, by=by)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, _("操作成功。"))
    return redirect(reverse(f"{url_ns}:inspect", args=[pk]))


def _parse_date(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def coverage_calendar(request):
    """A week or month grid of topics, assignments and key dates."""
    center = current_center(request)
    if center is None:
        raise Http404
    mode = "week" if request.GET.get("view") == "week" else "month"
    day = _parse_date(request.GET.get("date"))
    if mode == "week":
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
        prev_day, next_day = start - dt.timedelta(days=7), start + dt.timedelta(days=7)
        title = _("%(y)d年第%(w)d周") % {"y": start.isocalendar()[0], "w": start.isocalendar()[1]}
    else:
        first = day.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        start = first - dt.timedelta(days=first.weekday())
        end = last + dt.timedelta(days=6 - last.weekday())
        prev_day = (first - dt.timedelta(days=1)).replace(day=1)
        next_day = last + dt.timedelta(days=1)
        title = _("%(y)d年%(m)d月") % {"y": first.year, "m": first.month}
    entries = calendar_entries(center=center, start=start, end=end)
    today = timezone.localdate()
    weekdays = [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")]
    weeks, week = [], []
    cursor = start
    while cursor <= end:
        week.append(
            {
                "date": cursor,
                "entries": entries.get(cursor, []),
                "today": cursor == today,
                "outside": mode == "month" and cursor.month != day.month,
                "weekday": weekdays[cursor.weekday()],
            }
        )
        if len(week) == 7:
            weeks.append(week)
            week = []
        cursor += dt.timedelta(days=1)
    return TemplateResponse(
        request,
        "planning/calendar.html",
        {
            "page_title": _("报道日历"),
            "header_title": _("报道日历"),
            "title": title,
            "mode": mode,
            "weeks": weeks,
            "weekdays": weekdays,
            "prev": prev_day.isoformat(),
            "next": next_day.isoformat(),
            "day": day.isoformat(),
            "center": center,
        },
    )


def attachment_download(request, pk: int):
    """A lead's attachment, from private storage, for staff of the lead's center only."""
    attachment = get_record_or_404(LeadAttachment.objects.all(), request.user, pk=pk)
    handle = attachment.file.open("rb")
    return FileResponse(handle, filename=attachment.file.name.rsplit("/", 1)[-1])
