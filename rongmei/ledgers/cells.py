"""Reading one cell of a ledger: numbers, dates, date-times and lists as ledgers write them."""

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


class CellError(Exception):
    pass


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(_("应为整数，而不是“%(value)s”") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("应为整数，而不是“%(value)s”") % {"value": text(value)})
        number = int(value)
    else:
        written = text(value)
        if THOUSANDS_RE.match(written):
            written = written.replace(",", "")
        wan = WAN_RE.match(written)
        if wan:
            number = int(Decimal(wan.group(1)) * 10000)
        elif INT_RE.match(written):
            number = int(written)
        else:
            raise CellError(_("应为整数，而不是“%(value)s”") % {"value": written})
    if number < 0:
        raise CellError(_("不能为负数（%(value)s）") % {"value": number})
    return number


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
