"""Reading and writing lexicon files (.txt, .xlsx): parsing and per-line checks, no writes.

Layouts (one entry a line; columns separated by a Tab; later columns optional):

- words, typos, allow-lists: 词条 [建议写法 [分类 [级别 [备注]]]]. A line "错→对" is a typo
  pair; a line starting with "!" is an exception of the lexicon (白名单例外).
- leaders: 姓名 现任职务 [排序 [原任职务]]; several titles separated by "、".
- formulation rules: 规则名称 类型(正则/首次出现用全称) 模式 [正确写法 [说明 [级别]]].

An .xlsx has the same columns under a header row. Blank lines, duplicates, unknown
levels, malformed regexes, a file too large: each problem is reported with its line.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rongmei.core.exports import xlsx_append
from rongmei.core.sheets import RefusedError, check_archive

from .models import LexiconKind, RuleKind, Severity

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_LINES = 100_000
MAX_TERM_LENGTH = 100
MAX_REPORTED_ERRORS = 200

SEVERITY_NAMES = {
    "": "",
    "阻断": Severity.BLOCK,
    "block": Severity.BLOCK,
    "提示": Severity.WARN,
    "warn": Severity.WARN,
}
RULE_KIND_NAMES = {
    "正则": RuleKind.REGEX,
    "正则表达式": RuleKind.REGEX,
    "regex": RuleKind.REGEX,
    "首次出现用全称": RuleKind.FIRST_MENTION,
    "first_mention": RuleKind.FIRST_MENTION,
}
HEADERS = {
    "words": ["词条", "建议写法", "分类", "级别", "备注", "例外"],
    LexiconKind.LEADER: ["姓名", "现任职务", "排序", "原任职务"],
    LexiconKind.FORMULATION: ["规则名称", "类型", "模式", "正确写法", "说明", "级别"],
}


def layout_of(kind: str) -> str:
    return kind if kind in (LexiconKind.LEADER, LexiconKind.FORMULATION) else "words"


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("第%(line)d行：%(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class Parsed:
    """Rows ready for the models (field dicts, with their line numbers), or errors."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(LineError(line, message))


def too_large(size: int) -> LineError:
    return LineError(
        0,
        _("文件过大（%(size).1f MB），上限为 %(limit)d MB，请拆分后分批导入。")
        % {"size": size / 1024 / 1024, "limit": MAX_IMPORT_BYTES // 1024 // 1024},
    )


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_lines(filename: str, data: bytes) -> tuple[list[tuple[int, list[str]]], list[LineError]]:
    """(line number, cells) of a .txt or .xlsx file; the header row of an .xlsx is skipped."""
    if len(data) > MAX_IMPORT_BYTES:
        return [], [too_large(len(data))]
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if not name.endswith(".txt"):
        return [], [LineError(0, _("只支持 .txt 和 .xlsx 文件。"))]
    text = _decode(data)
    if text is None:
        return [], [LineError(0, _("无法识别文件编码，请保存为 UTF-8 后重试。"))]
    lines = text.splitlines()
    if len(lines) > MAX_IMPORT_LINES:
        return [], [
            LineError(0, _("行数过多，上限为 %(limit)d 行。") % {"limit": MAX_IMPORT_LINES})
        ]
    return [(n, line.split("\t")) for n, line in enumerate(lines, start=1)], []


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[str]]], list[LineError]]:
    from openpyxl import load_workbook

    try:
        # A workbook that would unpack to far more than a lexicon is refused unparsed.
        check_archive(io.BytesIO(data))
    except RefusedError as exc:
        return [], [LineError(0, str(exc))]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        return [], [LineError(0, _("无法读取该 Excel 文件，请确认是 .xlsx 格式。"))]
    try:
        sheet = workbook.worksheets[0]
        out: list[tuple[int, list[str]]] = []
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if n == 1:
                continue
            if n > MAX_IMPORT_LINES:
                return [], [
                    LineError(0, _("行数过多，上限为 %(limit)d 行。") % {"limit": MAX_IMPORT_LINES})
                ]
            cells = ["" if v is None else _cell(v) for v in row]
            out.append((n, cells))
        # Trailing rows that are entirely empty are formatting, not content.
        while out and not any(c.strip() for c in out[-1][1]):
            out.pop()
        return out, []
    finally:
        workbook.close()


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(kind: str, filename: str, data: bytes) -> Parsed:
    """Check every line of an uploaded file for a lexicon of `kind`."""
    lines, errors = read_lines(filename, data)
    parsed = Parsed(errors=errors)
    if errors:
        return parsed
    layout = layout_of(kind)
    seen: dict[str, int] = {}
    for n, cells in lines:
        cells = [c.strip() for c in cells]
        if not any(cells):
            parsed.error(n, _("空行。"))
            continue
        if layout == "words":
            row = _word_row(kind, n, cells, parsed)
            key = row and row["text"]
        elif layout == LexiconKind.LEADER:
            row = _leader_row(n, cells, parsed)
            key = row and row["name"]
        else:
            row = _rule_row(n, cells, parsed)
            key = row and row["name"]
        if not row:
            continue
        if key in seen:
            parsed.error(n, _("“%(key)s”与第%(first)d行重复。") % {"key": key, "first": seen[key]})
            continue
        seen[key] = n
        parsed.rows.append((n, row))
        if len(parsed.errors) >= MAX_REPORTED_ERRORS:
            break
    if not parsed.rows and not parsed.errors:
        parsed.error(0, _("文件中没有可导入的内容。"))
    return parsed


def _severity(n: int, value: str, parsed: Parsed) -> str | None:
    key = value.lower() if value.isascii() else value
    if key not in SEVERITY_NAMES:
        parsed.error(n, _("级别“%(v)s”无效，应为“阻断”或“提示”。") % {"v": value})
        return None
    return SEVERITY_NAMES[key]


