"""Staff pages of the statistics: figures and charts, Excel export, work summary,
ranking with each center's trend, and the wall screen (数据大屏).

Thin adapters over `services`, `series`, `dashboard`, `exports` and `summary`;
registered in the Wagtail admin by `wagtail_hooks.py`.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rongmei.accounts.selectors import has_role, holds_role_anywhere, request_has_role
from rongmei.core.audit import audit_record
from rongmei.core.middleware import current_center
from rongmei.core.models import AuditAction, Center
from rongmei.core.tenancy import center_for_stats_or_404, stats_center_ids

from .dashboard import chart_data, stats_dashboard, wall_data, wall_period
from .docx_template import MAX_TEMPLATE_BYTES, TEMPLATE_PATH, TemplateCheckError
from .exports import has_records, metric_choices, metric_label, stats_tables, stats_workbook
from .models import SummaryTemplate
from .series import stats_trend
from .services import (
    StatsError,
    check_period,
    parse_date,
    stats_ranking,
    summary_template_upload,
)
from .services import summary_template_reset as services_template_reset
from .staticfiles import ECHARTS
from .summary import (
    period_label,
    summary_template_active,
    summary_template_bytes,
    work_summary_build,
)

COMPARE_OPTIONS = (
    ("previous_year", "同比（上年同期）"),
    ("previous_period", "环比（上一周期）"),
    ("", "不对比"),
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def may_rank(request) -> bool:
    """Directors (in the center they work in now), city and provincial viewers (wherever
    they hold the role) and superusers see rankings."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if request_has_role(request, "director"):
        return True
    return holds_role_anywhere(user, "city_viewer", "province_viewer")


def _period(request) -> tuple[dt.date, dt.date, str]:
    """The period asked for; the current year by default. An error message, or ""."""
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    end = dt.date(today.year, 12, 31)
    try:
        if request.GET.get("start"):
            start = parse_date(request.GET["start"], label=_("开始日期"))
        if request.GET.get("end"):
            end = parse_date(request.GET["end"], label=_("结束日期"))
        check_period(start, end)
    except StatsError as exc:
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), str(exc)
    return start, end, ""


def _center(request) -> Center:
    return center_for_stats_or_404(
        request.user, request.GET.get("center") or None, current_center(request)
    )


def _compare(request) -> str:
    compare = request.GET.get("compare", "previous_year")
    return compare if compare in dict(COMPARE_OPTIONS) else "previous_year"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def stats_page(request):
    """The figures of one center for a period, as charts and tables, with export links."""
    if not stats_center_ids(request.user):
        return render(request, "reporting/stats.html", {"no_center": True})
    center = _center(request)
    start, end, error = _period(request)
    compare = _compare(request)
    board = stats_dashboard(center=center, start=start, end=end, compare=compare or None)
    doc = board.doc
    query = urlencode({"center": center.code, "start": start, "end": end, "compare": compare})
    centers = Center.objects.filter(pk__in=stats_center_ids(request.user)).order_by("code")
    return render(
        request,
        "reporting/stats.html",
        {
            "center": center,
            "centers": centers if len(centers) > 1 else [],
            "start": start,
            "end": end,
            "compare": compare,
            "compare_options": COMPARE_OPTIONS,
            "error": error,
            "label": period_label(start, end),
            "tables": stats_tables(doc, monthly=board.monthly, top=board.top),
            "has_records": has_records(doc),
            "query": query,
            "charts": chart_data(board),
            "echarts": ECHARTS,
            "may_manage_template": center.pk == getattr(current_center(request), "pk", None)
            and may_manage_template(request.user, center),
        },
    )


def stats_xlsx(request):
    center = _center(request)
    start, end, error = _period(request)
    if error:
        raise Http404(error)
    compare = _compare(request)
    board = stats_dashboard(center=center, start=start, end=end, compare=compare or None)
    tables = stats_tables(board.doc, monthly=board.monthly, top=board.top)
    only = request.GET.get("table")
    if only:
        # One table of the page ("导出此表"); an unknown name is not found.
        tables = [t for t in tables if t.key == only]
        if not tables:
            raise Http404(_("没有这张表。"))
    audit_record(
        action=AuditAction.EXPORT,
        by=request.user,
        center=center,
        verb="导出统计数据",
        changes={"start": start, "end": end, "table": only or "all"},
    )
    suffix = f"_{tables[0].title.split('（')[0]}" if only else ""
    name = f"{center.name}统计数据{suffix}_{start}_{end}.xlsx"
    return _download(stats_workbook(board.doc, tables), name, XLSX)


def work_summary_docx(request):
    center = _center(request)
    start, end, error = _period(request)
    if error:
        raise Http404(error)
    content = work_summary_build(center=center, start=start, end=end)
    audit_record(
        action=AuditAction.EXPORT,
        by=request.user,
        center=center,
        verb="生成工作总结",
        changes={"start": start, "end": end},
    )
    name = f"{center.name}{period_label(start, end)}工作总结.docx"
    return _download(content, name, DOCX)


