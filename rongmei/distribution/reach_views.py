"""Admin pages of reach and audience (发布与节目 › 传播数据导入 / 用户增长).

Importing platforms' exports of reach figures, the import history and each import's
unmatched rows, a publication's figures day by day, and the channels' audience growth
over a chosen period with its own import. Every page works in the current center: a
record of another center is not found (404).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rongmei.accounts.selectors import has_role
from rongmei.core.middleware import current_center
from rongmei.core.tenancy import record_center_ids

from .audience import COLUMNS as AUDIENCE_COLUMNS
from .audience import MAX_DAYS, audience_growth, audience_import, audience_series
from .models import Channel, Publication, PublicationFigure, ReachImport
from .reach import FIELD_LABELS, FIELDS, LAYOUT_CHOICES, LAYOUTS, MAPPING, layout_label, max_bytes
from .reach import reach_import as reach_import_service
from .services import FIGURE_NAMES

REACH_ROLES = (
    "channel_operator",
    "editor",
    "desk_head",
    "chief_editor",
    "director",
    "administrator",
)
HISTORY_PAGE_SIZE = 50
FIGURES_SHOWN = 400  # days of a publication's series on its page


def can_work(user, center) -> bool:
    """Whether `user` may import and read reach and audience figures of `center`."""
    if center is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return center.pk in record_center_ids(user) and has_role(user, center, *REACH_ROLES)


def _center_or_403(request):
    center = current_center(request)
    if not can_work(request.user, center):
        raise PermissionDenied
    return center


def _page(request, template, title, icon, **context):
    return render(
        request,
        template,
        {"page_title": title, "header_title": title, "header_icon": icon, **context},
    )


# ---------------------------------------------------------------------------
# Forms


class ChannelField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_platform_display()}）"


class ReachImportForm(forms.Form):
    channel = ChannelField(label=gettext_lazy("渠道"), queryset=Channel.objects.none())
    layout = forms.ChoiceField(
        label=gettext_lazy("表格格式"),
        choices=LAYOUT_CHOICES,
        help_text=gettext_lazy("其他平台的导出表请选“其他平台”，并在下方填写各列的表头名称。"),
    )
    date = forms.DateField(
        label=gettext_lazy("数据日期"),
        help_text=gettext_lazy("导出表中的数据截至哪一天（默认今天）。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label=gettext_lazy("导出文件"),
        help_text=gettext_lazy(
            "平台后台导出的 Excel 工作簿（.xlsx）或 .csv 文件；旧版 .xls 请先另存为 .xlsx。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(
            center=center, is_active=True
        ).order_by("platform", "name")
        for name in FIELDS:
            self.fields[f"map_{name}"] = forms.CharField(
                label=FIELD_LABELS[name],
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"placeholder": _("表头名称")}),
            )

    def mapping_fields(self):
        return [self[f"map_{name}"] for name in FIELDS]

    def main_fields(self):
        return [self[name] for name in ("channel", "layout", "date", "file")]

    def clean(self):
        data = super().clean()
        if data.get("layout") == MAPPING and not (data.get("map_title") or "").strip():
            self.add_error("map_title", _("选择“其他平台”时，请填写标题列的表头名称。"))
        return data

    def mapping(self) -> dict[str, str] | None:
        if self.cleaned_data["layout"] != MAPPING:
            return None
        return {name: self.cleaned_data.get(f"map_{name}", "") for name in FIELDS}


class AudienceImportForm(forms.Form):
    channel = ChannelField(label=gettext_lazy("渠道"), queryset=Channel.objects.none())
    file = forms.FileField(
        label=gettext_lazy("用户数据文件"),
        help_text=gettext_lazy(
            "每天一行：日期列（如“时间”）和累计关注数、访问量列（如微信公众号“用户分析”导出表的"
            "“累积关注人数”）；.xlsx 或 .csv。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(center=center).order_by(
            "platform", "name"
        )


# ---------------------------------------------------------------------------
# Reach import


def reach_import_view(request):
    center = _center_or_403(request)
    errors = []
    if request.method == "POST":
        form = ReachImportForm(request.POST, request.FILES, center=center)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = reach_import_service(
                by=request.user,
                center=center,
                channel=form.cleaned_data["channel"],
                file=upload.file,
                filename=upload.name,
                layout=form.cleaned_data["layout"],
                date=form.cleaned_data["date"],
                mapping=form.mapping(),
            )
            if result.ok:
                url = reverse("reach:import_detail", args=[result.record.pk])
                return redirect(f"{url}?date={form.cleaned_data['date']:%Y-%m-%d}")
            errors = result.errors
    else:
        initial = {"date": timezone.localdate(), "layout": "wechat"}
        channel_id = request.GET.get("channel", "")
        if channel_id.isdigit():
            initial["channel"] = channel_id
        form = ReachImportForm(initial=initial, center=center)
    return _page(
        request,
        "distribution/reach/import.html",
        _("传播数据导入"),
        "upload",
        form=form,
        errors=errors,
        center=center,
        layouts=[
            (
                layout.label,
                [(FIELD_LABELS[f], "、".join(names)) for f, names in layout.columns.items()],
            )
            for layout in LAYOUTS.values()
        ],
        limit=f"{max_bytes() / 1024 / 1024:.0f} MB",
    )


def reach_import_detail(request, pk):
    center = _center_or_403(request)
    record = get_object_or_404(
        ReachImport.objects.select_related("channel", "imported_by"), pk=pk, center=center
    )
    shown_date = None
    with contextlib.suppress(ValueError):
        shown_date = dt.date.fromisoformat(request.GET.get("date", ""))
    return _page(
        request,
        "distribution/reach/import_detail.html",
        _("导入结果：%(name)s") % {"name": record.file_name},
        "upload",
        record=record,
        layout=layout_label(record.layout),
        unmatched_count=len(record.unmatched),
        shown_date=shown_date,
        figure_names=FIGURE_NAMES,
    )


def reach_import_list(request):
    center = _center_or_403(request)
    imports = (
        ReachImport.objects.filter(center=center)
        .select_related("channel", "imported_by")
        .defer("unmatched")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(imports, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
    for record in page:
        record.layout_name = layout_label(record.layout)
        record.unmatched_count = record.rows - record.matched
    return _page(
        request,
        "distribution/reach/import_list.html",
        _("传播数据导入记录"),
        "history",
        page=page,
    )


# ---------------------------------------------------------------------------
# A publication's reach


def publication_reach(request, pk):
    center = _center_or_403(request)
    publication = get_object_or_404(
        Publication.objects.select_related("channel"), pk=pk, center=center
    )
    figures = list(
        PublicationFigure.objects.filter(publication=publication)
        .order_by("-date")
        .values("date", "source", *FIGURE_NAMES)[:FIGURES_SHOWN]
    )
    figures.reverse()
    sources = dict(PublicationFigure._meta.get_field("source").choices)
    for row in figures:
        row["source_label"] = sources.get(row["source"], row["source"])
    chart = {
        "dates": [f["date"].isoformat() for f in figures],
        # Views run far above the rest: likes, shares and comments get the right axis.
        "axes": [{"name": _("阅读/播放")}, {"name": _("互动")}],
        "series": [
            {
                "name": str(PublicationFigure._meta.get_field(n).verbose_name),
                "data": [f[n] for f in figures],
                "axis": 0 if n == "views" else 1,
            }
            for n in FIGURE_NAMES
        ],
    }
    return _page(
        request,
        "distribution/reach/publication.html",
        _("传播数据：%(title)s") % {"title": publication.title},
        "view",
        publication=publication,
        figures=figures,
        chart=chart,
    )


# ---------------------------------------------------------------------------
# Audience


def _period(request) -> tuple[dt.date, dt.date, str]:
    today = timezone.localdate()
    default = (today - dt.timedelta(days=29), today)
    try:
        start = dt.date.fromisoformat(request.GET.get("start") or default[0].isoformat())
        end = dt.date.fromisoformat(request.GET.get("end") or default[1].isoformat())
    except ValueError:
        return *default, _("日期格式有误，已改为显示最近 30 天。")
    if start > end:
        return *default, _("开始日期晚于结束日期，已改为显示最近 30 天。")
    if (end - start).days >= MAX_DAYS:
        return *default, _("时段最长三年，已改为显示最近 30 天。")
    return start, end, ""


def audience_view(request):
    center = _center_or_403(request)
    start, end, error = _period(request)
    channels = list(Channel.objects.filter(center=center).order_by("platform", "name"))
    channel = None
    channel_id = request.GET.get("channel", "")
    if channel_id:
        channel = next((c for c in channels if str(c.pk) == channel_id), None)
        if channel is None:
            raise Http404
    growth = audience_growth(center=center, channel=channel, start=start, end=end)
    platforms = dict(Channel._meta.get_field("platform").choices)
    for row in growth:
        row["platform_label"] = platforms.get(row["platform"], row["platform"])
    series, chart = [], None
    if channel is not None:
        series = audience_series(center=center, channel=channel, start=start, end=end)
        chart = {
            "dates": [r["date"].isoformat() for r in series],
            # Followers are large totals, visits small daily counts: one axis each.
            "axes": [{"name": _("关注数"), "scale": True}, {"name": _("访问量")}],
            "series": [
                {"name": _("关注数"), "data": [r["followers"] for r in series]},
                {"name": _("访问量"), "data": [r["visits"] for r in series], "axis": 1},
            ],
        }
    return _page(
        request,
        "distribution/reach/audience.html",
        _("用户增长"),
        "group",
        channels=channels,
        channel=channel,
        start=start,
        end=end,
        error=error,
        growth=growth,
        series=series,
        chart=chart,
    )


def audience_import_view(request):
    center = _center_or_403(request)
    result = None
    if request.method == "POST":
        form = AudienceImportForm(request.POST, request.FILES, center=center)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = audience_import(
                by=request.user,
                center=center,
                channel=form.cleaned_data["channel"],
                file=upload.file,
                filename=upload.name,
            )
            result.channel = form.cleaned_data["channel"]
    else:
        initial = {}
        channel_id = request.GET.get("channel", "")
        if channel_id.isdigit():
            initial["channel"] = channel_id
        form = AudienceImportForm(initial=initial, center=center)
    return _page(
        request,
        "distribution/reach/audience_import.html",
        _("用户数据导入"),
        "upload",
        form=form,
        result=result,
        center=center,
        columns=[
            (label, "、".join(AUDIENCE_COLUMNS[key]))
            for key, label in (
                ("date", _("日期")),
                ("followers", _("关注数")),
                ("visits", _("访问量")),
            )
        ],
        limit=f"{max_bytes() / 1024 / 1024:.0f} MB",
    )
