"""Ledgers own importing Excel/CSV ledgers (台账) into the record apps, through their services.

The interface is fixed by `../shared/contracts/ledger-import.md`. What the contract
leaves open is decided here:

- **All or nothing.** Every row is read and checked first; every problem is collected
  as `SHEET:ROW:COLUMN: reason` (SHEET and COLUMN as the file spells them, ROW as
  Excel numbers it). Only a file without problems is written, in one transaction.
  Problems with the file as a whole (type, size, encoding) read `FILE: reason`.
- **Identity.** A row is the record with its `ref` (编号) where it has one, else the
  record with the same required columns. Where a model keeps one record per narrower
  key that key is used instead: outlets, channels and columns by name, episodes by
  programme and day, audience figures by channel and day, exposure cases by date and
  title (their status moves on). Rows without a ref only match records without one.
  Several rows with the same identity on a sheet without a unique key (two theme
  days on one date) are several records: they pair up with stored ones in order.
- **Counts.** A row whose record exists with the same values is *unchanged*; with
  other values it *updates* the record. Each sheet prints
  `SHEET: N created, M unchanged`, followed by `, K updated` only when K > 0.
- **Empty cells** say nothing: they leave a stored value alone and give a new record
  its default.
- **Campaigns (专题) and programmes (节目)** named in a row but not yet known are
  created, since the contract has no sheet for them; outlets, channels and columns
  must be known or defined on their sheet (an unknown one is an error, because a
  typo there would silently split a medium's statistics).
- **Unknown sheets** are an error, except a completely empty sheet (Excel's blank
  "Sheet1"), which is ignored.
- **Audit.** A successful import writes one audit entry with the counts per sheet,
  not one per row. A dry run writes nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from rongmei.core import cells, sheets
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center
from rongmei.distribution.models import Channel
from rongmei.newsroom.models import Campaign, Column
from rongmei.newsroom.services import campaign_create
from rongmei.outreach.models import Outlet
from rongmei.programmes.models import Programme
from rongmei.programmes.services import live_stream_default_status, programme_create

from .schema import (
    CAMPAIGNS,
    CHANNEL,
    COLUMN,
    DATE,
    DATETIME,
    DECIMAL,
    ENUM,
    INT,
    LIST,
    OUTLET,
    PROGRAMME,
    REFERENCES,
    SHEET_ORDER,
    SHEETS_BY_KEY,
    Col,
    Sheet,
    sheet_for_filename,
    sheet_for_name,
)
from .writers import WRITERS

if TYPE_CHECKING:
    from rongmei.accounts.models import User


Progress = Callable[[Iterable[Any], str, int | None], Iterable[Any]]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The largest ledger file accepted (`RONGMEI_LEDGER_MAX_BYTES`, 20 MB by default)."""
    return int(getattr(settings, "RONGMEI_LEDGER_MAX_BYTES", DEFAULT_MAX_BYTES))


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerError:
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.sheet}: {self.reason}"
        return f"{self.sheet}:{self.row}:{self.column}: {self.reason}"


@dataclass
class SheetCount:
    sheet: str  # as the file names it
    key: str
    created: int = 0
    unchanged: int = 0
    updated: int = 0

    def __str__(self) -> str:
        line = f"{self.sheet}: {self.created} created, {self.unchanged} unchanged"
        if self.updated:
            line += f", {self.updated} updated"
        return line


@dataclass
class LedgerImportResult:
    filename: str
    dry_run: bool
    errors: list[LedgerError] = field(default_factory=list)
    sheets: list[SheetCount] = field(default_factory=list)
    campaigns_created: list[str] = field(default_factory=list)
    programmes_created: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """What the command prints: per-sheet counts, or every error and their count."""
        if self.ok:
            return [str(s) for s in self.sheets]
        return [*(str(e) for e in self.errors), error_count_line(len(self.errors))]

    def as_dict(self) -> dict[str, Any]:
        if not self.ok:
            return {
                "errors": [str(e) for e in self.errors],
                "count": len(self.errors),
                "details": [
                    {"sheet": e.sheet, "row": e.row, "column": e.column, "reason": e.reason}
                    for e in self.errors
                ],
            }
        return {
            "dry_run": self.dry_run,
            "sheets": [
                {
                    "sheet": s.sheet,
                    "key": s.key,
                    "created": s.created,
                    "unchanged": s.unchanged,
                    "updated": s.updated,
                }
                for s in self.sheets
            ],
            "lines": self.lines(),
        }


