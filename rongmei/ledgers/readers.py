"""Reading a ledger file: an .xlsx workbook (streamed, read-only) or a UTF-8 .csv file.

Everything here refuses early and cheaply: the size is checked before anything is
read, and a workbook whose parts would unpack to far more than the limit is refused
before it is parsed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# XML compresses well; a genuine 20 MB workbook unpacks to a few hundred MB at most.
UNPACKED_RATIO = 20


def max_bytes() -> int:
    return int(getattr(settings, "RONGMEI_LEDGER_MAX_BYTES", DEFAULT_MAX_BYTES))


class RefusedError(Exception):
    """The file as a whole cannot be imported (type, size, encoding)."""


@dataclass
class RawSheet:
    name: str
    # (Excel row number, cell values) for every row, header included, in order.
    rows: Iterator[tuple[int, tuple[Any, ...]]]


def _size_of(file: IO[bytes]) -> int:
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise RefusedError(
            _("文件过大（%(size)s），超过 %(limit)s 的上限，请拆分后分批导入。")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if size == 0:
        raise RefusedError(_("文件是空的。"))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def file_kind(filename: str) -> str:
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        return "xlsx"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".xls", ".et", ".wps")):
        raise RefusedError(_("不支持旧版 Excel 文件（.xls），请另存为 .xlsx 工作簿后再导入。"))
    raise RefusedError(_("不是 .xlsx 工作簿或 .csv 文件，无法导入。"))


class Workbook:
    """The worksheets of an .xlsx file, opened read-only so that rows stream."""

    def __init__(self, file: IO[bytes]):
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            raise RefusedError(_("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。"))
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise RefusedError(
                _("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。")
            ) from exc
        if "xl/workbook.xml" not in names:
            raise RefusedError(_("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。"))
        if unpacked > max_bytes() * UNPACKED_RATIO:
            raise RefusedError(_("工作簿解压后过大，请拆分后分批导入。"))
        file.seek(0)
        import openpyxl

        try:
            self._book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a broken file
            raise RefusedError(_("无法读取工作簿：文件已损坏或格式不受支持。")) from exc

    def sheets(self) -> list[tuple[str, Any]]:
        return [(ws.title, ws) for ws in self._book.worksheets]

    @staticmethod
    def rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
        # Read-only worksheets yield every row from 1, empty ones included, so the
        # position is Excel's row number.
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, tuple(values)

    @staticmethod
    def size_hint(ws: Any) -> int | None:
        try:
            return ws.max_row
        except Exception:  # dimensions may be missing from files other tools wrote
            return None

    def close(self) -> None:
        self._book.close()


def read_csv(file: IO[bytes]) -> list[tuple[int, tuple[Any, ...]]]:
    file.seek(0)
    data = file.read()
    if b"\x00" in data[:4096]:
        raise RefusedError(_("不是文本格式的 .csv 文件。"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedError(
            _("CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”。")
        ) from exc
    try:
        return [
            (number, tuple(row))
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        ]
    except csv.Error as exc:
        raise RefusedError(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc


def file_size(file: IO[bytes]) -> int:
    return _size_of(file)
