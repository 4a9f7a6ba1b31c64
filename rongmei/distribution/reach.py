"""Importing the reach figures (阅读/播放、点赞、转发、评论) that platforms export.

A platform's own spreadsheet (an .xlsx workbook or a .csv file) lists one publication
per row. Each row is matched to a publication of the chosen channel and its figures are
recorded as that publication's `PublicationFigure` for the day the operator names
(source "import"); the publication's totals follow through
`services.publication_figures_record`.

Decided here:

- **Layouts.** `wechat` (公众号后台 › 数据分析 › 内容分析 / 图文分析 exports) and `douyin`
  (抖音创作者服务中心 › 作品数据 exports) find their columns by header name. The
  platforms rename their columns from time to time and we could not confirm every
  current header against a real export, so each column accepts the usual synonyms
  listed in `LAYOUTS` (e.g. 内容标题/文章标题/标题; 阅读次数/阅读量/阅读人数;
  点赞次数/点赞人数/在看次数). `mapping` lets the operator name the header of each
  column for any other platform; nothing of the mapping is stored but the
  `ReachImport` record. The header row is looked for in the first `HEADER_SCAN_ROWS`
  rows, since exports often start with a title line.
- **Cells.** Numbers may be written `1,234`, `1.2万` or `10万+` (WeChat caps its display
  at 10万+); an empty cell, `-` or `--` leaves that figure as it was. Dates may be
  dates or date-times, Excel serials, `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY年M月D日` or
  `YYYYMMDD`, with an optional time.
- **All or nothing.** Every row is read first. A bad number, a negative figure, a bad
  date or a missing title refuses the whole file with one Chinese message per problem
  (row as the spreadsheet numbers it, column as the file spells it); nothing is
  written, not even the `ReachImport` record. Rows titled 合计/总计/汇总 are totals and
  skipped.
- **Matching**, within the channel only: by URL (fragment and trailing slash ignored)
  or platform id (`Publication.ref`) first, else by exact title and publication date.
  A row that fits two publications, or whose URL/id and title/date lead nowhere, is
  *unmatched*, with the reason, and listed for the operator (`ReachImport.unmatched`);
  unmatched rows are not errors. Two rows of one file never update one publication:
  the later is unmatched. Imports never create publications.
- **Idempotent.** A figure already stored with the same values is left untouched, so
  importing the same file twice changes no figure (each upload is still listed in the
  import history). One audit entry per import, with its counts.
- **Limits.** `RONGMEI_REACH_MAX_BYTES` (10 MB by default); old .xls files are refused
  with a request to save them as .xlsx; CSV files may be UTF-8 or GB18030 (GBK), as
  Chinese Excel saves them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rongmei.core import cells, sheets
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center
from rongmei.core.sheets import RefusedError

from .models import Channel, FigureSource, Publication, PublicationFigure, ReachImport
from .services import FIGURE_NAMES, publication_figures_record

if TYPE_CHECKING:
    from rongmei.accounts.models import User

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HEADER_SCAN_ROWS = 20
MAX_ERRORS = 200  # a file with more problems is listed up to here
TOTAL_TITLES = frozenset({"合计", "总计", "汇总", "总计：", "合计："})

FIELDS = ("title", "date", "url", "ref", *FIGURE_NAMES)
FIELD_LABELS = {
    "title": gettext_lazy("标题"),
    "date": gettext_lazy("发布日期"),
    "url": gettext_lazy("链接"),
    "ref": gettext_lazy("平台编号"),
    "views": gettext_lazy("阅读/播放"),
    "likes": gettext_lazy("点赞"),
    "shares": gettext_lazy("转发/分享"),
    "comments": gettext_lazy("评论/留言"),
}


@dataclass(frozen=True)
class Layout:
    code: str
    label: str
    # field → accepted header names, most specific first
    columns: dict[str, tuple[str, ...]]


LAYOUTS: dict[str, Layout] = {
    "wechat": Layout(
        "wechat",
        gettext_lazy("微信公众号（图文分析导出）"),
        {
            "title": ("内容标题", "文章标题", "图文标题", "标题"),
            "date": ("发表时间", "发布时间", "群发时间", "发表日期", "发布日期", "日期"),
            "url": ("文章链接", "内容链接", "原文链接", "链接", "URL"),
            "ref": ("文章ID", "内容ID", "消息ID", "msgid", "图文ID"),
            "views": (
                "阅读次数",
                "图文阅读次数",
                "总阅读次数",
                "阅读量",
                "阅读数",
                "阅读人数",
                "图文阅读人数",
            ),
            "likes": ("点赞次数", "点赞人数", "点赞数", "点赞", "在看次数", "在看人数", "在看"),
            "shares": ("分享次数", "分享人数", "转发次数", "分享数", "转发数", "分享"),
            "comments": ("留言次数", "留言人数", "留言数", "留言", "评论数", "评论次数", "评论"),
        },
    ),
    "douyin": Layout(
        "douyin",
        gettext_lazy("抖音（作品数据导出）"),
        {
            "title": ("作品名称", "视频标题", "作品标题", "作品描述", "视频描述", "标题"),
            "date": ("发布时间", "发布日期", "创建时间", "日期"),
            "url": ("视频链接", "作品链接", "分享链接", "链接"),
            "ref": ("作品ID", "视频ID", "作品id", "item_id", "aweme_id"),
            "views": ("播放量", "播放次数", "播放数", "总播放量"),
            "likes": ("点赞量", "点赞数", "点赞次数", "点赞"),
            "shares": ("分享量", "分享数", "分享次数", "转发量", "转发数"),
            "comments": ("评论量", "评论数", "评论次数", "评论"),
        },
    ),
}
MAPPING = "mapping"
LAYOUT_CHOICES = [
    *[(code, layout.label) for code, layout in LAYOUTS.items()],
    (MAPPING, gettext_lazy("其他平台（自行指定列名）")),
]


def layout_label(code: str) -> str:
    return str(dict(LAYOUT_CHOICES).get(code, code))


# ---------------------------------------------------------------------------
# Reading the file


def max_bytes() -> int:
    return int(getattr(settings, "RONGMEI_REACH_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_rows(file: IO[bytes], filename: str) -> list[tuple[int, tuple[Any, ...]]]:
    """Every row of the file's first non-empty sheet as (row number, cell values)."""
    kind = sheets.file_kind(filename)
    sheets.check_size(sheets.size_of(file), max_bytes())
    if kind == "csv":
        return sheets.read_csv(file, gbk=True)
    book = sheets.Workbook(file, max_bytes=max_bytes())
    try:
        return book.first_sheet_rows()
    finally:
        book.close()


