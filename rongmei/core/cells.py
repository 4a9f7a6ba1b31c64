"""Reading one spreadsheet cell: text, counts, numbers, dates, date-times and lists.

Shared by the ledger import (`ledgers`, strict: the contract's formats) and the imports
of platforms' exports (`distribution.reach` and `distribution.audience`, lenient: as
platforms write them).
A cell that cannot be read raises `CellError` with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

LIST_SEPARATORS = re.compile(r"[,，、]")
DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATETIME_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
INT_RE = re.compile(r"^[+-]?\d+$")
THOUSANDS_RE = re.compile(r"^\d{1,3}(,\d{3})+$")
WAN_RE = re.compile(r"^(\d+(?:\.\d+)?)万\+?$")  # "10万+" as ledgers write reach
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 (Excel serial dates have no zone)

# As platforms' exports write counts and dates (`count`, `loose_date`).
COUNT_RE = re.compile(r"^\d+(?:\.\d+)?$")
COUNT_WAN_RE = re.compile(r"^(\d+(?:\.\d+)?)[万wW]\+?$")
COUNT_YI_RE = re.compile(r"^(\d+(?:\.\d+)?)亿\+?$")
EMPTY_MARKS = frozenset({"-", "--", "—", "/", "－"})
LOOSE_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class CellError(Exception):
    pass


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _not_integer(value: Any) -> CellError:
    return CellError(_("应为整数，而不是“%(value)s”") % {"value": value})


def _typed_number(value: Any) -> int | None:
    """The whole number in a cell the spreadsheet typed as a number; None for text."""
    if isinstance(value, bool):
        raise _not_integer(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise _not_integer(text(value))
        return int(value)
    return None


def _non_negative(number: int) -> int:
    if number < 0:
        raise CellError(_("不能为负数（%(value)s）") % {"value": number})
    return number


def integer(value: Any) -> int:
    """A whole number ≥ 0 as ledgers write it: `1234`, `1,234`, `1.2万`, `10万+`."""
    number = _typed_number(value)
    if number is None:
        written = text(value)
        if THOUSANDS_RE.match(written):
            written = written.replace(",", "")
        wan = WAN_RE.match(written)
        if wan:
            number = int(Decimal(wan.group(1)) * 10000)
        elif INT_RE.match(written):
            number = int(written)
        else:
            raise _not_integer(written)
    return _non_negative(number)


def count(value: Any) -> int | None:
    """A count ≥ 0 as platforms' exports write it: `1,234`, `1.2万`, `3w`, `10万+`, `2亿`.

    None where the cell shows nothing (blank, `-`, `--`, `/`).
    """
    if blank(value):
        return None
    number = _typed_number(value)
    if number is None:
        written = text(value).replace(",", "").replace("，", "").replace(" ", "")
        if written in EMPTY_MARKS:
            return None
        negative = written.startswith("-")
        unsigned = written[1:] if negative else written
        wan, yi = COUNT_WAN_RE.match(unsigned), COUNT_YI_RE.match(unsigned)
        try:
            if wan:
                number = int(Decimal(wan.group(1)) * 10000)
            elif yi:
                number = int(Decimal(yi.group(1)) * 100000000)
            elif COUNT_RE.match(unsigned):
                amount = Decimal(unsigned)
                if amount != amount.to_integral_value():
                    raise _not_integer(text(value))
                number = int(amount)
            else:
                raise _not_integer(text(value))
        except InvalidOperation as exc:
            raise _not_integer(text(value)) from exc
        if negative:
            number = -number
    return _non_negative(number)


def decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("应为数字，而不是“%(value)s”") % {"value": value})
    try:
        number = (
            Decimal(str(value).strip()) if not isinstance(value, float) else Decimal(repr(value))
        )
    except InvalidOperation as exc:
        raise CellError(_("应为数字，而不是“%(value)s”") % {"value": text(value)}) from exc
    if not number.is_finite():
        raise CellError(_("应为数字，而不是“%(value)s”") % {"value": text(value)})
    if number < 0:
        raise CellError(_("不能为负数（%(value)s）") % {"value": text(value)})
    return number


def _excel_serial(value: float) -> dt.datetime:
    if not 1 <= value < 2958466:  # 1900-01-01 … 9999-12-31
        raise CellError(_("不是有效的 Excel 日期（%(value)s）") % {"value": text(value)})
    return EXCEL_EPOCH + dt.timedelta(days=value)


def date(value: Any) -> dt.date:
    """A date as ledgers write it: a date cell, an Excel serial or `YYYY-MM-DD`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(float(value)).date()
    written = text(value)
    match = DATE_RE.match(written)
    if not match:
        raise CellError(_("日期应写作 YYYY-MM-DD，而不是“%(value)s”") % {"value": written})
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在") % {"value": written}) from exc


def loose_date(value: Any) -> dt.date:
    """A date as platforms' exports write it: date or date-time cells, Excel serials,
    `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日` or `YYYYMMDD`, with an
    optional time."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000101 <= value <= 29991231 and float(value).is_integer():
            return loose_date(str(int(value)))
        if not 1 <= value < 2958466:
            raise CellError(_("不是有效的日期（%(value)s）") % {"value": text(value)})
        return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
    written = text(value)
    match = LOOSE_DATE_RE.match(written) or COMPACT_DATE_RE.match(written)
    if not match:
        raise CellError(
            _("日期应写作 YYYY-MM-DD（可带时间），而不是“%(value)s”") % {"value": written}
        )
    try:
        return dt.date(*(int(g) for g in match.groups()[:3]))
    except ValueError as exc:
        raise CellError(_("日期“%(value)s”不存在") % {"value": written}) from exc


def date_time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        naive = value.replace(microsecond=0)
    elif isinstance(value, dt.date):
        raise CellError(_("应写明时间：YYYY-MM-DD HH:MM[:SS]"))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        naive = _excel_serial(float(value)).replace(microsecond=0)
    else:
        written = text(value)
        match = DATETIME_RE.match(written)
        if not match:
            raise CellError(
                _("时间应写作 YYYY-MM-DD HH:MM[:SS]，而不是“%(value)s”") % {"value": written}
            )
        parts = [int(g) if g is not None else 0 for g in match.groups()]
        try:
            naive = dt.datetime(*parts)  # noqa: DTZ001 (made aware just below)
        except ValueError as exc:
            raise CellError(_("时间“%(value)s”不存在") % {"value": written}) from exc
    if timezone.is_aware(naive):
        return naive
    # Ledgers write local time: the deployment's zone, Asia/Shanghai.
    return timezone.make_aware(naive, timezone.get_default_timezone())


def items(value: Any) -> list[str]:
    items: list[str] = []
    for part in LIST_SEPARATORS.split(text(value)):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return items