def error_count_line(count: int) -> str:
    return _("共 %(count)d 处错误，未导入任何数据。") % {"count": count}


class CenterChoiceError(Exception):
    """The center to import into cannot be determined."""


def ledger_center(code: str | None) -> Center:
    """The center named by `code`, or the deployment's only center."""
    if code:
        center = Center.objects.filter(code=code.strip()).first()
        if center is None:
            raise CenterChoiceError(
                _("未知的中心代码“%(code)s”。请先由管理员创建该中心（create_center）。")
                % {"code": code}
            )
        return center
    centers = list(Center.objects.all()[:2])
    if not centers:
        raise CenterChoiceError(_("系统中还没有中心，请先由管理员创建（create_center）。"))
    if len(centers) > 1:
        raise CenterChoiceError(_("系统中有多个中心，请用 --center 指定中心代码。"))
    return centers[0]


# --- the plan ---------------------------------------------------------------------------


class Target:
    """An outlet, channel, column, campaign or programme a row refers to.

    Either stored already (`instance`), defined by a row of this file (its instance is
    set when that row is written), or to be created on first use (`create`).
    """

    __slots__ = ("create", "instance", "name", "options")

    def __init__(self, name: str, instance: Any = None, create: Callable[[], Any] | None = None):
        self.name = name
        self.instance = instance
        self.create = create
        self.options: dict[str, Any] = {}

    def resolve(self) -> Any:
        if self.instance is None:
            if self.create is None:  # pragma: no cover - the plan orders writes
                raise RuntimeError(f"{self.name} is written after its first use")
            self.instance = self.create()
        return self.instance

    def __repr__(self) -> str:
        return f"<Target {self.name}>"


class Registry:
    """Targets of one kind by name and by primary key, loaded once per import."""

    def __init__(self, queryset):
        self.by_name: dict[str, Target] = {}
        self.by_pk: dict[int, Target] = {}
        for obj in queryset:
            target = Target(obj.name, obj)
            self.by_name[obj.name] = target
            self.by_pk[obj.pk] = target

    def get(self, name: str) -> Target | None:
        return self.by_name.get(name)

    def of(self, pk: int | None) -> Target | None:
        return None if pk is None else self.by_pk.get(pk)

    def add(self, target: Target) -> Target:
        self.by_name[target.name] = target
        return target


CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
NAMED = frozenset({"outlets", "channels", "columns"})  # sheets that define what others name


@dataclass
class RowPlan:
    number: int
    values: dict[str, Any]  # key → parsed value, only for non-empty cells
    headers: dict[str, str]  # key → header as written, for error messages
    action: str = ""
    obj: Any = None
    changes: dict[str, Any] = field(default_factory=dict)
    target: Target | None = None  # the outlet/channel/column this row defines


@dataclass
class SheetPlan:
    sheet: Sheet
    name: str
    rows: list[RowPlan] = field(default_factory=list)

    def count(self) -> SheetCount:
        count = SheetCount(sheet=self.name, key=self.sheet.key)
        for row in self.rows:
            if row.action == CREATE:
                count.created += 1
            elif row.action == UPDATE:
                count.updated += 1
            else:
                count.unchanged += 1
        return count


# --- the importer -----------------------------------------------------------------------


class _RollbackError(Exception):
    pass


