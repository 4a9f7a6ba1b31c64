"""The review sheet (审签单) as a PDF, for filing and printing where a browser is not at hand.

Set in reportlab's built-in CID font STSong-Light (宋体), which every PDF reader carries:
no font file is shipped or embedded.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle("rm-body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "body": body,
        "head": ParagraphStyle("rm-head", parent=body, fontSize=10.5, textColor=colors.black),
        "title": ParagraphStyle(
            "rm-title", parent=body, fontSize=20, leading=28, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("rm-center", parent=body, alignment=TA_CENTER),
        "h2": ParagraphStyle("rm-h2", parent=body, fontSize=12.5, leading=20, spaceBefore=8),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(
        escape(str(text if text not in (None, "") else "—")).replace("\n", "<br/>"), style
    )


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
]


def review_sheet_pdf(sheet: dict[str, Any], *, compress: bool = True) -> bytes:
    """The sheet (`selectors.review_sheet`) as PDF bytes: the story, every step, the
    sign-off and the corrections. `compress=False` leaves the page streams readable."""
    st = _styles()
    story = sheet["story"]
    width = A4[0] - 36 * mm - 12  # the frame's own padding, 6pt a side
    head = colors.HexColor("#f0f0f0")

    authors = "、".join(f"{a.user}（{a.get_role_display()}）" for a in sheet["authors"]) or "—"
    versions = (
        "、".join(f"{v.get_kind_display()}（{v.get_status_display()}）" for v in sheet["versions"])
        or "—"
    )
    genre = story.get_genre_display() + (_("（原创）") if story.is_original else "")
    info = Table(
        [
            [_p(_("标题"), st["head"]), _p(story.title, st["body"]), "", ""],
            [
                _p(_("体裁"), st["head"]),
                _p(genre, st["body"]),
                _p(_("状态"), st["head"]),
                _p(story.get_stage_display(), st["body"]),
            ],
            [_p(_("作者"), st["head"]), _p(authors, st["body"]), "", ""],
            [_p(_("渠道版本"), st["head"]), _p(versions, st["body"]), "", ""],
        ],
        colWidths=[22 * mm, width / 2 - 22 * mm, 22 * mm, width / 2 - 22 * mm],
    )
    info.setStyle(
        TableStyle(
            [
                *GRID,
                ("SPAN", (1, 0), (3, 0)),
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 3), (3, 3)),
                ("BACKGROUND", (0, 0), (0, -1), head),
                ("BACKGROUND", (2, 1), (2, 1), head),
            ]
        )
    )

    rows = [[_p(h, st["head"]) for h in (_("环节"), _("审核人"), _("时间"), _("结果"), _("意见"))]]
    for r in sheet["records"]:
        rows.append(
            [
                _p(r.level, st["body"]),
                _p(r.by, st["body"]),
                _p(_when(r.created_at), st["body"]),
                _p(r.get_action_display(), st["body"]),
                _p(r.opinion, st["body"]),
            ]
        )
    if len(rows) == 1:
        rows.append([_p(_("尚未送审。"), st["body"]), "", "", "", ""])
    steps = Table(
        rows,
        colWidths=[19 * mm, 32 * mm, 29 * mm, 22 * mm, width - 102 * mm],
        repeatRows=1,
    )
    step_style = [*GRID, ("BACKGROUND", (0, 0), (-1, 0), head)]
    if not sheet["records"]:
        step_style.append(("SPAN", (0, 1), (-1, 1)))
    steps.setStyle(TableStyle(step_style))

    sign_off = sheet.get("sign_off")
    sign = Table(
        [
            [
                _p(
                    _("签发人：%(who)s") % {"who": sign_off.by if sign_off else "＿＿＿＿＿＿"},
                    st["body"],
                ),
                _p(
                    _("签发时间：%(when)s")
                    % {"when": _when(sign_off.created_at) if sign_off else "＿＿＿＿＿＿"},
                    st["body"],
                ),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)]))

    flow: list[Any] = [
        _p(_("稿件审签单"), st["title"]),
        _p(story.center.name, st["center"]),
        Spacer(1, 4 * mm),
        info,
        Spacer(1, 4 * mm),
        steps,
    ]
    corrections = sheet.get("corrections") or []
    if corrections:
        rows = [[_p(h, st["head"]) for h in (_("时间"), _("更正人"), _("更正理由"), _("更正说明"))]]
        for c in corrections:
            rows.append(
                [
                    _p(_when(c.created_at), st["body"]),
                    _p(c.by, st["body"]),
                    _p(c.reason, st["body"]),
                    _p(c.note, st["body"]),
                ]
            )
        table = Table(rows, colWidths=[29 * mm, 32 * mm, 40 * mm, width - 101 * mm], repeatRows=1)
        table.setStyle(TableStyle([*GRID, ("BACKGROUND", (0, 0), (-1, 0), head)]))
        flow += [_p(_("更正记录"), st["h2"]), Spacer(1, 2 * mm), table]
    flow += [Spacer(1, 10 * mm), sign]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{_('稿件审签单')} · {story.title}",
        author=story.center.name,
        pageCompression=1 if compress else 0,
        invariant=1,
    )
    doc.build(flow)
    return buffer.getvalue()
