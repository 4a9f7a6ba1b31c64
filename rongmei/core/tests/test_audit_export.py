"""Export for keeping beyond retention: one chain as JSON lines with a signature file;
`audit_export --verify` finds a changed line, a removed line or a changed signature;
the export is itself audited."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path, center, other_center):
    for i in range(4):
        audit_record(action="update", center=center, verb=f"第{i}条", changes={"n": i})
    audit_record(action="update", center=other_center, verb="邻县的")
    out = tmp_path / "audit-632224.jsonl"
    call_command("audit_export", "--center", center.code, "--out", str(out), stdout=StringIO())
    return out


def _verify(path):
    out = StringIO()
    call_command("audit_export", "--verify", str(path), stdout=out)
    return out.getvalue()


def test_export_writes_the_chain_and_a_signature_and_is_audited(exported, center):
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert [line["verb"] for line in lines] == ["第0条", "第1条", "第2条", "第3条"]
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    sig = json.loads((exported.parent / (exported.name + ".sig")).read_text(encoding="utf-8"))
    assert (sig["entries"], sig["center"], sig["algorithm"]) == (4, center.code, "HMAC-SHA256")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, verb="导出审计日志")
    assert entry.center_id == center.pk
    assert entry.changes["rows"] == 4
    assert entry.changes["sha256"] == sig["sha256"]
    assert "audit export ok: 4 entries" in _verify(exported)


def test_a_changed_line_is_found(exported):
    text = exported.read_text(encoding="utf-8").replace("第2条", "第9条")
    exported.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="第 3 行"):
        _verify(exported)


def test_a_removed_line_is_found(exported):
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    exported.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        _verify(exported)


def test_the_last_line_removed_is_found(exported):
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    exported.write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(CommandError, match="与签名不符"):
        _verify(exported)


def test_a_changed_signature_file_is_found(exported):
    sig = exported.parent / (exported.name + ".sig")
    meta = json.loads(sig.read_text(encoding="utf-8"))
    meta["entries"] = 3
    sig.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(CommandError, match="签名不符"):
        _verify(exported)


def test_a_missing_signature_file_is_found(exported):
    (exported.parent / (exported.name + ".sig")).unlink()
    with pytest.raises(CommandError, match="找不到签名文件"):
        _verify(exported)


def test_export_needs_a_center_and_a_file(tmp_path):
    with pytest.raises(CommandError, match="--out"):
        call_command("audit_export", "--center", "632224")
    with pytest.raises(CommandError, match="不存在"):
        call_command("audit_export", "--center", "999999", "--out", str(tmp_path / "x.jsonl"))