class Importer:
    def __init__(
        self,
        *,
        center: Center,
        by: User | None,
        filename: str,
        dry_run: bool,
        progress: Progress | None,
    ):
        self.center = center
        self.by = by
        self.filename = filename
        self.dry_run = dry_run
        self.progress = progress or (lambda iterable, _desc, _total: iterable)
        self.result = LedgerImportResult(filename=filename, dry_run=dry_run)
        self.plans: list[SheetPlan] = []
        self.outlets = Registry(Outlet.objects.filter(center=center))
        self.channels = Registry(Channel.objects.filter(center=center))
        self.columns = Registry(Column.objects.filter(center=center))
        self.campaigns = Registry(Campaign.objects.filter(center=center).only("id", "name"))
        self.programmes = Registry(Programme.objects.filter(center=center).only("id", "name"))
        self.outlet_parents = {
            t.instance.pk: t.instance.parent_id for t in self.outlets.by_name.values()
        }
        self._enums: dict[str, dict[str, str]] = {}

    # errors

    def error(self, sheet: str, row: int | None, column: str, reason: str) -> None:
        self.result.errors.append(LedgerError(sheet, row, column, reason))

    # reading

    def read(self, file: IO[bytes]) -> None:
        kind = sheets.file_kind(self.filename)
        if kind == "csv":
            spec = sheet_for_filename(self.filename)
            if spec is None:
                raise sheets.RefusedError(
                    _("无法从文件名判断台账类型：CSV 文件名应以类型开头，例如 adoptions-2021.csv。")
                )
            rows = sheets.read_csv(file, gbk=False)  # the contract: UTF-8
            self.read_sheet(spec, spec.key, iter(rows), len(rows))
            return
        book = sheets.Workbook(file, max_bytes=max_bytes())
        try:
            found: dict[str, tuple[str, Any]] = {}
            for name, ws in book.sheets():
                spec = sheet_for_name(name)
                if spec is None:
                    if any(any(not cells.blank(v) for v in values) for _n, values in book.rows(ws)):
                        self.error(
                            name,
                            1,
                            "",
                            _(
                                "未知的工作表“%(name)s”，工作表应以台账类型命名，例如 adoptions 或 外宣刊播"
                            )
                            % {"name": name},
                        )
                    continue
                if spec.key in found:
                    self.error(
                        name,
                        1,
                        "",
                        _("与工作表“%(other)s”是同一台账类型") % {"other": found[spec.key][0]},
                    )
                    continue
                found[spec.key] = (name, ws)
            for key in sorted(found, key=SHEET_ORDER.__getitem__):
                name, ws = found[key]
                self.read_sheet(SHEETS_BY_KEY[key], name, book.rows(ws), book.size_hint(ws))
        finally:
            book.close()

    def read_sheet(
        self,
        spec: Sheet,
        name: str,
        rows: Iterator[tuple[int, tuple[Any, ...]]],
        total: int | None,
    ) -> None:
        plan = SheetPlan(sheet=spec, name=name)
        self.plans.append(plan)
        header = next(rows, None)
        if header is None:
            return
        if all(cells.blank(v) for v in header[1]):
            # A sheet with nothing in it has no rows; one with data needs its header in row 1.
            if any(any(not cells.blank(v) for v in values) for _number, values in rows):
                self.error(name, 1, "", _("第1行应为表头"))
            return
        mapping, headers, use_labels = self.read_header(spec, name, header[1])
        missing = [c for c in spec.columns if c.required and c.key not in headers]
        for col in missing:
            self.error(name, 1, col.label if use_labels else col.key, _("缺少必填列"))
        if missing:
            return
        for number, values in self.progress(rows, name, total):
            if all(cells.blank(v) for v in values):
                continue
            row = self.read_row(spec, name, number, values, mapping, headers)
            if row is not None:
                plan.rows.append(row)
        self.plan_sheet(plan)

    def read_header(
        self, spec: Sheet, name: str, values: tuple[Any, ...]
    ) -> tuple[dict[int, Col], dict[str, str], bool]:
        mapping: dict[int, Col] = {}
        headers: dict[str, str] = {}
        use_labels = False
        for index, value in enumerate(values):
            if cells.blank(value):
                continue
            text = cells.text(value)
            col = spec.by_key.get(text.lower())
            if col is None:
                col = next((c for c in spec.columns if c.label == text), None)
                if col is not None:
                    use_labels = True
            if col is None:
                self.error(name, 1, text, _("未知的列“%(name)s”") % {"name": text})
                continue
            if col.key in headers:
                self.error(name, 1, text, _("与列“%(other)s”重复") % {"other": headers[col.key]})
                continue
            mapping[index] = col
            headers[col.key] = text
        return mapping, headers, use_labels

    def read_row(
        self,
        spec: Sheet,
        name: str,
        number: int,
        values: tuple[Any, ...],
        mapping: dict[int, Col],
        headers: dict[str, str],
    ) -> RowPlan | None:
        row = RowPlan(number=number, values={}, headers=headers)
        bad: set[str] = set()
        for index, value in enumerate(values):
            col = mapping.get(index)
            if col is None:
                if not cells.blank(value):
                    bad.add(str(index))
                    self.error(name, number, _column_letter(index), _("该列没有表头"))
                continue
            if cells.blank(value):
                continue
            try:
                row.values[col.key] = self.parse(spec, col, value)
            except cells.CellError as exc:
                bad.add(col.key)
                self.error(name, number, headers[col.key], str(exc))
        for col in spec.columns:
            if col.required and col.key not in row.values and col.key not in bad:
                bad.add(col.key)
                self.error(name, number, headers[col.key], _("必填项为空"))
        if bad or not self.check_row(spec, name, row):
            if spec.key in NAMED and "name" in row.values:
                # Later rows may still name it: report the row once, not every use of it.
                registry = self.named_registry(spec.key)
                if registry.get(row.values["name"]) is None:
                    registry.add(Target(row.values["name"]))
            return None
        return row

    def named_registry(self, key: str) -> Registry:
        return {"outlets": self.outlets, "channels": self.channels, "columns": self.columns}[key]

    def parse(self, spec: Sheet, col: Col, value: Any) -> Any:
        kind = col.kind
        if kind == INT:
            return cells.integer(value)
        if kind == DECIMAL:
            return cells.decimal(value)
        if kind == DATE:
            return cells.date(value)
        if kind == DATETIME:
            return cells.date_time(value)
        if kind == ENUM:
            values = self._enums.get(f"{spec.key}.{col.key}")
            if values is None:
                values = self._enums[f"{spec.key}.{col.key}"] = col.enum_values()
            text = cells.text(value)
            key = values.get(text) or values.get(text.lower())
            if key is None:
                raise cells.CellError(
                    _("无效的取值“%(value)s”，可选：%(choices)s")
                    % {"value": text, "choices": col.enum_hint()}
                )
            return key
        if kind == LIST:
            return "、".join(cells.items(value))
        if kind == CAMPAIGNS:
            targets = []
            for campaign in cells.items(value):
                target = self.campaigns.get(campaign)
                if target is None:
                    target = self.campaigns.add(Target(campaign))
                    target.create = self._campaign_factory(target)
                targets.append(target)
            return frozenset(targets)
        if kind in REFERENCES:
            return self.reference(kind, cells.text(value))
        return cells.text(value)  # an outlet's parent too: resolved once its sheet is read

    def reference(self, kind: str, name: str) -> Target:
        if kind == PROGRAMME:
            target = self.programmes.get(name)
            if target is None:
                target = self.programmes.add(Target(name))
                target.create = self._programme_factory(target)
            return target
        registry, message = {
            OUTLET: (self.outlets, _("未知的媒体“%(name)s”：请先在外部媒体（outlets）中登记")),
            CHANNEL: (self.channels, _("未知的渠道“%(name)s”：请先在自有渠道（channels）中登记")),
            COLUMN: (self.columns, _("未知的栏目“%(name)s”：请先在栏目（columns）中登记")),
        }[kind]
        target = registry.get(name)
        if target is None:
            raise cells.CellError(message % {"name": name})
        return target

    def _campaign_factory(self, target: Target) -> Callable[[], Any]:
        def create() -> Campaign:
            self.result.campaigns_created.append(target.name)
            return campaign_create(by=self.by, center=self.center, name=target.name, audit=False)

        return create

    def _programme_factory(self, target: Target) -> Callable[[], Any]:
        def create() -> Programme:
            channel = target.options.get("channel")
            self.result.programmes_created.append(target.name)
            return programme_create(
                by=self.by,
                center=self.center,
                name=target.name,
                channel=channel.resolve() if channel is not None else None,
                audit=False,
            )

        return create

    def check_row(self, spec: Sheet, name: str, row: RowPlan) -> bool:
        """Model validation of the row's own values (lengths, URLs, decimal places…)."""
        model = spec.model
        scalar = {}
        for key, value in row.values.items():
            col = spec.by_key[key]
            if col.kind in REFERENCES or col.kind == CAMPAIGNS or key == "parent":
                continue
            scalar[key] = value
        candidate = model(center=self.center, **scalar)
        if spec.key == "live_streams" and not scalar.get("status") and scalar.get("date"):
            # The status the service gives a stream recorded without one.
            candidate.status = live_stream_default_status(
                scalar["date"], scalar.get("viewers") or 0
            )
        exclude = [f.name for f in model._meta.get_fields() if f.is_relation]
        problems: dict[str, list[str]] = {}
        try:
            candidate.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = dict(exc.message_dict)
        if spec.key == "episodes" and "programme" in row.values and "channel" in row.values:
            target = row.values["programme"]
            target.options.setdefault("channel", row.values["channel"])
        for field_name, messages in problems.items():
            column = row.headers.get(field_name, field_name)
            for message in messages:
                self.error(name, row.number, column, message.rstrip("。."))
        return not problems

    # planning: which rows create, update or leave records

    def identity(self, spec: Sheet, row: RowPlan) -> tuple[Any, ...]:
        if spec.has_ref and row.values.get("ref"):
            return ("ref", row.values["ref"])
        return tuple(row.values[key] for key in spec.identity)

    def stored_identity(self, spec: Sheet, obj: Any) -> tuple[Any, ...]:
        if spec.has_ref and obj.ref:
            return ("ref", obj.ref)
        return tuple(self.stored_value(spec, obj, key) for key in spec.identity)

    def stored_value(self, spec: Sheet, obj: Any, key: str) -> Any:
        col = spec.by_key[key]
        if col.kind == OUTLET or (spec.key == "outlets" and key == "parent"):
            return self.outlets.of(getattr(obj, f"{key}_id"))
        if col.kind == CHANNEL:
            return self.channels.of(obj.channel_id)
        if col.kind == COLUMN:
            return self.columns.of(obj.column_id)
        if col.kind == PROGRAMME:
            return self.programmes.of(obj.programme_id)
        if col.kind == CAMPAIGNS:
            return frozenset(self.campaigns.of(c.pk) for c in obj.campaigns.all())
        return getattr(obj, key)

    def differences(self, spec: Sheet, row: RowPlan, obj: Any) -> dict[str, Any]:
        return {
            key: value
            for key, value in row.values.items()
            if self.stored_value(spec, obj, key) != value
        }

    def plan_sheet(self, plan: SheetPlan) -> None:
        spec = plan.sheet
        if spec.key in NAMED:
            self.plan_named(plan)
            return
        name = plan.name
        groups: dict[tuple[Any, ...], list[RowPlan]] = defaultdict(list)
        for row in plan.rows:
            groups[self.identity(spec, row)].append(row)
        for key, rows in groups.items():
            by_ref = spec.has_ref and key[0] == "ref"
            if len(rows) > 1 and (spec.unique or by_ref):
                for row in rows[1:]:
                    column = row.headers["ref" if by_ref else spec.identity[0]]
                    self.error(
                        name,
                        row.number,
                        column,
                        _("与第 %(row)d 行重复") % {"row": rows[0].number},
                    )
        stored = self.stored_records(spec, plan.rows)
        for key, rows in groups.items():
            self.pair(spec, rows, stored.get(key, []))

    def stored_records(self, spec: Sheet, rows: list[RowPlan]) -> dict[tuple[Any, ...], list[Any]]:
        if not rows:
            return {}
        qs = spec.model.objects.filter(center=self.center)
        campaigns = "campaigns" in spec.by_key
        found: list[Any] = []
        if spec.has_ref:
            refs = sorted({r.values["ref"] for r in rows if r.values.get("ref")})
            for start in range(0, len(refs), 500):
                chunk = qs.filter(ref__in=refs[start : start + 500])
                found.extend(chunk.prefetch_related("campaigns") if campaigns else chunk)
            rows = [r for r in rows if not r.values.get("ref")]
            qs = qs.filter(ref="")
        if rows and spec.date_key:
            dates = [r.values[spec.date_key] for r in rows]
            low, high = min(dates), max(dates)
            chunk = qs.filter(**{f"{spec.date_key}__range": (low, high)}).order_by("pk")
            found.extend(chunk.prefetch_related("campaigns") if campaigns else chunk)
        by_identity: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
        for obj in sorted(found, key=lambda o: o.pk):
            by_identity[self.stored_identity(spec, obj)].append(obj)
        return by_identity

    def pair(self, spec: Sheet, rows: list[RowPlan], stored: list[Any]) -> None:
        used = [False] * len(stored)
        for row in rows:
            for index, obj in enumerate(stored):
                if not used[index] and not self.differences(spec, row, obj):
                    used[index] = True
                    row.action, row.obj = UNCHANGED, obj
                    break
        for row in rows:
            if row.action:
                continue
            index = next((i for i, u in enumerate(used) if not u), None)
            if index is None:
                row.action = CREATE
                continue
            used[index] = True
            row.obj = stored[index]
            row.action = UPDATE
            row.changes = self.differences(spec, row, row.obj)

    def plan_named(self, plan: SheetPlan) -> None:
        """Outlets, channels and columns: one per name; they define targets for later sheets."""
        spec = plan.sheet
        registry = self.named_registry(spec.key)
        first_row: dict[str, RowPlan] = {}
        rows = []
        for row in plan.rows:
            row_name = row.values["name"]
            if row_name in first_row:
                self.error(
                    plan.name,
                    row.number,
                    row.headers["name"],
                    _("与第 %(row)d 行重复") % {"row": first_row[row_name].number},
                )
                continue
            first_row[row_name] = row
            target = registry.get(row_name) or registry.add(Target(row_name))
            row.target = target
            rows.append(row)
        plan.rows = rows
        if spec.key == "outlets":
            self.resolve_parents(plan)
        for row in plan.rows:
            obj = row.target.instance if row.target else None
            if obj is None:
                row.action = CREATE
                continue
            row.obj = obj
            row.changes = self.differences(spec, row, obj)
            row.action = UPDATE if row.changes else UNCHANGED
        if spec.key == "outlets":
            plan.rows = self.parents_first(plan.rows)

    def resolve_parents(self, plan: SheetPlan) -> None:
        parents: dict[Target, Target | None] = {}
        for target in self.outlets.by_name.values():
            if target.instance is not None:
                parents[target] = self.outlets.of(self.outlet_parents.get(target.instance.pk))
        checked = []
        for row in plan.rows:
            parent_name = row.values.get("parent")
            if parent_name is None:
                continue
            parent = self.outlets.get(parent_name)
            column = row.headers["parent"]
            if parent is None:
                self.error(
                    plan.name,
                    row.number,
                    column,
                    _("未知的上级媒体“%(name)s”") % {"name": parent_name},
                )
                continue
            if parent is row.target:
                self.error(plan.name, row.number, column, _("上级媒体不能是自己"))
                continue
            row.values["parent"] = parent
            parents[row.target] = parent
            checked.append(row)
        for row in checked:
            seen = {row.target}
            node = parents.get(row.target)
            while node is not None:
                if node in seen:
                    self.error(plan.name, row.number, row.headers["parent"], _("上级媒体形成循环"))
                    break
                seen.add(node)
                node = parents.get(node)

    @staticmethod
    def parents_first(rows: list[RowPlan]) -> list[RowPlan]:
        ordered: list[RowPlan] = []
        created = {r.target for r in rows if r.action != CREATE}
        waiting = list(rows)
        while waiting:
            progress = False
            for row in list(waiting):
                parent = row.values.get("parent")
                if (
                    not isinstance(parent, Target)
                    or parent.instance is not None
                    or parent in created
                ):
                    ordered.append(row)
                    created.add(row.target)
                    waiting.remove(row)
                    progress = True
            if not progress:  # a cycle, already reported
                ordered.extend(waiting)
                break
        return ordered

    # writing

    def write(self) -> None:
        counts = {}
        for plan in self.plans:
            writer = WRITERS[plan.sheet.key]
            for row in plan.rows:
                if row.action == UNCHANGED:
                    continue
                try:
                    if row.action == CREATE:
                        values = {k: _resolved(v) for k, v in row.values.items()}
                        obj = writer.create(self, values)
                        if row.target is not None:
                            row.target.instance = obj
                    else:
                        changes = {k: _resolved(v) for k, v in row.changes.items()}
                        writer.update(self, row.obj, changes)
                except ValidationError as exc:
                    for field_name, messages in _messages(exc).items():
                        column = row.headers.get(
                            field_name, field_name if field_name != "__all__" else ""
                        )
                        for message in messages:
                            self.error(plan.name, row.number, column, message.rstrip("。."))
                    raise _RollbackError from exc
            count = plan.count()
            # The audit log keeps flat values: [created, unchanged, updated] per sheet.
            counts[f"sheet:{plan.name}"] = [count.created, count.unchanged, count.updated]
        audit_record(
            action=AuditAction.IMPORT,
            by=self.by,
            center=self.center,
            verb=_("台账导入"),
            actor_name="" if self.by is not None else "import_ledger",
            changes={
                "file": self.filename,
                **counts,
                "campaigns_created": self.result.campaigns_created,
                "programmes_created": self.result.programmes_created,
            },
        )

    def run(self, file: IO[bytes]) -> LedgerImportResult:
        try:
            self.read(file)
        except sheets.RefusedError as exc:
            self.result.errors = [LedgerError(self.filename, None, "", str(exc))]
            return self.result
        if self.result.errors:
            self.result.errors.sort(key=self._error_order)
            return self.result
        self.result.sheets = [plan.count() for plan in self.plans]
        if self.dry_run:
            return self.result
        try:
            with transaction.atomic():
                self.write()
        except _RollbackError:
            self.result.sheets = []
            self.result.campaigns_created = []
            self.result.programmes_created = []
        return self.result

    def _error_order(self, error: LedgerError) -> tuple[int, int]:
        order = {plan.name: i for i, plan in enumerate(self.plans)}
        return (order.get(error.sheet, -1), error.row or 0)