def ranking_page(request):
    """Centers the user may see the statistics of, ranked by one figure."""
    if not may_rank(request):
        raise PermissionDenied
    start, end, error = _period(request)
    choices = metric_choices()
    metric = request.GET.get("metric") or "outreach.adoptions"
    if metric not in dict(choices):
        metric = "outreach.adoptions"
    centers = list(Center.objects.filter(pk__in=stats_center_ids(request.user)).order_by("code"))
    rows = stats_ranking(centers=centers, start=start, end=end, metric=metric)
    # The trend lists the centers in ranking order, so the legend reads like the table.
    by_code = {c.code: c for c in centers}
    trend = stats_trend(
        centers=[by_code[r["center"]] for r in rows], start=start, end=end, metric=metric
    )
    trend["metric_label"] = metric_label(metric)
    return render(
        request,
        "reporting/ranking.html",
        {
            "start": start,
            "end": end,
            "error": error,
            "metric": metric,
            "metric_label": metric_label(metric),
            "choices": choices,
            "rows": rows,
            "has_records": any(r["value"] for r in rows),
            "label": period_label(start, end),
            "trend": trend,
            "echarts": ECHARTS,
        },
    )


def _wall_request(request) -> tuple[Center, dt.date, dt.date, str]:
    """The wall screen's center and period: the year so far unless dates are given."""
    center = _center(request)
    start, end = wall_period(timezone.localdate())
    error = ""
    if request.GET.get("start") or request.GET.get("end"):
        start, end, error = _period(request)
    return center, start, end, error


def _wall_payload(center: Center, start: dt.date, end: dt.date) -> dict:
    data = wall_data(center=center, start=start, end=end)
    data["label"] = period_label(start, end)
    data["updated"] = timezone.localtime().strftime("%H:%M:%S")
    return data


def wall_page(request):
    """The wall screen (数据大屏): big figures and charts of one center, dark, full screen.

    It fetches `wall_data_json` every minute, so it can stay open on a screen all day.
    """
    if not stats_center_ids(request.user):
        raise PermissionDenied
    center, start, end, error = _wall_request(request)
    params = {"center": center.code}
    if request.GET.get("start") or request.GET.get("end"):
        params.update({"start": start, "end": end})
    data = _wall_payload(center, start, end)
    return render(
        request,
        "reporting/wall.html",
        {
            "center": center,
            "label": period_label(start, end),
            "error": error,
            "data": data,
            "has_records": any(f["value"] for f in data["figures"])
            or any(data["monthly"]["published"]),
            "data_query": urlencode(params),
            "echarts": ECHARTS,
            "time_zone": settings.TIME_ZONE,
        },
    )


def wall_data_json(request):
    """The wall screen's figures and charts as JSON (what the page fetches every minute)."""
    if not stats_center_ids(request.user):
        raise PermissionDenied
    center, start, end, error = _wall_request(request)
    if error:
        return JsonResponse({"detail": error}, status=400)
    return JsonResponse(
        _wall_payload(center, start, end), json_dumps_params={"ensure_ascii": False}
    )


# ---------------------------------------------------------------------------
# The center's own Word template of the work summary

TEMPLATE_ROLES = ("director", "administrator", "chief_editor")


class SummaryTemplateForm(forms.Form):
    file = forms.FileField(
        label=_("模板文件（.docx）"),
        help_text=_("不超过 %(limit)s MB。") % {"limit": MAX_TEMPLATE_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


def may_manage_template(user, center: Center | None) -> bool:
    """Directors, administrators and chief editors of the center (and superusers)."""
    return center is not None and has_role(user, center, *TEMPLATE_ROLES)


def _template_center(request) -> Center:
    center = current_center(request)
    if center is None:
        raise Http404
    if not may_manage_template(request.user, center):
        raise PermissionDenied
    return center


def summary_template_page(request):
    """Which template the center's summaries use; upload its own, or go back to the default."""
    center = _template_center(request)
    form = SummaryTemplateForm()
    if request.method == "POST":
        form = SummaryTemplateForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_TEMPLATE_BYTES:
                form.add_error(
                    "file",
                    _("模板文件过大，不能超过 %(limit)s MB。")
                    % {"limit": MAX_TEMPLATE_BYTES // 1024 // 1024},
                )
            else:
                try:
                    summary_template_upload(
                        by=request.user, center=center, filename=upload.name, content=upload.read()
                    )
                except TemplateCheckError as exc:
                    form.add_error("file", str(exc))
                else:
                    messages.success(request, _("已启用新的工作总结模板。"))
                    return redirect("reporting_summary_template")
    history = list(SummaryTemplate.objects.filter(center=center).select_related("uploaded_by")[:10])
    return render(
        request,
        "reporting/summary_template.html",
        {
            "center": center,
            "form": form,
            "active": next((t for t in history if t.is_active), None),
            "history": history,
            "page_title": _("工作总结模板"),
            "header_title": _("工作总结模板"),
        },
    )


def summary_template_default(request):
    """The project's template, to start the center's own from."""
    _template_center(request)
    return _download(TEMPLATE_PATH.read_bytes(), "工作总结默认模板.docx", DOCX)


def summary_template_current(request):
    """The template the center's summaries are written with now."""
    center = _template_center(request)
    active = summary_template_active(center=center)
    name = active.filename if active else "工作总结默认模板.docx"
    return _download(summary_template_bytes(center=center), name, DOCX)


@require_POST
def summary_template_reset(request):
    center = _template_center(request)
    if services_template_reset(by=request.user, center=center):
        messages.success(request, _("已恢复使用默认模板。"))
    return redirect("reporting_summary_template")
