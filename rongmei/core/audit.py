"""Writing the audit log. Every service calls `audit_record` for what it changes.

The log holds (GB/T 22239-2019 §8.1.4.3 安全审计):

- Append-only in the database: triggers refuse UPDATE and DELETE on `core_auditentry`
  (`audit_triggers_create`); DELETE passes only inside `audit_purge`, the one retention
  path, which refuses entries younger than RONGMEI_AUDIT_RETENTION_DAYS (never below
  180 days) and leaves an entry of its own.
- Chained: each entry's `hash` is HMAC-SHA256 over the previous entry's hash and a
  canonical serialization of its fields, with RONGMEI_AUDIT_KEY (kept outside the
  database). One chain per center, chain 0 for entries with no center; appending locks
  the chain's head row, so concurrent writers line up. `audit_chain_verify` finds the
  first entry changed, removed or added outside this module.
- Exportable for keeping beyond retention: `audit_export_write` writes JSON lines and a
  signature file that `audit_export_check` verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .context import current_request
from .models import AuditAction, AuditChainHead, AuditEntry, Center
from .net import client_ip

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.http import HttpRequest

# 等保 2.0 asks that audit records be kept at least six months.
AUDIT_RETENTION_MIN_DAYS = 180
# The chain of entries that belong to no center.
NO_CENTER_CHAIN = 0
# The fields the hash covers, in this order (with the previous entry's hash before them).
HASHED_FIELDS = (
    "chain",
    "seq",
    "center_id",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "verb",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "ip_address",
)
PURGE_VERB = "清理过期审计日志"
EXPORT_FORMAT = "rongmei-audit-export/1"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time, Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, for comparing before and after."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        # Encrypted personal data (core.fields) is never copied into the log in clear:
        # masked, with a keyed digest so that a change still shows.
        if getattr(field, "sensitive", False):
            value = _redacted(value, getattr(field, "mask", "contact"))
        data[field.name] = _plain(value)
    return data


def _redacted(value: Any, mask: str) -> str:
    if value in (None, ""):
        return ""
    from .crypto import keyed_digest
    from .masking import mask_value

    digest = keyed_digest(str(value), purpose="audit")[:8]
    return f"{mask_value(str(value), mask)} #{digest}"


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose value changed."""
    skip = {"updated_at", "created_at"}
    return {
        k: [before.get(k), after.get(k)]
        for k in after
        if k not in skip and before.get(k) != after.get(k)
    }