def _resolved(value: Any) -> Any:
    if isinstance(value, Target):
        return value.resolve()
    if isinstance(value, frozenset):
        return sorted((t.resolve() for t in value), key=lambda c: c.pk)
    return value


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def ledger_import(
    *,
    file: IO[bytes] | str | Path,
    center: Center,
    by: User | None,
    filename: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LedgerImportResult:
    """Import a ledger file into `center`: everything, or nothing when any row is bad.

    `file` is a path or a binary file object; `filename` (required for file objects)
    decides between workbook and CSV and names a CSV file's record type.
    """
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(file, (str, Path)):
            path = Path(file)
            name = filename or path.name
            try:
                size = path.stat().st_size
                sheets.file_kind(name)
                sheets.check_size(size, max_bytes())
            except sheets.RefusedError as exc:
                return LedgerImportResult(
                    filename=name, dry_run=dry_run, errors=[LedgerError(name, None, "", str(exc))]
                )
            with path.open("rb") as handle:
                return _import(handle, name, center, by, dry_run, progress)
        name = filename or getattr(file, "name", "") or "ledger"
        try:
            sheets.file_kind(name)
            sheets.check_size(sheets.size_of(file), max_bytes())
        except sheets.RefusedError as exc:
            return LedgerImportResult(
                filename=name, dry_run=dry_run, errors=[LedgerError(name, None, "", str(exc))]
            )
        return _import(file, name, center, by, dry_run, progress)


def _import(
    file: IO[bytes],
    name: str,
    center: Center,
    by: User | None,
    dry_run: bool,
    progress: Progress | None,
) -> LedgerImportResult:
    importer = Importer(center=center, by=by, filename=name, dry_run=dry_run, progress=progress)
    return importer.run(file)
