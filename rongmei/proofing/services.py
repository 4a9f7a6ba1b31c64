"""Proofing owns the machine pre-check: lexicons and rules, their versions, and findings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_create, audit_delete, audit_record, audit_update, snapshot
from rongmei.core.models import AuditAction, Center
from rongmei.core.roles import Role

from . import checkers, engine, transfer
from .models import (
    AcceptedFinding,
    Leader,
    Lexicon,
    LexiconKind,
    LexiconVersion,
    Rule,
    Term,
)

if TYPE_CHECKING:
    from rongmei.accounts.models import User

# Who maintains a center's lexicons, and who may keep a warning on purpose.
EDITOR_ROLES = (Role.DESK_HEAD, Role.CHIEF_EDITOR, Role.ADMINISTRATOR)
ACCEPT_ROLES = (Role.EDITOR, Role.DESK_HEAD, Role.CHIEF_EDITOR, Role.ADMINISTRATOR)
STARTER_DIR = Path(__file__).resolve().parent / "data" / "starter"
# (file, name, kind, active): the starter set, all shared lexicons.
STARTER = (
    ("banned.txt", "禁用词（起步示例）", LexiconKind.BANNED, True),
    ("cautioned.txt", "慎用词（起步示例）", LexiconKind.CAUTIONED, True),
    ("sensitive.txt", "敏感词（起步示例）", LexiconKind.SENSITIVE, True),
    ("typo.txt", "常见错别字（起步示例）", LexiconKind.TYPO, True),
    ("formulation.txt", "规范表述（起步示例）", LexiconKind.FORMULATION, True),
    ("allow.txt", "白名单（起步示例）", LexiconKind.ALLOW, True),
    # Fictional names: kept inactive, it shows the layout of a center's own list.
    ("leaders.txt", "领导姓名职务（起步示例，虚构）", LexiconKind.LEADER, False),
)
ENTRY_MODELS = {"term": Term, "leader": Leader, "rule": Rule}


# -- permissions ----------------------------------------------------------------------


def can_edit_lexicon(user: User | None, center: Center | int | None) -> bool:
    """Shared lexicons: superusers. A center's: its desk heads, chief editors, administrators."""
    if user is None:
        return True  # system work: migrations, management commands
    if user.is_superuser:
        return True
    if center is None:
        return False
    return has_role(user, center, *EDITOR_ROLES)


def _require_edit(user: User | None, center: Center | int | None) -> None:
    if not can_edit_lexicon(user, center):
        raise PermissionDenied(_("没有维护该词库的权限。"))


# -- versions -------------------------------------------------------------------------


def _content(lexicon: Lexicon) -> tuple[dict, int]:
    terms = [
        engine.TermEntry(t.text, t.suggestion, t.category, t.severity, t.is_exception)
        for t in lexicon.terms.order_by("text")
    ]
    leaders = [
        engine.LeaderEntry(ld.name, tuple(ld.title_list), ld.order, tuple(ld.former_title_list))
        for ld in lexicon.leaders.order_by("order", "name")
    ]
    rules = [
        engine.RuleEntry(str(r.pk), r.name, r.kind, r.pattern, r.suggestion, r.severity, r.category)
        for r in lexicon.rules.order_by("name")
    ]
    content = engine.snapshot_of(
        name=lexicon.name,
        kind=lexicon.kind,
        default_severity=lexicon.severity,
        terms=terms,
        leaders=leaders,
        rules=rules,
    )
    return content, len(terms) + len(leaders) + len(rules)


