"""A ledger workbook that would unpack to far more than a ledger needs is refused before
it is parsed, with a Chinese reason, and nothing is written."""

import io
import zipfile

import pytest

from rongmei.core.models import AuditEntry
from rongmei.ledgers.services import ledger_import
from rongmei.outreach.models import Outlet

from .helpers import FULL, workbook

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _padded(extra_bytes: int, *, members: int = 0) -> bytes:
    """The sample ledger with its first sheet's XML followed by `extra_bytes` of blanks
    (legal XML whitespace, which deflates to a thousandth of its size), and with
    `members` more tiny parts; written in pieces, so the test never holds it unpacked."""
    source = zipfile.ZipFile(io.BytesIO(workbook({"outlets": FULL["outlets"]})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml" or not extra_bytes:
                target.writestr(info.filename, data)
                continue
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(data)
                chunk = b" " * MB
                for _ in range(extra_bytes // MB):
                    member.write(chunk)
        for n in range(members):
            target.writestr(f"customXml/item{n}.xml", b"<a/>")
    return out.getvalue()


def _refused(center, data):
    result = ledger_import(file=io.BytesIO(data), center=center, by=None, filename="台账.xlsx")
    assert not Outlet.objects.exists()
    assert not AuditEntry.objects.filter(verb="台账导入").exists()
    assert [e.row for e in result.errors] == [None]
    return result.errors[0].reason


def test_the_padded_sample_still_imports(center):
    result = ledger_import(
        file=io.BytesIO(_padded(0, members=3)), center=center, by=None, filename="台账.xlsx"
    )
    assert result.errors == []
    assert Outlet.objects.count() == 4


def test_a_workbook_unpacking_beyond_the_cap_is_refused(center):
    data = _padded(60 * MB)
    assert len(data) < 200 * 1024  # a small file…
    reason = _refused(center, data)  # …that would unpack to 60 MB
    assert "工作簿解压后过大" in reason
    assert "上限 50.0 MB" in reason


def test_a_part_compressed_beyond_reason_is_refused(center, settings):
    settings.RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES = 100 * MB
    reason = _refused(center, _padded(3 * MB))
    assert "xl/worksheets/sheet1.xml" in reason
    assert "压缩比异常" in reason


def test_a_workbook_of_too_many_parts_is_refused(center, settings):
    settings.RONGMEI_MAX_WORKBOOK_MEMBERS = 50
    reason = _refused(center, _padded(0, members=60))
    assert "工作簿内部文件过多" in reason


def test_the_caps_are_settings(center, settings):
    settings.RONGMEI_MAX_WORKBOOK_UNPACKED_BYTES = 2 * MB
    settings.RONGMEI_MAX_WORKBOOK_RATIO = 10_000
    assert "上限 2.0 MB" in _refused(center, _padded(3 * MB))
