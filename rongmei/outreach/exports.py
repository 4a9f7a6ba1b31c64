"""The outreach board as an Excel workbook (.xlsx)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from rongmei.core.exports import xlsx_append
from rongmei.core.models import Center

HEADLINE_FILL = PatternFill("solid", fgColor="FFF2CC")


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


def board_workbook(*, center: Center, start: dt.date, end: dt.date, data: dict[str, Any]) -> bytes:
    wb = Workbook()
    totals = data["totals"]
    _sheet(
        wb,
        _("汇总"),
        [_("项目"), _("数量")],
        [
            [_("融媒体中心"), center.name],
            [_("时段"), f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"],
            [_("报送稿件"), data["submission_count"]],
            [_("报送媒体次数"), data["target_count"]],
            [_("采用"), totals["adoptions"]],
            [_("头版"), totals["front_page"]],
            [_("头版头条"), totals["front_page_headline"]],
            *[[_("采用·%(level)s") % {"level": label}, n] for _v, label, n in data["by_level"]],
        ],
        first=True,
    )
    ws = _sheet(
        wb,
        _("采用明细"),
        [
            _("刊播日期"),
            _("媒体"),
            _("上级媒体"),
            _("级别"),
            _("标题"),
            _("栏目或版面"),
            _("版面位置"),
            _("作者"),
            _("链接"),
        ],
        [
            [
                a.date,
                a.outlet.name,
                a.outlet.parent.name if a.outlet.parent else "",
                a.outlet.get_level_display(),
                a.title,
                a.programme,
                a.get_placement_display(),
                a.authors,
                a.url,
            ]
            for a in data["adoptions"]
        ],
    )
    for i, a in enumerate(data["adoptions"], start=2):
        if a.placement == "front_page_headline":
            for cell in ws[i]:
                cell.fill = HEADLINE_FILL
    _sheet(
        wb,
        _("按媒体"),
        [_("媒体"), _("上级媒体"), _("级别"), _("采用（含下级）"), _("头版"), _("头版头条")],
        [
            [
                r["outlet"],
                r["parent"] or "",
                r["level"],
                r["adoptions"],
                r["front_page"],
                r["front_page_headline"],
            ]
            for r in data["by_outlet"]
        ],
    )
    _sheet(
        wb,
        _("报送"),
        [_("报送日期"), _("标题"), _("报送人"), _("方式"), _("媒体"), _("结果")],
        [
            [
                s.date,
                s.title,
                str(s.submitted_by or ""),
                s.get_method_display(),
                t.outlet.name,
                t.get_outcome_display(),
            ]
            for s in data["submissions"]
            for t in s.targets.all()
        ],
    )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
