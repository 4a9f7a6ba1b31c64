"""Staff pages of scoring (稿分): the month with its ranking, one person's breakdown,
grading stories, adjustments, closing, and the payroll export. Thin adapters over
`services` and `selectors`; registered by `wagtail_hooks.py`."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rongmei.accounts.selectors import has_role, roles_of
from rongmei.core.audit import audit_record
from rongmei.core.middleware import current_center
from rongmei.core.models import AuditAction
from rongmei.core.roles import Role
from rongmei.core.tenancy import record_center_ids

from . import selectors, services
from .exports import month_workbook
from .forms import AdjustmentForm, GradeForm, parse_month
from .models import Grade, MonthStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEW_ALL_ROLES = services.VIEW_ALL_ROLES


def _center(request):
    center = current_center(request)
    if center is None:
        raise Http404
    return center


def may_view_all(user, center) -> bool:
    return has_role(user, center, *VIEW_ALL_ROLES)


def _month_url(name: str, month, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None) + f"?month={month:%Y-%m}"


def _errors(request, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def month_page(request):
    center = _center(request)
    month = parse_month(request.GET.get("month"))
    if not may_view_all(request.user, center):
        if not record_center_ids(request.user) or center.pk not in record_center_ids(request.user):
            raise PermissionDenied
        return redirect(_month_url("scoring_person", month, user_id=request.user.pk))
    score_month = selectors.month_get(center=center, month=month)
    results = selectors.month_results(score_month=score_month) if score_month else []
    if request.GET.get("export") == "xlsx":
        if score_month is None:
            raise Http404
        audit_record(
            action=AuditAction.EXPORT,
            by=request.user,
            obj=score_month,
            verb=_("导出月度稿分"),
            changes={"rows": len(results)},
        )
        response = HttpResponse(
            month_workbook(score_month=score_month, results=results), content_type=XLSX
        )
        name = f"稿分-{center.code}-{month:%Y%m}.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    roles = roles_of(request.user, center)
    is_director = request.user.is_superuser or Role.DIRECTOR in roles
    rule = score_month.rule if score_month and score_month.rule else None
    if rule is None:
        rule = selectors.rule_for_month(center=center, month=month)
    return TemplateResponse(
        request,
        "scoring/month.html",
        {
            "page_title": _("月度稿分"),
            "header_title": _("月度稿分"),
            "header_icon": "list-ol",
            "center": center,
            "month": month,
            "score_month": score_month,
            "closed": bool(score_month and score_month.status == MonthStatus.CLOSED),
            "results": results,
            "departments": selectors.department_totals(results),
            "rule": rule,
            "may_compute": is_director or Role.CHIEF_EDITOR in roles,
            "is_director": is_director,
            "may_grade": is_director or Role.CHIEF_EDITOR in roles,
            "adjust_form": AdjustmentForm(center=center) if is_director else None,
        },
    )


def person_page(request, user_id: int):
    center = _center(request)
    month = parse_month(request.GET.get("month"))
    if user_id != request.user.pk and not may_view_all(request.user, center):
        raise PermissionDenied
    from rongmei.accounts.models import Membership

    membership = (
        Membership.objects.filter(center=center, user_id=user_id)
        .select_related("user", "department")
        .first()
    )
    if membership is None:
        raise Http404
    score_month = selectors.month_get(center=center, month=month)
    detail = (
        selectors.person_lines(score_month=score_month, user_id=user_id) if score_month else None
    )
    return TemplateResponse(
        request,
        "scoring/person.html",
        {
            "page_title": _("个人稿分"),
            "header_title": _("个人稿分"),
            "header_icon": "user",
            "person": membership.user,
            "department": membership.department,
            "month": month,
            "score_month": score_month,
            "detail": detail,
            "back": may_view_all(request.user, center),
        },
    )


@require_POST
def month_act(request, action: str):
    center = _center(request)
    month = parse_month(request.POST.get("month"))
    try:
        if action == "compute":
            services.scoring_month_compute(center=center, month=month, by=request.user)
            messages.success(request, _("已按记录重新计算本月稿分。"))
        elif action == "close":
            services.scoring_month_close(center=center, month=month, by=request.user)
            messages.success(request, _("本月稿分已结账。"))
        elif action == "adjust":
            form = AdjustmentForm(request.POST, center=center)
            if not form.is_valid():
                raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
            services.scoring_adjust(
                by=request.user, center=center, month=month, **form.cleaned_data
            )
            messages.success(request, _("已记录稿分调整。"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(_month_url("scoring_month", month))


def grades_page(request):
    center = _center(request)
    month = parse_month(request.GET.get("month") or request.POST.get("month"))
    if not has_role(request.user, center, *services.GRADE_ROLES):
        raise PermissionDenied
    if request.method == "POST":
        from rongmei.newsroom.models import Story

        story = Story.objects.filter(center=center, pk=request.POST.get("story")).first()
        form = GradeForm(request.POST)
        if story is None:
            raise Http404
        if form.is_valid():
            try:
                services.story_grade_set(
                    by=request.user, story=story, grade=form.cleaned_data["grade"]
                )
                messages.success(request, _("已评定原创等级：%(title)s。") % {"title": story.title})
            except (ValidationError, PermissionDenied) as exc:
                _errors(request, exc)
        return redirect(_month_url("scoring_grades", month))
    return TemplateResponse(
        request,
        "scoring/grades.html",
        {
            "page_title": _("原创等级评定"),
            "header_title": _("原创等级评定"),
            "header_icon": "tick",
            "month": month,
            "stories": selectors.stories_signed_off(center=center, month=month),
            "grades": Grade.choices,
            "closed": selectors.month_is_closed(center=center, month=month),
        },
    )
