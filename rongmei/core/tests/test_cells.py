"""Reading spreadsheet cells: the ledgers' strict formats and the exports' lenient ones."""

import datetime as dt
from decimal import Decimal

import pytest

from rongmei.core import cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), (12.0, 12), ("12", 12), ("+12", 12), ("1,234", 1234), ("1.2万", 12000),
     ("10万+", 100000)],
)  # fmt: skip
def test_integers_as_ledgers_write_them(value, expected):
    assert cells.integer(value) == expected


@pytest.mark.parametrize("value", [True, 1.5, "1,23", "1.5", "3w", "2亿", "十二", "-3", -3])
def test_what_is_no_ledger_integer_is_refused(value):
    with pytest.raises(cells.CellError):
        cells.integer(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), (12.0, 12), ("1,234", 1234), ("1，234", 1234), ("1 234", 1234), ("12.0", 12),
     ("1.2万", 12000), ("10万+", 100000), ("3w", 30000), ("2亿", 200000000), ("", None),
     ("--", None), ("-", None), ("/", None), (None, None)],
)  # fmt: skip
def test_counts_as_exports_write_them(value, expected):
    assert cells.count(value) == expected


@pytest.mark.parametrize(("value", "message"), [("-5", "不能为负数"), ("1.5", "应为整数"),
                                                (True, "应为整数"), ("很多", "应为整数")])  # fmt: skip
def test_what_is_no_count_says_why(value, message):
    with pytest.raises(cells.CellError) as exc:
        cells.count(value)
    assert message in str(exc.value)


def test_text_and_blank():
    assert cells.text(None) == ""
    assert cells.text(3.0) == "3"
    assert cells.text(" a ") == "a"
    assert cells.text(dt.date(2021, 9, 1)) == "2021-09-01"
    assert cells.blank(None)
    assert cells.blank("  ")
    assert not cells.blank(0)


def test_decimal_and_items():
    assert cells.decimal("1.50") == Decimal("1.50")
    assert cells.items("甲, 乙、甲，丙") == ["甲", "乙", "丙"]
    with pytest.raises(cells.CellError):
        cells.decimal("-1")


def test_ledger_dates_are_strict():
    assert cells.date("2021-9-1") == dt.date(2021, 9, 1)
    assert cells.date(44440) == dt.date(2021, 9, 1)  # an Excel serial
    for wrong in ("2021/09/01", "2021-02-30"):
        with pytest.raises(cells.CellError):
            cells.date(wrong)


@pytest.mark.parametrize(
    "value",
    ["2021-09-01", "2021/9/1", "2021.09.01", "2021年9月1日", "20210901", 20210901,
     "2021-09-01 08:30", dt.datetime(2021, 9, 1, 8, 30), 44440],  # noqa: DTZ001
)  # fmt: skip
def test_export_dates_are_read_as_platforms_write_them(value):
    assert cells.loose_date(value) == dt.date(2021, 9, 1)


def test_date_times_are_local():
    moment = cells.date_time("2021-09-01 08:30")
    assert moment.utcoffset() == dt.timedelta(hours=8)
    with pytest.raises(cells.CellError):
        cells.date_time(dt.date(2021, 9, 1))
