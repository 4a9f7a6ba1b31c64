"""A month's scores as an Excel workbook for payroll (.xlsx)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rongmei.core.exports import xlsx_append

from .models import ScoreAdjustment, ScoreLine, ScoreMonth


def _sheet(wb, title, header, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(ws, row)  # what staff typed stays text, never a formula
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
    return ws


def month_workbook(*, score_month: ScoreMonth, results: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    _sheet(
        wb,
        _("汇总"),
        [
            _("名次"),
            _("姓名"),
            _("账号"),
            _("部门"),
            _("部门名次"),
            _("稿件与外宣得分"),
            _("调整分"),
            _("合计"),
        ],
        [
            [
                r["rank"],
                r["name"],
                r["username"],
                r["department"],
                r["department_rank"],
                float(r["items"]),
                float(r["adjustments"]),
                float(r["total"]),
            ]
            for r in results
        ],
        first=True,
    )
    names = {r["user_id"]: r["name"] for r in results}
    lines = ScoreLine.objects.filter(score_month=score_month).order_by("user_id", "date", "pk")
    _sheet(
        wb,
        _("明细"),
        [
            _("姓名"),
            _("日期"),
            _("来源"),
            _("标题"),
            _("分工"),
            _("条目分"),
            _("分配比例"),
            _("得分"),
            _("计分依据"),
        ],
        [
            [
                names.get(line.user_id, ""),
                line.date,
                line.get_source_display(),
                line.title,
                line.role,
                float(line.item_points),
                float(line.share),
                float(line.points),
                line.rule_text,
            ]
            for line in lines
        ],
    )
    adjustments = ScoreAdjustment.objects.filter(score_month=score_month).select_related("made_by")
    _sheet(
        wb,
        _("调整"),
        [_("姓名"), _("调整分"), _("理由"), _("调整人"), _("时间")],
        [
            [
                names.get(a.user_id, ""),
                float(a.points),
                a.reason,
                str(a.made_by or ""),
                a.created_at.strftime("%Y-%m-%d %H:%M"),
            ]
            for a in adjustments
        ],
    )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
