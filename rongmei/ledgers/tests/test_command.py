"""`manage.py import_ledger`: stdout carries exactly the contract's lines; exit 1 on errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rongmei.notices.models import Notice

from .helpers import workbook, write

GOOD = {"notices": [["date", "category", "title"], ["2021-09-01", "power", "停电"]]}
BAD = {"notices": [["date", "category", "title"], ["2021-13-01", "snow", "停电"]]}


def call(*args):
    out, err = StringIO(), StringIO()
    call_command("import_ledger", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_success_prints_one_line_per_sheet(center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(GOOD))

    out, _err = call(str(path), "--center", "632224")

    assert out == "notices: 1 created, 0 unchanged\n"
    assert Notice.objects.get().center == center


def test_the_only_center_needs_no_code_and_a_second_import_creates_nothing(center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(GOOD))
    call(str(path))

    out, _err = call(str(path))

    assert out == "notices: 0 created, 1 unchanged\n"


def test_errors_then_their_count_and_exit_status_1(center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(BAD))

    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_ledger", str(path), stdout=out, stderr=StringIO())

    assert caught.value.returncode == 1
    assert out.getvalue().splitlines() == [
        "notices:2:date: 日期“2021-13-01”不存在",
        "notices:2:category: 无效的取值“snow”，可选：power（停电）、water（停水）、traffic（交通）、"
        "agriculture（农特产品）、weather（气象）、other（其他）",
        "共 2 处错误，未导入任何数据。",
    ]
    assert not Notice.objects.exists()


def test_dry_run_counts_and_writes_nothing(center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(GOOD))

    out, err = call(str(path), "--dry-run")

    assert out == "notices: 1 created, 0 unchanged\n"
    assert "试运行" in err
    assert not Notice.objects.exists()


def test_several_centers_need_a_code(center, other_center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(GOOD))

    with pytest.raises(CommandError, match="多个中心"):
        call(str(path))
    call(str(path), "--center", "632225")

    assert Notice.objects.get().center == other_center


def test_unknown_center_is_an_error(center, tmp_path):
    path = write(tmp_path, "ledger.xlsx", workbook(GOOD))

    with pytest.raises(CommandError, match="未知的中心代码“999999”"):
        call(str(path), "--center", "999999")
    assert not Notice.objects.exists()


def test_missing_file_is_an_error(center, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call(str(tmp_path / "nope.xlsx"))