def lexicon_version_freeze(*, lexicon: Lexicon, by: User | None, note: str = "") -> LexiconVersion:
    """Freeze the lexicon's current content as its next version and make it current."""
    # Lock the lexicon row so two edits at once cannot take the same number.
    lexicon = Lexicon.objects.select_for_update().get(pk=lexicon.pk)
    last = lexicon.versions.order_by("-number").values_list("number", flat=True).first() or 0
    content, count = _content(lexicon)
    version = LexiconVersion.objects.create(
        center_id=lexicon.center_id,
        lexicon=lexicon,
        number=last + 1,
        created_by=by if by is not None and by.is_authenticated else None,
        note=note[:200],
        entry_count=count,
        content=content,
    )
    Lexicon.objects.filter(pk=lexicon.pk).update(current_version=version)
    audit_record(
        action=AuditAction.CREATE,
        by=by,
        obj=version,
        center=lexicon.center,
        changes={"number": [None, version.number], "entries": [None, count]},
        verb=_("词库新版本"),
    )
    return version


# -- lexicons -------------------------------------------------------------------------


@transaction.atomic
def lexicon_create(
    *,
    center: Center | None,
    name: str,
    kind: str,
    by: User | None,
    default_severity: str = "",
    description: str = "",
    is_active: bool = True,
    is_starter: bool = False,
) -> Lexicon:
    """A new lexicon of `center` (None: shared by every center), with an empty version 1."""
    _require_edit(by, center)
    lexicon = Lexicon(
        center=center,
        name=name.strip(),
        kind=kind,
        default_severity=default_severity,
        description=description,
        is_active=is_active,
        is_starter=is_starter,
    )
    _validate(lexicon)
    lexicon.save()
    audit_create(by=by, obj=lexicon)
    lexicon_version_freeze(lexicon=lexicon, by=by, note=_("新建"))
    lexicon.refresh_from_db()
    return lexicon


def _validate(obj: Model, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)
    if isinstance(obj, Lexicon) and obj.center_id is None:
        clash = Lexicon.objects.filter(center__isnull=True, name=obj.name).exclude(pk=obj.pk)
        if clash.exists():
            raise ValidationError({"name": _("已有同名的共用词库。")})


@transaction.atomic
def lexicon_update(*, lexicon: Lexicon, by: User | None, **fields) -> Lexicon:
    """Change a lexicon's name, level, description or state; a new version follows."""
    _require_edit(by, lexicon.center_id)
    before = snapshot(Lexicon.objects.get(pk=lexicon.pk))
    allowed = {"name", "default_severity", "description", "is_active"}
    # The admin form shows the kind; it is fixed once the lexicon exists.
    if fields.pop("kind", lexicon.kind) != lexicon.kind:
        raise ValidationError({"kind": _("词库建立后不能更改类型。")})
    for key, value in fields.items():
        if key not in allowed:
            raise ValueError(key)
        setattr(lexicon, key, value)
    _validate(lexicon)
    lexicon.save()
    audit_update(by=by, obj=lexicon, before=before)
    lexicon_version_freeze(lexicon=lexicon, by=by, note=_("修改词库属性"))
    lexicon.refresh_from_db()
    return lexicon


@transaction.atomic
def lexicon_delete(*, lexicon: Lexicon, by: User | None) -> None:
    _require_edit(by, lexicon.center_id)
    audit_delete(by=by, obj=lexicon)
    Lexicon.objects.filter(pk=lexicon.pk).update(current_version=None)
    lexicon.delete()


# -- entries (terms, leaders, rules) --------------------------------------------------


def _normalise_entry(entry: Term | Leader | Rule) -> None:
    """Tidy an entry before it is validated; its rules are the models' `clean()`."""
    if isinstance(entry, Term):
        entry.text = (entry.text or "").strip()
        if entry.lexicon.kind == LexiconKind.ALLOW:
            entry.is_exception = True


@transaction.atomic
def entry_save(*, entry: Term | Leader | Rule, by: User | None) -> Term | Leader | Rule:
    """Create or change a term, leader or rule; the lexicon gets a new version."""
    lexicon = entry.lexicon
    _require_edit(by, lexicon.center_id)
    entry.center_id = lexicon.center_id
    _normalise_entry(entry)
    entry.full_clean()
    created = entry.pk is None
    before = None if created else snapshot(type(entry).objects.get(pk=entry.pk))
    entry.save()
    if created:
        audit_create(by=by, obj=entry)
    else:
        audit_update(by=by, obj=entry, before=before)
    lexicon_version_freeze(lexicon=lexicon, by=by, note=str(entry)[:100])
    return entry