# ---------------------------------------------------------------------------
# Cells


def normalize_header(value: Any) -> str:
    """A header as compared: no spaces, half-width brackets, lower case."""
    written = cells.text(value).replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", written).lower()


def normalize_url(url: str) -> str:
    url = url.strip().split("#", 1)[0]
    return url.rstrip("/")


# ---------------------------------------------------------------------------
# Parsing the rows


@dataclass
class RowError:
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return self.reason
        if self.column:
            return _("第 %(row)s 行“%(column)s”列：%(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        return _("第 %(row)s 行：%(reason)s") % {"row": self.row, "reason": self.reason}


@dataclass
class ReachRow:
    row: int
    title: str
    date: dt.date | None = None
    url: str = ""
    ref: str = ""
    figures: dict[str, int | None] = field(default_factory=dict)

    def as_json(self, reason: str) -> dict[str, Any]:
        return {
            "row": self.row,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "ref": self.ref,
            **{name: self.figures.get(name) for name in FIGURE_NAMES},
            "reason": reason,
        }


def _find_header(
    rows: Sequence[tuple[int, tuple[Any, ...]]], wanted: dict[str, tuple[str, ...]], required: str
) -> tuple[int, dict[str, tuple[int, str]]] | None:
    """The index of the header row and, per field, (column index, header as written)."""
    for index, (_number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = {
            normalize_header(v): (i, cells.text(v))
            for i, v in enumerate(values)
            if not cells.blank(v)
        }
        found: dict[str, tuple[int, str]] = {}
        for name, synonyms in wanted.items():
            for synonym in synonyms:
                hit = headers.get(normalize_header(synonym))
                if hit is not None and hit[0] not in {c for c, _h in found.values()}:
                    found[name] = hit
                    break
        if required in found and any(name in found for name in FIGURE_NAMES):
            return index, found
    return None


def _columns_for(layout: str, mapping: dict[str, str] | None) -> dict[str, tuple[str, ...]]:
    if layout in LAYOUTS:
        return LAYOUTS[layout].columns
    if layout == MAPPING:
        given = {
            k: v.strip() for k, v in (mapping or {}).items() if k in FIELDS and v and v.strip()
        }
        if "title" not in given:
            raise RefusedError(_("请填写“标题”所在列的表头名称。"))
        if not any(name in given for name in FIGURE_NAMES):
            raise RefusedError(_("请至少填写一列数据（阅读/播放、点赞、转发或评论）的表头名称。"))
        return {k: (v,) for k, v in given.items()}
    raise RefusedError(_("未知的表格格式“%(layout)s”。") % {"layout": layout})


def parse(
    rows: Sequence[tuple[int, tuple[Any, ...]]],
    *,
    layout: str,
    mapping: dict[str, str] | None = None,
) -> tuple[list[ReachRow], list[RowError]]:
    """The data rows of an export, or the problems found in it (all of them, up to a limit)."""
    wanted = _columns_for(layout, mapping)
    located = _find_header(rows, wanted, "title")
    if located is None:
        if layout == MAPPING:
            missing = "、".join(f"“{v[0]}”" for v in wanted.values())
            reason = _("在前 %(n)s 行中找不到表头 %(names)s，请核对列名。") % {
                "n": HEADER_SCAN_ROWS,
                "names": missing,
            }
        else:
            reason = _(
                "在前 %(n)s 行中找不到%(layout)s的表头：至少需要标题列和一列数据"
                "（如 %(example)s）。请确认选择了正确的表格格式，或改用“其他平台”自行指定列名。"
            ) % {
                "n": HEADER_SCAN_ROWS,
                "layout": layout_label(layout),
                "example": "、".join(wanted["title"][:1] + wanted["views"][:1]),
            }
        first = next((values for _n, values in rows if any(not cells.blank(v) for v in values)), ())
        if first:
            # One message, so that a language with spaces between sentences puts one here.
            reason = _("%(reason)s文件第一行为：%(cells)s") % {
                "reason": reason,
                "cells": "、".join(cells.text(v) for v in first if not cells.blank(v))[:300],
            }
        return [], [RowError(None, "", reason)]
    header_index, columns = located
    if layout == MAPPING:
        missing = [v[0] for k, v in wanted.items() if k not in columns]
        if missing:
            reason = _("表头中找不到列 %(names)s，请核对列名。") % {
                "names": "、".join(f"“{m}”" for m in missing)
            }
            return [], [RowError(None, "", reason)]

    parsed: list[ReachRow] = []
    errors: list[RowError] = []
    for number, values in rows[header_index + 1 :]:
        if all(cells.blank(v) for v in values):
            continue

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[name][0]
            return values[index] if index < len(values) else None

        title = cells.text(cell("title"))
        if title in TOTAL_TITLES:
            continue
        row = ReachRow(row=number, title=title)
        if not title:
            errors.append(RowError(number, columns["title"][1], _("标题不能为空")))
        if "date" in columns and not cells.blank(cell("date")):
            try:
                row.date = cells.loose_date(cell("date"))
            except cells.CellError as exc:
                errors.append(RowError(number, columns["date"][1], str(exc)))
        if "url" in columns:
            row.url = cells.text(cell("url"))
        if "ref" in columns:
            row.ref = cells.text(cell("ref"))
        for name in FIGURE_NAMES:
            if name not in columns:
                continue
            try:
                row.figures[name] = cells.count(cell(name))
            except cells.CellError as exc:
                errors.append(RowError(number, columns[name][1], str(exc)))
        parsed.append(row)
        if len(errors) >= MAX_ERRORS:
            errors.append(
                RowError(None, "", _("错误过多，只列出前 %(n)s 处。") % {"n": MAX_ERRORS})
            )
            break
    return parsed, errors


# ---------------------------------------------------------------------------
# Matching


def match(
    channel: Channel, rows: Iterable[ReachRow]
) -> tuple[list[tuple[ReachRow, Publication]], list[dict[str, Any]]]:
    """Each row paired with its publication in `channel`, and the unmatched rows (3 queries)."""
    rows = list(rows)
    base = Publication.objects.filter(center_id=channel.center_id, channel=channel)
    urls: set[str] = set()
    for row in rows:
        if row.url:
            plain = normalize_url(row.url)
            urls.update({row.url.strip(), plain, plain + "/", plain + "#rd"})
    refs = {row.ref for row in rows if row.ref}
    by_url: dict[str, set[int]] = {}
    by_ref: dict[str, set[int]] = {}
    publications: dict[int, Publication] = {}
    if urls or refs:
        query = Q(url__in=urls) if urls else Q(pk__in=[])
        if refs:
            query |= Q(ref__in=refs)
        for pub in base.filter(query):
            publications[pub.pk] = pub
            if pub.url:
                by_url.setdefault(normalize_url(pub.url), set()).add(pub.pk)
            if pub.ref:
                by_ref.setdefault(pub.ref, set()).add(pub.pk)
    titles = {row.title for row in rows if row.title and row.date}
    by_title: dict[tuple[str, dt.date], set[int]] = {}
    if titles:
        for pub in base.filter(title__in=titles):
            publications.setdefault(pub.pk, pub)
            by_title.setdefault((pub.title, pub.date), set()).add(pub.pk)

    matched: list[tuple[ReachRow, Publication]] = []
    unmatched: list[dict[str, Any]] = []
    taken: dict[int, int] = {}  # publication → the row that took it
    for row in rows:
        found: set[int] = set()
        if row.url:
            found |= by_url.get(normalize_url(row.url), set())
        if row.ref:
            found |= by_ref.get(row.ref, set())
        if not found:
            if row.date is None:
                if row.url or row.ref:
                    reason = _("链接或编号没有对应的发布记录，且没有发布日期，无法按标题匹配")
                else:
                    reason = _("没有链接或编号，也没有发布日期，无法匹配")
                unmatched.append(row.as_json(reason))
                continue
            found = by_title.get((row.title, row.date), set())
        if not found:
            if row.url or row.ref:
                reason = _("本渠道没有链接或编号相同的发布记录，也没有标题和发布日期都相同的")
            else:
                reason = _("本渠道没有标题和发布日期都相同的发布记录")
            unmatched.append(row.as_json(reason))
            continue
        if len(found) > 1:
            unmatched.append(
                row.as_json(
                    _("对应 %(n)s 条发布记录，无法确定是哪一条，请补全链接或编号")
                    % {"n": len(found)}
                )
            )
            continue
        pk = next(iter(found))
        if pk in taken:
            unmatched.append(
                row.as_json(_("与第 %(row)s 行对应同一条发布记录，本行未导入") % {"row": taken[pk]})
            )
            continue
        taken[pk] = row.row
        matched.append((row, publications[pk]))
    return matched, unmatched


# ---------------------------------------------------------------------------
# The import service


@dataclass
class ReachImportResult:
    ok: bool
    errors: list[RowError] = field(default_factory=list)
    record: ReachImport | None = None
    rows: int = 0
    matched: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)


def _refused(reason: str) -> ReachImportResult:
    return ReachImportResult(ok=False, errors=[RowError(None, "", reason)])


@transaction.atomic
def reach_import(
    *,
    by: User | None,
    center: Center,
    channel: Channel,
    file: IO[bytes],
    filename: str,
    layout: str,
    date: dt.date,
    mapping: dict[str, str] | None = None,
) -> ReachImportResult:
    """Import a platform's export of reach figures into `channel`'s publications, for `date`.

    Returns the result; a refused file (`ok=False`) has written nothing.
    """
    if channel.center_id != center.pk:
        return _refused(_("所选渠道不属于本中心。"))
    try:
        table = read_rows(file, filename)
        rows, errors = parse(table, layout=layout, mapping=mapping)
    except RefusedError as exc:
        return _refused(str(exc))
    if errors:
        return ReachImportResult(ok=False, errors=errors)
    if not rows:
        return _refused(_("文件中没有数据行。"))

    matched, unmatched = match(channel, rows)
    existing = {
        f.publication_id: f
        for f in PublicationFigure.objects.filter(
            publication__in=[pub for _row, pub in matched], date=date
        )
    }
    updated = unchanged = 0
    for row, pub in matched:
        values = {k: v for k, v in row.figures.items() if v is not None}
        stored = existing.get(pub.pk)
        if stored is not None and all(getattr(stored, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        publication_figures_record(
            by=by,
            publication=pub,
            date=date,
            source=FigureSource.IMPORT,
            audit=False,
            **values,
        )
        updated += 1

    record = ReachImport(
        center=center,
        channel=channel,
        file_name=filename[:255],
        file_sha256=sheets.file_sha256(file),
        layout=layout,
        rows=len(rows),
        matched=len(matched),
        unmatched=unmatched,
        imported_by=by if by is not None and by.is_authenticated else None,
    )
    record.full_clean(exclude=["imported_by"])  # null when imported by a script
    record.save()
    audit_record(
        action=AuditAction.IMPORT,
        by=by,
        obj=record,
        verb="传播数据导入",
        changes={
            "channel": channel.name,
            "date": date.isoformat(),
            "layout": layout,
            "rows": len(rows),
            "matched": len(matched),
            "updated": updated,
            "unchanged": unchanged,
            "unmatched": len(unmatched),
        },
    )
    return ReachImportResult(
        ok=True,
        record=record,
        rows=len(rows),
        matched=len(matched),
        updated=updated,
        unchanged=unchanged,
        unmatched=unmatched,
    )
