"""Reading an uploaded spreadsheet: an .xlsx workbook (streamed, read-only) or a .csv file.

Shared by the ledger import (`ledgers`) and the import of platforms' reach exports
(`distribution.reach`); each passes its own size limit. Everything here refuses early and
cheaply, with `RefusedError` and a Chinese message: the type by the file's name, the
size before anything is read, and a workbook whose parts would unpack to far more than
the limit before it is parsed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from .cells import blank

# XML compresses well; a genuine workbook unpacks to a few dozen times its size at most.
UNPACKED_RATIO = 20
# Whatever the file's size: what its parts may unpack to in all, how many parts it may
# have, and how much one large part may be compressed (settings RONGMEI_MAX_WORKBOOK_*).
# A zip member's declared size bounds what Python's zipfile unpacks from it, so these
# sums of declared sizes hold while openpyxl reads.
DEFAULT_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_MEMBERS = 1000
DEFAULT_MAX_MEMBER_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024  # smaller parts may compress as they like
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls (or .et, .wps) file

Rows = list[tuple[int, tuple[Any, ...]]]


class RefusedError(Exception):
    """The file as a whole cannot be imported (type, size, encoding, layout)."""


def size_of(file: IO[bytes]) -> int:
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise RefusedError(
            _("文件过大（%(size)s），超过 %(limit)s 的上限，请拆分后分批导入。")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )
    if size == 0:
        raise RefusedError(_("文件是空的。"))


def file_kind(filename: str) -> str:
    """ "xlsx" or "csv", by the file's name."""
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        return "xlsx"
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".xls", ".et", ".wps")):
        raise RefusedError(
            _("不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 工作簿后再导入。")
        )
    raise RefusedError(_("不是 .xlsx 工作簿或 .csv 文件，无法导入。"))


def file_sha256(file: IO[bytes]) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _setting(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, default))


def check_archive(file: IO[bytes], *, max_bytes: int | None = None) -> None:
    """Refuse an .xlsx (a zip archive) that would unpack to too much, before it is parsed:
    more than `RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES` (or, with `max_bytes`, more than
    `UNPACKED_RATIO` times that) in all, more than `RONGMEI_MAX_WORKBOOK_MEMBERS` parts, or
    a large part compressed more than `RONGMEI_MAX_WORKBOOK_RATIO` times."""
    broken = _("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise RefusedError(broken) from exc
    finally:
        file.seek(0)
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise RefusedError(broken)
    members = _setting("RONGMEI_MAX_WORKBOOK_MEMBERS", DEFAULT_MAX_MEMBERS)
    if len(infos) > members:
        raise RefusedError(
            _("工作簿内部文件过多（%(count)d 个，上限 %(limit)d 个），不像正常的 Excel 文件。")
            % {"count": len(infos), "limit": members}
        )
    unpacked = sum(info.file_size for info in infos)
    limit = _setting("RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)
    if max_bytes is not None:
        limit = min(limit, max_bytes * UNPACKED_RATIO)
    if unpacked > limit:
        raise RefusedError(
            _("工作簿解压后过大（%(size)s，上限 %(limit)s），请拆分后分批导入。")
            % {"size": megabytes(unpacked), "limit": megabytes(limit)}
        )
    ratio = _setting("RONGMEI_MAX_WORKBOOK_RATIO", DEFAULT_MAX_MEMBER_RATIO)
    for info in infos:
        if info.file_size > RATIO_FROM_BYTES and info.file_size > ratio * max(
            info.compress_size, 1
        ):
            raise RefusedError(
                _("工作簿中的“%(name)s”压缩比异常（超过 %(ratio)d 倍），不像正常的 Excel 文件。")
                % {"name": info.filename, "ratio": ratio}
            )


class Workbook:
    """The worksheets of an .xlsx file, opened read-only so that rows stream."""

    def __init__(self, file: IO[bytes], *, max_bytes: int):
        broken = _("不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。")
        file.seek(0)
        head = file.read(8)
        if head[:4] != b"PK\x03\x04":
            if head == OLE2_MAGIC:  # an old .xls renamed
                raise RefusedError(
                    _("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 工作簿后再导入。")
                )
            raise RefusedError(broken)
        check_archive(file, max_bytes=max_bytes)
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

    def first_sheet_rows(self) -> Rows:
        """Every row of the first worksheet with anything in it (exports have one)."""
        for _name, ws in self.sheets():
            rows = list(self.rows(ws))
            if any(not blank(v) for _n, values in rows for v in values):
                return rows
        return []

    def close(self) -> None:
        self._book.close()


def read_csv(file: IO[bytes], *, gbk: bool = True) -> Rows:
    """Every row of a .csv file as (row number, cells): UTF-8 (with or without BOM) or,
    with `gbk`, GB18030 (GBK) as Chinese Excel saves CSV files."""
    file.seek(0)
    data = file.read()
    if b"\x00" in data[:4096]:
        raise RefusedError(_("不是文本格式的 .csv 文件。"))
    encodings = ("utf-8-sig", "gb18030") if gbk else ("utf-8-sig",)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        if gbk:
            raise RefusedError(
                _("无法识别 CSV 文件的编码，请另存为“CSV UTF-8（逗号分隔）”后再导入。")
            )
        raise RefusedError(
            _("CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”。")
        )
    try:
        return [
            (number, tuple(row))
            for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        ]
    except csv.Error as exc:
        raise RefusedError(_("CSV 文件格式有误：%(error)s") % {"error": exc}) from exc