def audit_record(
    *,
    action: str,
    by: AbstractBaseUser | None = None,
    obj: models.Model | None = None,
    center: Center | int | None = None,
    changes: dict[str, Any] | None = None,
    verb: str = "",
    request: HttpRequest | None = None,
    actor_name: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry to the audit log (`at`: when it happened, if not now)."""
    request = request or current_request.get()
    if center is None and obj is not None:
        center_id = getattr(obj, "center_id", None)
    else:
        center_id = center.pk if isinstance(center, Center) else center
    if obj is not None and isinstance(obj, Center):
        center_id = obj.pk
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    entry = AuditEntry(
        center_id=center_id,
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        action=action,
        verb=verb[:100],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        # As it reads back from the database (string keys, JSON types), so that the hash
        # computed now is the hash recomputed later.
        changes=json.loads(
            json.dumps({str(k): _plain(v) for k, v in (changes or {}).items()}, default=str)
        ),
        ip_address=client_ip(request),
    )
    return _append(entry, at=at)


def audit_create(*, by, obj: models.Model, verb: str = "") -> AuditEntry:
    return audit_record(
        action=AuditAction.CREATE,
        by=by,
        obj=obj,
        verb=verb,
        changes={
            k: [None, v]
            for k, v in snapshot(obj).items()
            if v not in (None, "") and k not in {"created_at", "updated_at"}
        },
    )


def audit_update(
    *, by, obj: models.Model, before: dict[str, Any], verb: str = ""
) -> AuditEntry | None:
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return audit_record(action=AuditAction.UPDATE, by=by, obj=obj, changes=changes, verb=verb)


def audit_delete(*, by, obj: models.Model, verb: str = "") -> AuditEntry:
    return audit_record(
        action=AuditAction.DELETE,
        by=by,
        obj=obj,
        verb=verb,
        changes={
            k: [v, None]
            for k, v in snapshot(obj).items()
            if v not in (None, "") and k not in {"created_at", "updated_at"}
        },
    )


def audit_transition(
    *,
    by,
    obj: models.Model,
    field: str,
    old: Any,
    new: Any,
    verb: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    changes: dict[str, Any] = {field: [old, new]}
    changes.update(extra or {})
    return audit_record(action=AuditAction.TRANSITION, by=by, obj=obj, changes=changes, verb=verb)


# --- The hash chain -------------------------------------------------------------------


def audit_key() -> bytes:
    """RONGMEI_AUDIT_KEY; empty (development and tests only): derived from SECRET_KEY."""
    key = (getattr(settings, "RONGMEI_AUDIT_KEY", "") or "").strip()
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"rongmei.audit.v1", hashlib.sha256).digest()


def _canonical_json(value: Any) -> Any:
    # A float with no fractional part may read back from PostgreSQL's jsonb as an int.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _canonical_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_json(v) for v in value]
    return value


def _canonical_at(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _canonical_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).compressed
    except ValueError:
        return str(value)


def entry_fields(entry: Any) -> dict[str, Any]:
    """The hashed fields of an entry (a model instance, also a historical one)."""
    return {
        "chain": int(entry.chain),
        "seq": int(entry.seq),
        "center_id": entry.center_id,
        "at": _canonical_at(entry.at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name or "",
        "action": entry.action,
        "verb": entry.verb or "",
        "object_type": entry.object_type or "",
        "object_id": entry.object_id or "",
        "object_repr": entry.object_repr or "",
        "changes": _canonical_json(entry.changes if entry.changes is not None else {}),
        "ip_address": _canonical_ip(entry.ip_address),
    }


def entry_digest(prev_hash: str, fields: dict[str, Any], key: bytes | None = None) -> str:
    """HMAC-SHA256 (hex) over the previous hash and the canonical JSON of `fields`."""
    body = json.dumps(
        [prev_hash, [fields[name] for name in HASHED_FIELDS]],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hmac.new(key or audit_key(), body.encode(), hashlib.sha256).hexdigest()


def _head_locked(chain: int, using: str) -> AuditChainHead:
    heads = AuditChainHead.objects.using(using).select_for_update()
    head = heads.filter(chain=chain).first()
    if head is None:
        # Two first writers of a chain: one inserts, the other's insert does nothing.
        AuditChainHead.objects.using(using).bulk_create(
            [AuditChainHead(chain=chain)], ignore_conflicts=True
        )
        head = heads.get(chain=chain)
    return head


def _append(entry: AuditEntry, *, at: dt.datetime | None = None) -> AuditEntry:
    """Link `entry` after the last entry of its chain and insert it."""
    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using):
        entry.chain = entry.center_id or NO_CENTER_CHAIN
        head = _head_locked(entry.chain, using)
        # The time is taken under the chain's lock, so that it grows along the chain.
        entry.at = at or timezone.now()
        entry.seq = head.seq + 1
        entry.prev_hash = head.hash
        entry.hash = entry_digest(entry.prev_hash, entry_fields(entry))
        entry.save(force_insert=True, using=using)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"], using=using)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """The first entry of a chain that does not hold, and why."""

    chain: int
    entry_id: int | None
    at: dt.datetime | None
    seq: int
    reason: str

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M:%S") if self.at else "-"
        return _("审计日志第 %(id)s 条（%(at)s，链 %(chain)s，序号 %(seq)s）：%(reason)s") % {
            "id": self.entry_id if self.entry_id is not None else "-",
            "at": when,
            "chain": self.chain,
            "seq": self.seq,
            "reason": self.reason,
        }


def _verify_chain(chain: int, head: AuditChainHead | None) -> tuple[int, ChainBreak | None]:
    key = audit_key()
    expected = (head.base_seq if head else 0) + 1
    prev = head.base_hash if head else ""
    count = 0
    last = None
    entries = AuditEntry.objects.filter(chain=chain).order_by("seq", "id")
    for entry in entries.iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected:
            if entry.seq > expected:
                reason = _("在它之前缺少 %(n)s 条（序号 %(a)s–%(b)s）。") % {
                    "n": entry.seq - expected,
                    "a": expected,
                    "b": entry.seq - 1,
                }
            else:
                reason = _("序号重复或次序错乱（应为 %(seq)s）。") % {"seq": expected}
            return count, ChainBreak(chain, entry.pk, entry.at, entry.seq, reason)
        if entry.prev_hash != prev:
            reason = _("与前一条的链接不符（前一条被改动或替换）。")
            return count, ChainBreak(chain, entry.pk, entry.at, entry.seq, reason)
        if not hmac.compare_digest(entry_digest(prev, entry_fields(entry), key), entry.hash):
            reason = _("内容与摘要不符（记录被改动）。")
            return count, ChainBreak(chain, entry.pk, entry.at, entry.seq, reason)
        prev = entry.hash
        expected += 1
        last = entry
    if head is None:
        if last is not None:
            reason = _("该链没有链头记录。")
            return count, ChainBreak(chain, last.pk, last.at, last.seq, reason)
        return count, None
    if expected - 1 != head.seq or prev != head.hash:
        reason = _("链尾缺少 %(n)s 条（链头记到序号 %(seq)s）。") % {
            "n": head.seq - (expected - 1),
            "seq": head.seq,
        }
        return count, ChainBreak(
            chain, last.pk if last else None, last.at if last else None, expected - 1, reason
        )
    return count, None


def audit_chain_verify(*, center: Center | None = None) -> tuple[int, ChainBreak | None]:
    """(entries checked, the first break or None) of one center's chain, or of all."""
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    if center is not None:
        chains = [center.pk]
    else:
        chains = sorted(set(heads) | set(AuditEntry.objects.values_list("chain", flat=True)))
    total = 0
    for chain in chains:
        count, broken = _verify_chain(chain, heads.get(chain))
        total += count
        if broken is not None:
            return total, broken
    return total, None


# --- Append-only in the database ------------------------------------------------------

_SQLITE_TRIGGERS = [
    "CREATE TABLE IF NOT EXISTS core_auditpurgeguard (id integer NOT NULL PRIMARY KEY)",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    WHEN NOT EXISTS (SELECT 1 FROM core_auditpurgeguard)
    BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only: DELETE refused'); END""",
]
_POSTGRES_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION core_auditentry_refuse() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND coalesce(current_setting('rongmei.audit_purge', true), '') = 'on' THEN
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'core_auditentry is append-only: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete ON core_auditentry",
    "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry",
    """CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse()""",
    """CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse()""",
    """CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse()""",
]
AUDIT_TRIGGERS = {
    "sqlite": ("core_auditentry_no_update", "core_auditentry_no_delete"),
    "postgresql": (
        "core_auditentry_no_update",
        "core_auditentry_no_delete",
        "core_auditentry_no_truncate",
    ),
}


