"""`create_center` creates a center once; bad codes are refused in Chinese."""

import pytest
from django.core.management import CommandError, call_command

from rongmei.core.models import AuditEntry, Center

pytestmark = pytest.mark.django_db


def test_create_center_is_idempotent(capsys):
    call_command("create_center", "632224", "示范县融媒体中心")
    call_command("create_center", "632224", "示范县融媒体中心")
    out = capsys.readouterr().out
    assert "已创建：示范县融媒体中心（632224）" in out
    assert "已存在：示范县融媒体中心（632224）" in out
    assert Center.objects.filter(code="632224").count() == 1
    assert AuditEntry.objects.filter(object_type="core.Center").count() == 1


def test_create_center_under_a_city_platform():
    call_command("create_center", "632200", "示范市平台", "--level", "city")
    call_command("create_center", "632224", "示范县融媒体中心", "--parent", "632200")
    assert Center.objects.get(code="632224").parent.code == "632200"


@pytest.mark.parametrize("code", ["63222", "ABCDEF", "6322245"])
def test_create_center_refuses_a_bad_code(code):
    with pytest.raises(CommandError, match="6位"):
        call_command("create_center", code, "某中心")
    assert not Center.objects.exists()


def test_create_center_refuses_an_unknown_parent():
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_center", "632224", "示范县", "--parent", "999900")
    assert not Center.objects.exists()
