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

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center

from .models import Channel, FigureSource, Publication, PublicationFigure, ReachImport
from .services import FIGURE_NAMES, publication_figures_record

if TYPE_CHECKING:
    from rongmei.accounts.models import User

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
UNPACKED_RATIO = 20  # a genuine workbook's XML unpacks to a few times its size
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


class RefusedError(Exception):
    """The file as a whole cannot be imported (type, size, encoding, header)."""


def max_bytes() -> int:
    return int(getattr(settings, "RONGMEI_REACH_MAX_BYTES", DEFAULT_MAX_BYTES))


def _size_of(file: IO[bytes]) -> int:
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_file(file: IO[bytes], filename: str) -> str:
    """The kind of file ("xlsx" or "csv"), or `RefusedError` on a wrong type or size."""
    lowered = filename.lower()
    if lowered.endswith((".xls", ".et", ".wps")):
        raise RefusedError(
            _("不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 工作簿后再导入。")
        )
    if lowered.endswith(".xlsx"):
        kind = "xlsx"
    elif lowered.endswith(".csv"):
        kind = "csv"
    else:
        raise RefusedError(_("不是 .xlsx 工作簿或 .csv 文件，无法导入。"))
    size = _size_of(file)
    if size == 0:
        raise RefusedError(_("文件是空的。"))
    if size > max_bytes():
        raise RefusedError(
            _("文件过大（%(size)s），超过 %(limit)s 的上限，请拆分后分批导入。")
            % {"size": _megabytes(size), "limit": _megabytes(max_bytes())}
        )
    return kind


def _read_xlsx(file: IO[bytes]) -> list[tuple[int, tuple[Any, ...]]]:
    broken = _("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。")
    file.seek(0)
    head = file.read(8)
    if head[:4] != b"PK\x03\x04":
        if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: an old .xls renamed
            raise RefusedError(
                _("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 工作簿后再导入。")
            )
        raise RefusedError(broken)
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise RefusedError(broken) from exc
    if "xl/workbook.xml" not in names:
        raise RefusedError(broken)
    if unpacked > max_bytes() * UNPACKED_RATIO:
        raise RefusedError(_("工作簿解压后过大，请拆分后分批导入。"))
    import openpyxl

    file.seek(0)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise RefusedError(_("无法读取工作簿：文件已损坏或格式不受支持。")) from exc
    try:
        # The first worksheet with anything in it: exports have one sheet.
        for ws in book.worksheets:
            rows = [
                (number, tuple(values))
                for number, values in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
            if any(not _blank(v) for _n, values in rows for v in values):
                return rows
        return []
    finally:
        book.close()


def _read_csv(file: IO[bytes]) -> list[tuple[int, tuple[Any, ...]]]:
    file.seek(0)
    data = file.read()
    if b"\x00" in data[:4096]:
        raise RefusedError(_("不是文本格式的 .csv 文件。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RefusedError(_("无法识别 CSV 文件的编码，请另存为“CSV UTF-8（逗号分隔）”后再导入。"))
    try:
        return [
            (number, tuple(row))
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        ]
    except csv.Error as exc:
        raise RefusedError(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc


def read_rows(file: IO[bytes], filename: str) -> list[tuple[int, tuple[Any, ...]]]:
    """Every row of the file's first non-empty sheet as (row number, cell values)."""
    kind = check_file(file, filename)
    return _read_xlsx(file) if kind == "xlsx" else _read_csv(file)


def file_sha256(file: IO[bytes]) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# Cells


class CellError(Exception):
    pass


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def normalize_header(value: Any) -> str:
    """A header as compared: no spaces, half-width brackets, lower case."""
    written = text(value).replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", written).lower()


NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?$")
WAN_RE = re.compile(r"^(\d+(?:\.\d+)?)[万wW]\+?$")
YI_RE = re.compile(r"^(\d+(?:\.\d+)?)亿\+?$")
EMPTY_MARKS = frozenset({"-", "--", "—", "/", "－"})


def figure(value: Any) -> int | None:
    """A count: None where the export shows nothing; `CellError` where it is no count."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为整数，而不是“%(value)s”") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("应为整数，而不是“%(value)s”") % {"value": text(value)})
        number = int(value)
    else:
        written = text(value).replace(",", "").replace("，", "").replace(" ", "")
        if written in EMPTY_MARKS:
            return None
        negative = written.startswith("-")
        unsigned = written[1:] if negative else written
        wan, yi = WAN_RE.match(unsigned), YI_RE.match(unsigned)
        try:
            if wan:
                number = int(Decimal(wan.group(1)) * 10000)
            elif yi:
                number = int(Decimal(yi.group(1)) * 100000000)
            elif NUMBER_RE.match(unsigned):
                amount = Decimal(unsigned)
                if amount != amount.to_integral_value():
                    raise CellError(_("应为整数，而不是“%(value)s”") % {"value": text(value)})
                number = int(amount)
            else:
                raise CellError(_("应为整数，而不是“%(value)s”") % {"value": text(value)})
        except InvalidOperation as exc:
            raise CellError(_("应为整数，而不是“%(value)s”") % {"value": text(value)}) from exc
        if negative:
            number = -number
    if number < 0:
        raise CellError(_("不能为负数（%(value)s）") % {"value": number})
    return number


EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 (Excel serial dates have no zone)
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000101 <= value <= 29991231 and float(value).is_integer():
            return date(str(int(value)))
        if not 1 <= value < 2958466:
            raise CellError(_("不是有效的日期（%(value)s）") % {"value": text(value)})
        return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
    written = text(value)
    match = DATE_RE.match(written) or COMPACT_DATE_RE.match(written)
    if not match:
        raise CellError(
            _("日期应写作 YYYY-MM-DD（可带时间），而不是“%(value)s”") % {"value": written}
        )
    try:
        return dt.date(*(int(g) for g in match.groups()[:3]))
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在") % {"value": written}) from exc


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
        headers = {normalize_header(v): (i, text(v)) for i, v in enumerate(values) if not _blank(v)}
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
        first = next((values for _n, values in rows if any(not _blank(v) for v in values)), ())
        if first:
            reason += _("文件第一行为：%(cells)s") % {
                "cells": "、".join(text(v) for v in first if not _blank(v))[:300]
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
        if all(_blank(v) for v in values):
            continue

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[name][0]
            return values[index] if index < len(values) else None

        title = text(cell("title"))
        if title in TOTAL_TITLES:
            continue
        row = ReachRow(row=number, title=title)
        if not title:
            errors.append(RowError(number, columns["title"][1], _("标题不能为空")))
        if "date" in columns and not _blank(cell("date")):
            try:
                row.date = date(cell("date"))
            except CellError as exc:
                errors.append(RowError(number, columns["date"][1], str(exc)))
        if "url" in columns:
            row.url = text(cell("url"))
        if "ref" in columns:
            row.ref = text(cell("ref"))
        for name in FIGURE_NAMES:
            if name not in columns:
                continue
            try:
                row.figures[name] = figure(cell(name))
            except CellError as exc:
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
        file_sha256=file_sha256(file),
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
