"""The rundown (串联单) as a CSV for Excel and as a prompter PDF (提词稿)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from rongmei.core.exports import csv_row

from .models import Episode, RundownItem

PROMPTER_FONT = "STSong-Light"  # reportlab's built-in CJK CID font: no font file needed


def duration_text(seconds: int) -> str:
    """`m:ss`, or `h:mm:ss` from an hour."""
    seconds = int(seconds or 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def rundown_csv(*, episode: Episode, items: Sequence[RundownItem]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("序号"), _("类型"), _("标题"), _("时长"), _("时长（秒）"), _("口播/导语"), _("稿件")]
    )
    for item in items:
        # Titles and notes are typed by staff: no cell may be a formula (core.exports).
        writer.writerow(
            csv_row(
                [
                    item.position,
                    item.get_kind_display(),
                    item.title,
                    duration_text(item.duration_seconds),
                    item.duration_seconds,
                    item.presenter_notes,
                    item.story.title if item.story_id and item.story else "",
                ]
            )
        )
    total = sum(i.duration_seconds for i in items)
    writer.writerow(["", "", _("合计"), duration_text(total), total, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _paragraphs(text: str, style) -> list:
    from reportlab.platypus import Paragraph

    return [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]


def prompter_pdf(*, episode: Episode, items: Sequence[RundownItem], compress: bool = True) -> bytes:
    """A prompter script: large type, one item a page (title, duration, presenter notes,
    script). `compress=False` leaves the page streams readable (for tests)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    if PROMPTER_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PROMPTER_FONT))
    base = {"fontName": PROMPTER_FONT, "wordWrap": "CJK"}
    head = ParagraphStyle("head", fontSize=14, leading=20, textColor="#555555", **base)
    title = ParagraphStyle("title", fontSize=30, leading=40, spaceAfter=8, **base)
    label = ParagraphStyle(
        "label", fontSize=14, leading=20, textColor="#8a1c1c", spaceBefore=10, **base
    )
    notes = ParagraphStyle("notes", fontSize=26, leading=40, spaceAfter=6, **base)
    script = ParagraphStyle("script", fontSize=24, leading=38, spaceAfter=6, **base)

    heading = f"{episode.programme.name} {episode.date:%Y-%m-%d}"
    story: list = []
    if not items:
        story.append(Paragraph(escape(heading), head))
        story.append(Paragraph(escape(_("本期串联单没有条目。")), title))
    for n, item in enumerate(items):
        if n:
            story.append(PageBreak())
        meta = _("%(heading)s · 第%(pos)s条 / 共%(count)s条 · %(kind)s · 时长 %(duration)s") % {
            "heading": heading,
            "pos": item.position,
            "count": len(items),
            "kind": item.get_kind_display(),
            "duration": duration_text(item.duration_seconds),
        }
        story.append(Paragraph(escape(meta), head))
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(escape(item.title), title))
        if item.presenter_notes.strip():
            story.append(Paragraph(escape(_("【口播/导语】")), label))
            story += _paragraphs(item.presenter_notes, notes)
        if item.script.strip():
            story.append(Paragraph(escape(_("【稿本】")), label))
            story += _paragraphs(item.script, script)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("提词稿 %(heading)s") % {"heading": heading},
        pageCompression=1 if compress else 0,
    )
    doc.build(story)
    return buffer.getvalue()