@transaction.atomic
def entry_delete(*, entry: Term | Leader | Rule, by: User | None) -> None:
    lexicon = entry.lexicon
    _require_edit(by, lexicon.center_id)
    audit_delete(by=by, obj=entry)
    entry.delete()
    lexicon_version_freeze(lexicon=lexicon, by=by, note=_("删除 %(e)s") % {"e": str(entry)[:90]})


TERM_FIELDS = frozenset(
    {"lexicon", "text", "suggestion", "category", "severity", "is_exception", "note"}
)
LEADER_FIELDS = frozenset({"lexicon", "name", "titles", "order", "former_titles"})
RULE_FIELDS = frozenset(
    {"lexicon", "name", "kind", "pattern", "suggestion", "category", "severity", "description"}
)
ENTRY_FIELDS = {Term: TERM_FIELDS, Leader: LEADER_FIELDS, Rule: RULE_FIELDS}


def _check_entry_center(lexicon: Lexicon, center: Center | int | None) -> None:
    """Entries made for a center go into its own lexicons (or, by superusers, shared ones)."""
    center_id = center.pk if isinstance(center, Center) else center
    if center_id is not None and lexicon.center_id not in (None, center_id):
        raise ValidationError({"lexicon": _("只能选择本中心的词库。")})


@transaction.atomic
def term_create(
    *, lexicon: Lexicon, text: str, by: User | None, center: Center | None = None, **fields
) -> Term:
    _check_entry_center(lexicon, center)
    return entry_save(entry=Term(lexicon=lexicon, text=text, **fields), by=by)


def _lines(value: str | Iterable[str]) -> str:
    return value if isinstance(value, str) else "\n".join(value)


@transaction.atomic
def leader_create(
    *, lexicon: Lexicon, name: str, titles: str | Iterable[str], by: User | None,
    order: int = 100, former_titles: str | Iterable[str] = (), center: Center | None = None,
) -> Leader:  # fmt: skip
    """A leader; titles one a line (or as a list), the first the main one."""
    _check_entry_center(lexicon, center)
    leader = Leader(
        lexicon=lexicon,
        name=name,
        titles=_lines(titles),
        former_titles=_lines(former_titles),
        order=order,
    )
    return entry_save(entry=leader, by=by)


@transaction.atomic
def rule_create(
    *, lexicon: Lexicon, name: str, pattern: str, by: User | None, center: Center | None = None,
    **fields,
) -> Rule:  # fmt: skip
    _check_entry_center(lexicon, center)
    return entry_save(entry=Rule(lexicon=lexicon, name=name, pattern=pattern, **fields), by=by)


@transaction.atomic
def entry_update(
    *, entry: Term | Leader | Rule, by: User | None, **changes
) -> Term | Leader | Rule:
    """Change a term, leader or rule. Moved to another lexicon (of the same center), both
    lexicons get a new version."""
    model = type(entry)
    entry = model.objects.select_for_update().get(pk=entry.pk)
    unknown = set(changes) - ENTRY_FIELDS[model]
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of {model.__name__}")
    old_lexicon = entry.lexicon
    new_lexicon = changes.get("lexicon", old_lexicon)
    if new_lexicon.pk != old_lexicon.pk:
        _require_edit(by, old_lexicon.center_id)
        if new_lexicon.center_id != old_lexicon.center_id:
            raise ValidationError({"lexicon": _("条目只能移到同一中心的词库。")})
    for name, value in changes.items():
        setattr(entry, name, value)
    saved = entry_save(entry=entry, by=by)
    if new_lexicon.pk != old_lexicon.pk:
        lexicon_version_freeze(
            lexicon=old_lexicon, by=by, note=_("移出 %(e)s") % {"e": str(saved)[:90]}
        )
    return saved


