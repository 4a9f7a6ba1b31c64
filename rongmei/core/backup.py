"""Backup and restore of a whole installation: the database and the stored files.

`python manage.py backup --out DIR [--encrypt]` writes into DIR (new or empty):

- `data.jsonl.gz` — every table's rows (many-to-many tables as rows of their own), one
  JSON object per line in Django's serialised form, primary keys and full time
  precision kept (sessions left out: a restored system signs everyone out);
- `files/<storage>/<path>` — every file of the `default` and `private` storages;
- `manifest.json` — the format, when and from what it was made, each table's row count
  and content hash, each file's SHA-256; `manifest.json.sha256` beside it.

With `--encrypt` each payload file is sealed with the current data key
(`rongmei.core.crypto`, AES-256-GCM or the configured provider) and the file's path as
its authenticated data: a file swapped for another does not open. Keep a copy of the key
(`RONGMEI_DATA_KEYS`) apart from the backup.

`python manage.py restore DIR` checks every checksum first and changes nothing when one
is wrong; then, in one transaction, empties the tables, loads the rows, writes the files
back and compares every table's row count and content hash with the manifest: any
difference rolls everything back. The database must be migrated to (at least) the
backup's migrations first (`manage.py migrate`); an entry in the audit log records the
restore. The audit log is restored as it was (its hash chain intact) through the one
guarded path that may delete audit entries (`core.audit.audit_purge_guard`).

Written here rather than with a backup library: none on PyPI covers both databases,
both storages and a table-by-table check (ADR 0019).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import management, serializers
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from . import crypto
from .audit import audit_purge_guard, audit_record
from .crypto import DecryptionError, get_provider
from .fields import EncryptedTextField
from .models import AuditAction

FORMAT = 1
DATA_FILE = "data.jsonl.gz"
MANIFEST = "manifest.json"
STORAGE_ALIASES = ("default", "private")
# Left out: sessions end with a restore.
SKIPPED_MODELS = frozenset({"sessions.session"})
CHUNK = 2000


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Chinese."""


@dataclass
class BackupResult:
    path: Path
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.tables.values())


# --- what is backed up -------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table's model (many-to-many tables included), by table name."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED_MODELS:
            continue
        found.setdefault(meta.db_table, model)
    return [found[name] for name in sorted(found)]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return value


def table_fingerprint(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Row count and SHA-256 of the rows as stored, in primary-key order.

    A many-to-many table's own ids are left out: loading gives its rows new ones."""
    meta = model._meta
    if meta.auto_created:
        columns = [f.attname for f in meta.concrete_fields if not f.primary_key]
        order = columns
    else:
        columns, order = [f.attname for f in meta.concrete_fields], ["pk"]
    digest = hashlib.sha256()
    rows = 0
    query = model._base_manager.using(using).order_by(*order).values_list(*columns)
    for row in query.iterator(chunk_size=CHUNK):
        digest.update(
            json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str).encode()
        )
        digest.update(b"\n")
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def fingerprints(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, Any]]:
    return {m._meta.db_table: table_fingerprint(m, using) for m in backed_up_models()}


def _storage_files(alias: str) -> Iterator[str]:
    storage = storages[alias]

    def walk(prefix: str) -> Iterator[str]:
        try:
            dirs, files = storage.listdir(prefix)
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in sorted(files):
            yield f"{prefix}/{name}" if prefix else name
        for name in sorted(dirs):
            yield from walk(f"{prefix}/{name}" if prefix else name)

    yield from walk("")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _seal(data: bytes, name: str, encrypt: bool) -> bytes:
    if not encrypt:
        return data
    return get_provider().encrypt(data, aad=f"backup:{name}".encode()).encode()


def _open(data: bytes, name: str, encrypted: bool) -> bytes:
    if not encrypted:
        return data
    try:
        return get_provider().decrypt(data.decode(), aad=f"backup:{name}".encode())
    except (DecryptionError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(
            _("备份文件 %(name)s 无法解密：密钥不对或文件已被改动。") % {"name": name}
        ) from exc


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


# --- backup ------------------------------------------------------------------------


class _Encoder(json.JSONEncoder):
    """Times in full (Django's JSON encoder cuts microseconds), decimals as text."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.date, dt.time)):
            return o.isoformat()
        if isinstance(o, (Decimal, uuid.UUID)):
            return str(o)
        return super().default(o)


def _encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _dump(using: str) -> bytes:
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for model in backed_up_models():
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            sealed = _encrypted_fields(model)
            query = model._base_manager.using(using).order_by("pk")
            for obj in query.iterator(chunk_size=CHUNK):
                (row,) = serializers.serialize("python", [obj], fields=fields)
                # Encrypted at rest, encrypted in the backup too (a fresh token).
                for field in sealed:
                    row["fields"][field.name] = field.get_prep_value(row["fields"][field.name])
                out.write(json.dumps(row, cls=_Encoder, ensure_ascii=False).encode())
                out.write(b"\n")
    return raw.getvalue()


def _load(data: bytes, using: str) -> None:
    connection = connections[using]
    tables = set()
    with connection.constraint_checks_disabled():
        for line in gzip.decompress(data).splitlines():
            for item in serializers.deserialize(
                "python", [json.loads(line)], using=using, ignorenonexistent=True
            ):
                for field in _encrypted_fields(type(item.object)):
                    token = getattr(item.object, field.attname)
                    if token and crypto.is_token(token):
                        setattr(
                            item.object, field.attname, crypto.decrypt_text(token, aad=field.aad)
                        )
                item.save(using=using)
                tables.add(item.object._meta.db_table)
    connection.check_constraints(table_names=sorted(tables))
    models_loaded = [m for m in backed_up_models() if m._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(management.color.no_style(), models_loaded)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backup(out: str | os.PathLike, *, encrypt: bool = False, using: str = DEFAULT_DB_ALIAS):
    """Write a backup of the database and the stored files into `out` (new or empty)."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(_("备份目录 %(path)s 不是空目录。") % {"path": out})
    out.mkdir(parents=True, exist_ok=True)
    result = BackupResult(path=out)
    files: dict[str, str] = {}
    # One snapshot of the database: the dump and the fingerprints read the same rows.
    with transaction.atomic(using=using):
        data = _dump(using)
        result.tables = fingerprints(using)
        applied = _applied_migrations(using)
    payload = _seal(data, DATA_FILE, encrypt)
    (out / DATA_FILE).write_bytes(payload)
    files[DATA_FILE] = _sha256(payload)
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in _storage_files(alias):
            relative = f"files/{alias}/{name}"
            with storage.open(name, "rb") as handle:
                sealed = _seal(handle.read(), relative, encrypt)
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sealed)
            files[relative] = _sha256(sealed)
    result.files = files
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": connections[using].vendor,
        "encrypted": encrypt,
        "key_id": get_provider().key_id if encrypt else "",
        "migrations": applied,
        "tables": result.tables,
        "files": files,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    (out / MANIFEST).write_text(text, encoding="utf-8")
    (out / f"{MANIFEST}.sha256").write_text(f"{_sha256(text.encode())}  {MANIFEST}\n")
    audit_record(
        action=AuditAction.EXPORT,
        verb=_("备份"),
        changes={"tables": len(result.tables), "rows": result.rows, "files": len(files) - 1},
    )
    return result


