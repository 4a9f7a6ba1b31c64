"""Reading uploaded spreadsheets: type, size, encodings and workbooks."""

import io

import openpyxl
import pytest

from rongmei.core import sheets


def _workbook(*sheet_rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for n, rows in enumerate(sheet_rows):
        ws = book.create_sheet(f"s{n}")
        for row in rows:
            ws.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


@pytest.mark.parametrize(
    ("name", "expected"), [("a.xlsx", "xlsx"), ("A.CSV", "csv"), ("a.xls", None), ("a.pdf", None)]
)
def test_the_kind_is_told_by_the_name(name, expected):
    if expected is None:
        with pytest.raises(sheets.RefusedError):
            sheets.file_kind(name)
    else:
        assert sheets.file_kind(name) == expected


def test_size_limits():
    sheets.check_size(10, 100)
    with pytest.raises(sheets.RefusedError, match="文件过大"):
        sheets.check_size(101, 100)
    with pytest.raises(sheets.RefusedError, match="文件是空的"):
        sheets.check_size(0, 100)
    assert sheets.size_of(io.BytesIO(b"12345")) == 5


def test_csv_is_utf8_or_gbk_where_allowed():
    gbk = io.BytesIO("标题,阅读\n乡村振兴,12\n".encode("gbk"))
    assert sheets.read_csv(gbk) == [(1, ("标题", "阅读")), (2, ("乡村振兴", "12"))]
    with pytest.raises(sheets.RefusedError, match="不是 UTF-8 编码"):
        sheets.read_csv(gbk, gbk=False)
    bom = io.BytesIO("\ufeff标题\n".encode())
    assert sheets.read_csv(bom, gbk=False) == [(1, ("标题",))]
    with pytest.raises(sheets.RefusedError, match="不是文本格式"):
        sheets.read_csv(io.BytesIO(b"a\x00b"))


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "旧版 Excel"), (b"PK\x03\x04 no", "不是有效的 .xlsx"),
     (b"hello", "不是有效的 .xlsx")],
)  # fmt: skip
def test_what_is_no_workbook_is_refused(data, message):
    with pytest.raises(sheets.RefusedError, match=message):
        sheets.Workbook(io.BytesIO(data), max_bytes=1 << 20)


def test_a_workbook_streams_rows_and_finds_its_first_filled_sheet():
    book = sheets.Workbook(_workbook([], [["标题", "阅读"], ["a", 1]]), max_bytes=1 << 20)
    try:
        assert [name for name, _ws in book.sheets()] == ["s0", "s1"]
        assert book.first_sheet_rows() == [(1, ("标题", "阅读")), (2, ("a", 1))]
    finally:
        book.close()


def test_a_workbook_unpacking_far_beyond_the_limit_is_refused():
    with pytest.raises(sheets.RefusedError, match="解压后过大"):
        sheets.Workbook(_workbook([["x" * 1000] * 50] * 50), max_bytes=100)
