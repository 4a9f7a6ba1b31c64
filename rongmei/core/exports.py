"""Writing spreadsheets that are safe to open: no cell of an export is ever a formula.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, WPS and LibreOffice when a CSV file is opened (CSV injection, OWASP).
Every CSV export writes its cells through `csv_safe`, which puts an apostrophe in front
of such text; every .xlsx export appends its rows through `xlsx_append`, which stores
text as text (a string cell, never a formula cell), so the apostrophe is not needed
there. Wagtail's listing exports ("下载 CSV/XLSX" on every admin listing, its reports
and form submissions) are routed through the same rule by `guard_wagtail_exports`,
installed when the app starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would run is prefixed with `'`.

    Numbers stay numbers (a negative count is not text and is not run).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_safe(v) for v in values]


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """Rows as a UTF-8 CSV file (with a BOM, so that Excel reads the Chinese text)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(csv_row(row))
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_text(cell: Any) -> Any:
    """An openpyxl cell that openpyxl took for a formula (text starting with `=`) is
    made a plain string cell again."""
    if getattr(cell, "data_type", None) == "f":
        cell.data_type = "s"
    return cell


def xlsx_append(ws: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet with every text stored as text.

    Works for ordinary worksheets and for write-only ones (`Workbook(write_only=True)`).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    if isinstance(ws, WriteOnlyWorksheet):
        cells = []
        for value in values:
            cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value)
            cells.append(xlsx_text(cell))
        ws.append(cells)
        return
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        xlsx_text(cell)


def xlsx_guard_workbook(wb: Any) -> None:
    """Make every formula cell of an ordinary (not write-only) workbook plain text.

    For workbooks whose rows are written with `ws.append` elsewhere: call before saving.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                xlsx_text(cell)


def guard_wagtail_exports() -> None:
    """Route Wagtail's spreadsheet exports through `csv_safe` (CSV) and keep its own
    formula-to-text rule for .xlsx. Idempotent."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_rongmei_guarded", False):
        return
    original_csv_row = SpreadsheetExportMixin.write_csv_row
    original_xlsx_row = SpreadsheetExportMixin.generate_xlsx_row

    def write_csv_row(self, writer, row_dict):
        preprocessed = {
            field: csv_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
        return writer.writerow(preprocessed)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in original_xlsx_row(self, worksheet, row_dict, date_format=date_format):
            yield xlsx_text(cell)

    write_csv_row.__wrapped__ = original_csv_row  # type: ignore[attr-defined]
    SpreadsheetExportMixin.write_csv_row = write_csv_row
    SpreadsheetExportMixin.generate_xlsx_row = generate_xlsx_row
    SpreadsheetExportMixin._rongmei_guarded = True