# -- import and export ----------------------------------------------------------------


@dataclass
class ImportReport:
    ok: bool
    created: int = 0
    replaced: int = 0
    errors: list[transfer.LineError] = field(default_factory=list)
    version: LexiconVersion | None = None
    lexicon: Lexicon | None = None


def lexicon_import(
    *, lexicon: Lexicon, filename: str, data: bytes, by: User | None, replace: bool = False
) -> ImportReport:
    """Add (or with `replace`, substitute) a file's entries: all of them, or none.

    Every line is checked first; any problem, including a duplicate of an entry already
    in the lexicon, is reported with its line number and nothing is written.
    """
    _require_edit(by, lexicon.center_id)
    parsed = transfer.parse(lexicon.kind, filename, data)
    model, key = _entry_model(lexicon)
    if not replace and parsed.rows:
        existing = set(model.objects.filter(lexicon=lexicon).values_list(key, flat=True))
        for n, row in parsed.rows:
            if row[key] in existing:
                parsed.error(n, _("“%(key)s”已在词库中。") % {"key": row[key]})
    if parsed.errors:
        parsed.errors.sort(key=lambda e: e.line)
        return ImportReport(ok=False, errors=parsed.errors)
    with transaction.atomic():
        replaced = 0
        if replace:
            replaced, _by_model = model.objects.filter(lexicon=lexicon).delete()
        objs = [
            model(lexicon=lexicon, center_id=lexicon.center_id, **row) for _n, row in parsed.rows
        ]
        model.objects.bulk_create(objs, batch_size=2000)
        audit_record(
            action=AuditAction.IMPORT,
            by=by,
            obj=lexicon,
            center=lexicon.center,
            changes={"file": filename, "created": len(objs), "replaced": replaced},
            verb=_("导入词库"),
        )
        version = lexicon_version_freeze(
            lexicon=lexicon, by=by, note=_("导入 %(f)s") % {"f": filename[:150]}
        )
    return ImportReport(ok=True, created=len(objs), replaced=replaced, version=version)


def _entry_model(lexicon: Lexicon) -> tuple[type[Term | Leader | Rule], str]:
    if lexicon.kind == LexiconKind.LEADER:
        return Leader, "name"
    if lexicon.kind == LexiconKind.FORMULATION:
        return Rule, "name"
    return Term, "text"