def audit_triggers_create(connection) -> None:
    """(Re)create the triggers that keep `core_auditentry` append-only."""
    statements = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_TRIGGERS}.get(
        connection.vendor
    )
    if statements is None:
        raise NotImplementedError(f"audit triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def audit_triggers_missing(connection=None) -> list[str]:
    """The append-only triggers that are not in the database."""
    connection = connection or connections[router.db_for_write(AuditEntry)]
    wanted = AUDIT_TRIGGERS.get(connection.vendor, ())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["core_auditentry"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass"
                " AND NOT tgisinternal"
            )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in wanted if name not in present]


@contextmanager
def audit_purge_guard(connection) -> Iterator[None]:
    """Within the block (inside a transaction), the DELETE trigger lets deletes through."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_purge_guard needs a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('rongmei.audit_purge', 'on', true)")
        else:
            cursor.execute("INSERT INTO core_auditpurgeguard (id) VALUES (1)")
    yield
    # On an error the transaction is rolled back, and the guard with it.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('rongmei.audit_purge', 'off', true)")
        else:
            cursor.execute("DELETE FROM core_auditpurgeguard")


def audit_retention_days(days: int | None = None) -> int:
    """The retention asked for, or the setting; refused below 180 days."""
    if days is None:
        days = int(getattr(settings, "RONGMEI_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS))
    if days < AUDIT_RETENTION_MIN_DAYS:
        raise ValidationError(
            _("审计日志至少保留%(days)s天。") % {"days": AUDIT_RETENTION_MIN_DAYS}
        )
    return days


def audit_purge(*, older_than_days: int | None = None) -> int:
    """Delete the entries older than the retention period: the one way entries go.

    Only a chain's oldest entries go (a prefix, so that the rest still links up), never
    one younger than the cutoff; the chain head remembers the last one removed. Each
    chain purged gets an entry saying how many, up to which entry and which date.
    """
    days = audit_retention_days(older_than_days)
    cutoff = timezone.now() - dt.timedelta(days=days)
    using = router.db_for_write(AuditEntry)
    connection = connections[using]
    total = 0
    purged = []
    with transaction.atomic(using=using):
        for head in AuditChainHead.objects.using(using).select_for_update().order_by("chain"):
            entries = AuditEntry.objects.using(using).filter(chain=head.chain)
            first_kept = (
                entries.filter(seq__gt=head.base_seq, at__gte=cutoff)
                .order_by("seq")
                .values_list("seq", flat=True)
                .first()
            )
            upto = first_kept - 1 if first_kept is not None else head.seq
            if upto <= head.base_seq:
                continue
            last = entries.filter(seq=upto).values("hash", "at").first() or {}
            with audit_purge_guard(connection):
                deleted, _detail = entries.filter(seq__lte=upto).delete()
            head.base_seq, head.base_hash = upto, last.get("hash", "")
            head.save(update_fields=["base_seq", "base_hash"])
            total += deleted
            purged.append((head.chain, deleted, upto, head.base_hash, last.get("at")))
        for chain, deleted, upto, upto_hash, upto_at in purged or [(None, 0, 0, "", None)]:
            audit_record(
                action=AuditAction.DELETE,
                center=chain or None,
                verb=PURGE_VERB,
                changes={
                    "deleted": deleted,
                    "before": cutoff.isoformat(),
                    "retention_days": days,
                    "up_to_seq": upto,
                    "up_to_hash": upto_hash,
                    "up_to_at": upto_at.isoformat() if upto_at else None,
                },
            )
    return total


# --- Refused actions ------------------------------------------------------------------

_PENDING = "_rongmei_audit_refusals"
_RECORDED = "_rongmei_audit_refused"


def audit_refused(
    *,
    by,
    center: Center | int | None,
    perm: str,
    message: str = "",
    exc: BaseException | None = None,
) -> None:
    """Record that `by` was refused `perm` (what they tried) in `center`.

    `exc`: the PermissionDenied raised, recorded once however many handlers see it. The
    refused service call is rolled back, and an entry written inside its transaction
    would go with it: in a request, inside a transaction, the entry waits on the request
    and `audit_refusals_flush` (the middleware, after the view) writes it; elsewhere it
    is written at once.
    """
    if exc is not None:
        if getattr(exc, "_rongmei_audited", False):
            return
        exc._rongmei_audited = True  # type: ignore[attr-defined]
    request = current_request.get()
    center_id = center.pk if isinstance(center, Center) else center
    record = {
        "action": AuditAction.REFUSED,
        "by": by,
        "center": center_id,
        "verb": (_("拒绝：%(perm)s") % {"perm": perm})[:100],
        "changes": {
            "perm": perm,
            "message": str(message or (exc or "")),
            "path": request.path if request is not None else "",
            "method": request.method if request is not None else "",
        },
    }
    if request is not None:
        request.__dict__[_RECORDED] = True
    using = router.db_for_write(AuditEntry)
    if request is not None and connections[using].in_atomic_block:
        request.__dict__.setdefault(_PENDING, []).append(record)
    else:
        audit_record(request=request, **record)


def audit_refusals_flush(request, response=None, center: Center | None = None) -> int:
    """Write the refusals a request collected (after its transactions ended).

    A 403 answered to a signed-in user that no refusal was recorded for (a view's own
    `raise PermissionDenied`, an API's 403) is recorded here, with the path.
    """
    pending = request.__dict__.pop(_PENDING, [])
    for record in pending:
        audit_record(request=request, **record)
    user = getattr(request, "user", None)
    if (
        response is not None
        and response.status_code == 403
        and not request.__dict__.get(_RECORDED)
        and getattr(user, "is_authenticated", False)
    ):
        audit_record(
            action=AuditAction.REFUSED,
            by=user,
            center=center,
            request=request,
            verb=(_("拒绝访问：%(path)s") % {"path": request.path})[:100],
            changes={"path": request.path, "method": request.method, "status": 403},
        )
        return len(pending) + 1
    return len(pending)


# --- Export for keeping beyond retention ----------------------------------------------


def _export_key() -> bytes:
    return hmac.new(audit_key(), b"rongmei.audit.export.v1", hashlib.sha256).digest()


def _signature(meta: dict[str, Any]) -> str:
    body = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(_export_key(), body.encode(), hashlib.sha256).hexdigest()


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + ".sig")


def audit_export_write(*, center: Center | None, out: Path, by=None) -> dict[str, Any]:
    """Write one chain (a center's, or chain 0) to `out` as JSON lines, and `out`.sig.

    Each line holds the hashed fields, `prev_hash` and `hash`, so that the chain can be
    checked from the file alone (with the audit key); the signature file holds the
    file's SHA-256 and the chain's ends under an HMAC of the audit key. Audited.
    """
    chain = center.pk if center is not None else NO_CENTER_CHAIN
    digest = hashlib.sha256()
    count, first, last = 0, None, None
    with out.open("wb") as fh:
        entries = AuditEntry.objects.filter(chain=chain).order_by("seq")
        for entry in entries.iterator(chunk_size=2000):
            line = {
                "id": entry.pk,
                **entry_fields(entry),
                "prev_hash": entry.prev_hash,
                "hash": entry.hash,
            }
            data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode()
            fh.write(data)
            digest.update(data)
            count += 1
            first = first or entry
            last = entry
    meta = {
        "format": EXPORT_FORMAT,
        "file": out.name,
        "sha256": digest.hexdigest(),
        "entries": count,
        "chain": chain,
        "center": center.code if center is not None else "",
        "first_seq": first.seq if first else 0,
        "first_prev_hash": first.prev_hash if first else "",
        "last_seq": last.seq if last else 0,
        "last_hash": last.hash if last else "",
        "exported_at": timezone.now().isoformat(),
        "algorithm": "HMAC-SHA256",
    }
    meta["signature"] = _signature(meta)
    signature_path(out).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    audit_record(
        action=AuditAction.EXPORT,
        by=by,
        center=center,
        verb=_("导出审计日志"),
        changes={
            "rows": count,
            "file": out.name,
            "sha256": meta["sha256"],
            "first_seq": meta["first_seq"],
            "last_seq": meta["last_seq"],
        },
    )
    return meta


def audit_export_check(path: Path) -> dict[str, Any]:
    """The signature file's contents if `path` is an untouched export; else ValidationError."""
    sig = signature_path(path)
    if not sig.exists():
        raise ValidationError(_("找不到签名文件 %(name)s。") % {"name": sig.name})
    try:
        meta = json.loads(sig.read_text(encoding="utf-8"))
        signature = meta.pop("signature")
    except (ValueError, KeyError, AttributeError) as exc:
        raise ValidationError(_("签名文件无法读取。")) from exc
    if not hmac.compare_digest(_signature(meta), str(signature)):
        raise ValidationError(_("签名不符：签名文件被改动，或不是用本系统的审计密钥签的。"))
    key = audit_key()
    digest = hashlib.sha256()
    count = 0
    prev, seq = meta.get("first_prev_hash", ""), meta.get("first_seq", 1) - 1
    with path.open("rb") as fh:
        for number, data in enumerate(fh, start=1):
            digest.update(data)
            try:
                line = json.loads(data)
                fields = {name: line[name] for name in HASHED_FIELDS}
            except (ValueError, KeyError, TypeError) as exc:
                raise ValidationError(_("第 %(n)s 行无法读取。") % {"n": number}) from exc
            ok = (
                fields["seq"] == seq + 1
                and line.get("prev_hash") == prev
                and hmac.compare_digest(entry_digest(prev, fields, key), str(line.get("hash")))
            )
            if not ok:
                raise ValidationError(
                    _("第 %(n)s 行（审计日志第 %(id)s 条）与链不符。")
                    % {"n": number, "id": line.get("id")}
                )
            prev, seq = line["hash"], fields["seq"]
            count += 1
    if digest.hexdigest() != meta.get("sha256") or count != meta.get("entries"):
        raise ValidationError(_("文件内容与签名不符（被改动或不完整）。"))
    return meta
