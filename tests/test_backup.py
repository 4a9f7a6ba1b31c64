"""`backup` and `restore` round-trip a seeded center: every table's row count and
content hash, and every stored file, come back unchanged (等保 8.1.4.10 数据备份恢复)."""

import gzip
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError

from rongmei.accounts.models import Department
from rongmei.accounts.services import department_create, department_update
from rongmei.core.backup import BackupError, backup, fingerprints, restore
from rongmei.core.crypto import get_provider
from rongmei.core.models import AuditEntry
from rongmei.newsroom.models import Story
from rongmei.newsroom.tests.factories import story_for
from rongmei.planning.models import Lead
from rongmei.planning.services import lead_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(center, make_user, admin_user):
    reporter = make_user(center, "reporter", username="backup-rep")
    story_for(center, reporter, title="备份前的稿件")
    department_create(center=center, name="备份部", by=admin_user)
    lead_create(by=None, center=center, title="群众爆料", content="路灯坏了", contact="13812341234")
    storages["default"].save("images/a.png", ContentFile(b"\x89PNG-not-really"))
    storages["private"].save("tips/photo.jpg", ContentFile("举报照片".encode()))
    return center


def _files():
    out = {}
    for alias, name in (("default", "images/a.png"), ("private", "tips/photo.jpg")):
        storage = storages[alias]
        out[(alias, name)] = storage.open(name).read() if storage.exists(name) else None
    return out


def _mutate(admin_user):
    department = Department.objects.get(name="备份部")
    department_update(department=department, by=admin_user, name="改名")
    department_create(center=department.center, name="新部门", by=admin_user)
    Story.objects.update(title="被改掉的标题")
    storages["private"].delete("tips/photo.jpg")


@pytest.mark.parametrize("encrypt", [False, True], ids=["plain", "encrypted"])
def test_round_trip_restores_every_table_and_file(tmp_path, seeded, admin_user, encrypt):
    before, files = fingerprints(), _files()
    result = backup(tmp_path / "b", encrypt=encrypt)
    assert result.rows > 0
    assert len(result.tables) > 50
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["encrypted"] is encrypt
    if encrypt:
        sealed = (tmp_path / "b" / "files" / "private" / "tips" / "photo.jpg").read_bytes()
        assert "举报照片".encode() not in sealed
    # A contact encrypted at rest stays encrypted in any backup.
    rows = gzip.decompress(
        (tmp_path / "b" / "data.jsonl.gz").read_bytes()
        if not encrypt
        else get_provider().decrypt(
            (tmp_path / "b" / "data.jsonl.gz").read_text(), aad=b"backup:data.jsonl.gz"
        )
    )
    assert b"13812341234" not in rows
    _mutate(admin_user)
    assert fingerprints() != before
    restore(tmp_path / "b")
    after = fingerprints()
    # The restore's own audit entry is the one row more (the backup entry came after
    # the snapshot, so it is gone again).
    audit = AuditEntry._meta.db_table
    log = {audit, "core_auditchainhead"}
    assert {t: v for t, v in after.items() if t not in log} == {
        t: v for t, v in before.items() if t not in log
    }
    assert after[audit]["rows"] == before[audit]["rows"] + 1
    assert AuditEntry.objects.latest("pk").verb == "恢复备份"
    assert _files() == files
    assert Story.objects.get().title == "备份前的稿件"
    assert Lead.objects.get().contact == "13812341234"
    call_command("audit_verify")  # the restored log and the restore's entry still chain


def test_a_changed_file_is_refused_and_nothing_changes(tmp_path, seeded, admin_user):
    backup(tmp_path / "b")
    photo = tmp_path / "b" / "files" / "private" / "tips" / "photo.jpg"
    photo.write_bytes(b"swapped")
    _mutate(admin_user)
    mutated = fingerprints()
    with pytest.raises(BackupError, match="校验值不符"):
        restore(tmp_path / "b")
    assert fingerprints() == mutated


def test_an_encrypted_backup_needs_its_key(tmp_path, seeded, settings):
    backup(tmp_path / "b", encrypt=True)
    settings.RONGMEI_DATA_KEYS = {"other": "A" * 43 + "="}
    with pytest.raises(BackupError, match="无法解密"):
        restore(tmp_path / "b")


def test_the_commands(tmp_path, seeded, capsys):
    call_command("backup", "--out", str(tmp_path / "b"))
    assert "backup ok" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", "--out", str(tmp_path / "b"))
    call_command("restore", str(tmp_path / "b"))
    assert "restore ok" in capsys.readouterr().out
    with pytest.raises(CommandError, match="缺少清单文件"):
        call_command("restore", str(tmp_path))