def lexicon_export(*, lexicon: Lexicon, fmt: str, by: User | None) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the lexicon in the import layout."""
    model, _key = _entry_model(lexicon)
    rows = transfer.export_rows(lexicon.kind, model.objects.filter(lexicon=lexicon))
    version = lexicon.current_version.number if lexicon.current_version_id else 0
    base = f"{lexicon.name}-v{version}"
    if fmt == "xlsx":
        data = transfer.to_xlsx(lexicon.kind, rows, lexicon.name)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "txt":
        data = transfer.to_txt(lexicon.kind, rows)
        ctype = "text/plain; charset=utf-8"
    else:
        raise ValueError(fmt)
    audit_record(
        action=AuditAction.EXPORT,
        by=by,
        obj=lexicon,
        center=lexicon.center,
        changes={"format": fmt, "rows": len(rows)},
        verb=_("导出词库"),
    )
    return f"{base}.{fmt}", ctype, data


@transaction.atomic
def proofing_load_starter(*, center: Center | None = None, by: User | None = None) -> list[Lexicon]:
    """Load the starter set (起步示例) as shared lexicons, or as `center`'s own copies.

    Idempotent: a lexicon whose name already exists there is left as it is.
    """
    created = []
    for filename, name, kind, active in STARTER:
        scope = Q(center=center) if center is not None else Q(center__isnull=True)
        if Lexicon.objects.filter(scope, name=name).exists():
            continue
        lexicon = lexicon_create(
            center=center,
            name=name,
            kind=kind,
            by=by,
            is_active=active,
            is_starter=True,
            description=_("随系统提供的起步示例，请按本地实际增删修改后使用。"),
        )
        report = lexicon_import(
            lexicon=lexicon, filename=filename, data=(STARTER_DIR / filename).read_bytes(), by=by
        )
        if not report.ok:
            raise ValidationError([str(e) for e in report.errors])
        created.append(lexicon)
    return created


# -- checking ---------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Finding:
    span: engine.Span
    accepted: AcceptedFinding | None = None

    @property
    def blocking(self) -> bool:
        return self.span.blocking

    def as_dict(self) -> dict:
        data = self.span.as_dict()
        data["accepted"] = self.accepted is not None
        data["accepted_reason"] = self.accepted.reason if self.accepted else ""
        return data


@dataclass
class ProofResult:
    """What the pre-check found in one text, and with which lexicon versions."""

    text: str
    text_hash: str
    findings: list[Finding]
    versions: list[dict]

    @property
    def has_blocking(self) -> bool:
        return any(f.blocking for f in self.findings)

    @property
    def open_warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.blocking and f.accepted is None]

    @property
    def passes(self) -> bool:
        return not self.has_blocking

    def as_dict(self) -> dict:
        return {
            "text_hash": self.text_hash,
            "has_blocking": self.has_blocking,
            "open_warnings": len(self.open_warnings),
            "versions": self.versions,
            "findings": [f.as_dict() for f in self.findings],
        }


def proofread(*, center: Center, text: str) -> ProofResult:
    """Check `text` against `center`'s lexicons and the shared ones (no writes).

    Warnings accepted earlier for exactly this text come back marked accepted.
    """
    checker = checkers.checker_for(center=center)
    spans = checker.check(text)
    digest = text_hash(text)
    accepted: dict[tuple[int, int, str], AcceptedFinding] = {}
    if any(not s.blocking for s in spans):
        accepted = {
            (a.start, a.end, a.rule_key): a
            for a in AcceptedFinding.objects.filter(center=center, text_hash=digest)
        }
    findings = [
        Finding(s, None if s.blocking else accepted.get((s.start, s.end, s.rule.key)))
        for s in spans
    ]
    versions = [
        {
            "lexicon": lex.name,
            "lexicon_id": lex.lexicon_id,
            "kind": lex.kind,
            "version": lex.version,
            "version_id": lex.version_id,
        }
        for lex in checker.lexicons
    ]
    return ProofResult(text=text, text_hash=digest, findings=findings, versions=versions)


def precheck_passes(*, center: Center, text: str) -> bool:
    """Whether the text may go on to human review: False while a blocking finding remains."""
    return proofread(center=center, text=text).passes


@transaction.atomic
def finding_accept(
    *, center: Center, text: str, start: int, end: int, rule_key: str, reason: str, by: User
) -> AcceptedFinding:
    """Keep a warning on purpose, with the reason; recorded and audited.

    Only a warning the check reports now for this text can be accepted; blocking
    findings must be fixed.
    """
    if not has_role(by, center, *ACCEPT_ROLES):
        raise PermissionDenied(_("没有确认提示的权限。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写保留理由。")})
    result = proofread(center=center, text=text)
    match = next(
        (
            f
            for f in result.findings
            if f.span.start == start and f.span.end == end and f.span.rule.key == rule_key
        ),
        None,
    )
    if match is None:
        raise ValidationError(_("该提示已不存在，请重新校对。"))
    if match.blocking:
        raise ValidationError(_("阻断级问题必须修改，不能保留。"))
    if match.accepted is not None:
        return match.accepted
    acceptance = AcceptedFinding.objects.create(
        center=center,
        text_hash=result.text_hash,
        start=start,
        end=end,
        matched=match.span.text[:200],
        rule_key=rule_key[:300],
        message=match.span.rule.message[:300],
        lexicon_version_id=match.span.rule.version_id,
        reason=reason[:300],
        accepted_by=by,
    )
    audit_create(by=by, obj=acceptance, verb=_("保留校对提示"))
    return acceptance