# --- restore -----------------------------------------------------------------------


def read_manifest(path: str | os.PathLike) -> dict[str, Any]:
    """The manifest of the backup in `path`, after checking every checksum."""
    path = Path(path)
    try:
        text = (path / MANIFEST).read_text(encoding="utf-8")
        recorded = (path / f"{MANIFEST}.sha256").read_text().split()[0]
    except (FileNotFoundError, IndexError) as exc:
        raise BackupError(_("%(path)s 不是完整的备份：缺少清单文件。") % {"path": path}) from exc
    if _sha256(text.encode()) != recorded:
        raise BackupError(_("备份清单的校验值不符，清单已被改动。"))
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT:
        raise BackupError(_("不支持的备份格式版本：%(v)s。") % {"v": manifest.get("format")})
    for relative, digest in manifest["files"].items():
        target = path / relative
        if not target.is_file():
            raise BackupError(_("备份缺少文件：%(name)s。") % {"name": relative})
        if _sha256(target.read_bytes()) != digest:
            raise BackupError(
                _("文件 %(name)s 的校验值不符，备份已损坏或被改动。") % {"name": relative}
            )
    return manifest


def _check_migrations(manifest: dict[str, Any], using: str) -> None:
    applied = {tuple(m) for m in _applied_migrations(using)}
    missing = [f"{a}.{n}" for a, n in manifest["migrations"] if (a, n) not in applied]
    if missing:
        raise BackupError(
            _("数据库结构比备份旧，请先执行 manage.py migrate（缺少 %(m)s 等）。")
            % {"m": "、".join(missing[:3])}
        )


def _empty_tables(using: str) -> None:
    connection = connections[using]
    tables = [m._meta.db_table for m in backed_up_models()]
    sql = connection.ops.sql_flush(
        management.color.no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with audit_purge_guard(connection), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred checks still pending in this
            # transaction: run them now, then defer again for the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in sql:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore(path: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Replace the database's rows and the stored files with the backup in `path`."""
    path = Path(path)
    manifest = read_manifest(path)
    _check_migrations(manifest, using)
    encrypted = bool(manifest.get("encrypted"))
    data = _open((path / DATA_FILE).read_bytes(), DATA_FILE, encrypted)
    result = BackupResult(path=path, files=manifest["files"])
    with transaction.atomic(using=using):
        _empty_tables(using)
        _load(data, using)
        result.tables = fingerprints(using)
        _compare(manifest["tables"], result.tables)
        _restore_files(path, manifest, encrypted)
    audit_record(
        action=AuditAction.IMPORT,
        verb=_("恢复备份"),
        changes={
            "created_at": manifest["created_at"],
            "tables": len(result.tables),
            "rows": result.rows,
        },
    )
    return result


def _compare(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> None:
    differ = [
        table
        for table in sorted(set(expected) | set(found))
        if expected.get(table) != found.get(table)
        # A table the backup did not know (a newer migration) must be empty.
        and not (table not in expected and found[table]["rows"] == 0)
    ]
    if differ:
        raise BackupError(
            _("恢复后以下数据表与备份不一致，已全部回滚：%(t)s。") % {"t": "、".join(differ[:5])}
        )


def _restore_files(path: Path, manifest: dict[str, Any], encrypted: bool) -> None:
    for relative in manifest["files"]:
        if relative == DATA_FILE:
            continue
        _, alias, name = relative.split("/", 2)
        storage = storages[alias]
        content = _open((path / relative).read_bytes(), relative, encrypted)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(content))
        if saved != name:
            raise BackupError(_("文件 %(name)s 无法按原名恢复。") % {"name": name})


def describe(result: BackupResult) -> Iterable[str]:
    yield _("数据表 %(n)s 个，共 %(rows)s 行；文件 %(f)s 个。") % {
        "n": len(result.tables),
        "rows": result.rows,
        "f": max(len(result.files) - 1, 0),
    }