def _word_row(kind: str, n: int, cells: list[str], parsed: Parsed) -> dict | None:
    text = cells[0]
    exception = False
    if len(cells) > 5 and cells[5] in ("是", "1", "true", "True", "例外"):
        exception = True
    if text[:1] in ("!", "！"):
        exception, text = True, text[1:].strip()
    suggestion = cells[1] if len(cells) > 1 else ""
    if len(cells) == 1 and "→" in text:
        text, _sep, suggestion = (part.strip() for part in text.partition("→"))
    if not text:
        parsed.error(n, _("词条为空。"))
        return None
    if len(text) > MAX_TERM_LENGTH:
        parsed.error(n, _("词条过长（最多 %(max)d 字）。") % {"max": MAX_TERM_LENGTH})
        return None
    if kind == LexiconKind.TYPO and not suggestion and not exception:
        parsed.error(n, _("错别字须写明正确写法，如“按步就班→按部就班”。"))
        return None
    if suggestion == text and not exception:
        parsed.error(n, _("建议写法与词条相同。"))
        return None
    severity = _severity(n, cells[3] if len(cells) > 3 else "", parsed)
    if severity is None:
        return None
    return {
        "text": text,
        "suggestion": suggestion[:200],
        "category": (cells[2] if len(cells) > 2 else "")[:50],
        "severity": severity,
        "note": (cells[4] if len(cells) > 4 else "")[:200],
        "is_exception": exception or kind == LexiconKind.ALLOW,
    }


def _split_titles(value: str) -> list[str]:
    return [t.strip() for t in re.split(r"[、/\n;；]", value) if t.strip()]


def _leader_row(n: int, cells: list[str], parsed: Parsed) -> dict | None:
    name = cells[0]
    titles = _split_titles(cells[1]) if len(cells) > 1 else []
    if not name or len(name) > 20:
        parsed.error(n, _("姓名为空或过长。"))
        return None
    if not titles:
        parsed.error(n, _("缺少现任职务。"))
        return None
    order_text = cells[2] if len(cells) > 2 else ""
    if order_text and not order_text.isdigit():
        parsed.error(n, _("排序“%(v)s”应为非负整数。") % {"v": order_text})
        return None
    former = _split_titles(cells[3]) if len(cells) > 3 else []
    return {
        "name": name,
        "titles": "\n".join(titles),
        "former_titles": "\n".join(former),
        "order": int(order_text) if order_text else n,
    }


def _rule_row(n: int, cells: list[str], parsed: Parsed) -> dict | None:
    cells = [*cells, "", "", "", "", "", ""]
    name, kind_name, pattern, suggestion, description, level = cells[:6]
    if not name:
        parsed.error(n, _("规则名称为空。"))
        return None
    kind = RULE_KIND_NAMES.get(kind_name or "正则")
    if kind is None:
        parsed.error(n, _("规则类型“%(v)s”无效，应为“正则”或“首次出现用全称”。") % {"v": kind_name})
        return None
    problem = rule_problem(kind, pattern, suggestion)
    if problem:
        parsed.error(n, problem)
        return None
    severity = _severity(n, level, parsed)
    if severity is None:
        return None
    return {
        "name": name[:100],
        "kind": kind,
        "pattern": pattern,
        "suggestion": suggestion,
        "description": description[:200],
        "severity": severity,
    }


def rule_problem(kind: str, pattern: str, suggestion: str) -> str:
    """What is wrong with a rule, in words for the editor, or ""."""
    if not pattern:
        return _("模式为空。")
    if len(pattern) > 300:
        return _("模式过长（最多 300 字符）。")
    if kind == RuleKind.FIRST_MENTION:
        if not suggestion:
            return _("请填写全称。")
        return ""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return _("正则表达式有误：%(err)s") % {"err": exc}
    if compiled.match(""):
        return _("正则表达式会匹配空字符串，请修改。")
    if suggestion:
        from re import _parser as sre_p

        try:
            sre_p.parse_template(suggestion, compiled)
        except (re.error, IndexError) as exc:
            return _("正确写法有误：%(err)s") % {"err": exc}
    return ""


# -- export ----------------------------------------------------------------------------


def export_rows(kind: str, entries) -> list[list[str]]:
    """Rows (without header) of a lexicon's entries, in the import layout."""
    layout = layout_of(kind)
    rows = []
    for e in entries:
        if layout == "words":
            rows.append(
                [e.text, e.suggestion, e.category, e.get_severity_display() if e.severity else "",
                 e.note, "是" if e.is_exception and kind != LexiconKind.ALLOW else ""]
            )  # fmt: skip
        elif layout == LexiconKind.LEADER:
            rows.append(
                [e.name, "、".join(e.title_list), str(e.order), "、".join(e.former_title_list)]
            )
        else:
            rows.append(
                [e.name, e.get_kind_display(), e.pattern, e.suggestion, e.description,
                 e.get_severity_display() if e.severity else ""]
            )  # fmt: skip
    return rows


def to_txt(kind: str, rows: list[list[str]]) -> bytes:
    lines = []
    for row in rows:
        if layout_of(kind) == "words" and row[5]:
            row = ["!" + row[0], *row[1:5]]
        else:
            row = row[:5] if layout_of(kind) == "words" else row
        while row and not row[-1]:
            row = row[:-1]
        lines.append("\t".join(str(c) for c in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_xlsx(kind: str, rows: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "lexicon")
    sheet.append(HEADERS[layout_of(kind)])
    for row in rows:
        xlsx_append(sheet, row)  # a word such as "=1+1" stays text (core.exports)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
