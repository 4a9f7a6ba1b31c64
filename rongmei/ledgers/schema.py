"""The record types of the ledger-import contract: sheets, their columns and enumerations.

The order of `SHEETS` is the contract's: sheets load in that order, so a row may name
an outlet, channel or column that an earlier sheet of the same workbook defines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils import translation

from rongmei.broadcast_safety.models import BroadcastIncident, IncidentKind
from rongmei.distribution.models import (
    AudienceFigure,
    Channel,
    Platform,
    Publication,
    PublicationKind,
)
from rongmei.exposure.models import ExposureCase, ExposureStatus
from rongmei.integrity.models import IntegrityKind, IntegrityRecord
from rongmei.newsroom.models import Column
from rongmei.notices.models import Notice, NoticeCategory
from rongmei.outreach.models import Adoption, AdoptionKind, Outlet, OutletLevel, Placement
from rongmei.party.models import ActivityKind, PartyActivity
from rongmei.programmes.models import Episode, LiveStream, Production, ProductionKind
from rongmei.training.models import TrainingEvent, TrainingKind

# Kinds of cell value.
TEXT = "text"
INT = "int"
DECIMAL = "decimal"
DATE = "date"
DATETIME = "datetime"
ENUM = "enum"
LIST = "list"  # stored as text joined with "、"
CAMPAIGNS = "campaigns"  # a list of campaign names; missing campaigns are created
OUTLET = "outlet"
CHANNEL = "channel"
COLUMN = "column"
PROGRAMME = "programme"  # missing programmes are created, like campaigns
REFERENCES = frozenset({OUTLET, CHANNEL, COLUMN, PROGRAMME})


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None

    def enum_values(self) -> dict[str, str]:
        """Every accepted spelling (key, any case; Chinese label) → the stored key."""
        values: dict[str, str] = {}
        if self.choices is None:
            return values
        with translation.override("zh-hans"):
            for value, label in self.choices.choices:
                values[str(value).lower()] = value
                values[str(label)] = value
        return values

    def enum_hint(self) -> str:
        if self.choices is None:
            return ""
        with translation.override("zh-hans"):
            return "、".join(f"{v}（{label}）" for v, label in self.choices.choices)


@dataclass(frozen=True)
class Sheet:
    key: str
    label: str
    model: type[models.Model]
    columns: tuple[Col, ...]
    # The columns that identify a row when it has no `ref`. The contract says "all
    # required columns together"; where the model keeps one record per narrower key
    # (a name, a programme and day, a channel and day) that key is used, so that a
    # changed value updates the record instead of colliding with it.
    identity: tuple[str, ...] = ()
    # Whether the identity is unique among stored records (else rows pair up with
    # records of the same identity one by one, so two meetings on a day stay two).
    unique: bool = False
    # The date column that narrows the stored records compared with the file.
    date_key: str | None = "date"
    by_key: dict[str, Col] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})
        if not self.identity:
            object.__setattr__(self, "identity", tuple(c.key for c in self.columns if c.required))

    @property
    def has_ref(self) -> bool:
        return "ref" in self.by_key


def _c(key: str, label: str, kind: str = TEXT, required: bool = False, choices=None) -> Col:
    return Col(key=key, label=label, kind=kind, required=required, choices=choices)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "outlets",
        "外部媒体",
        Outlet,
        (
            _c("name", "名称", required=True),
            _c("level", "级别", ENUM, True, OutletLevel),
            _c("parent", "上级媒体"),  # resolved after the whole sheet is read
        ),
        identity=("name",),
        unique=True,
        date_key=None,
    ),
    Sheet(
        "channels",
        "自有渠道",
        Channel,
        (_c("name", "名称", required=True), _c("platform", "平台", ENUM, True, Platform)),
        identity=("name",),
        unique=True,
        date_key=None,
    ),
    Sheet(
        "columns",
        "栏目",
        Column,
        (_c("name", "名称", required=True), _c("channel", "渠道", CHANNEL)),
        identity=("name",),
        unique=True,
        date_key=None,
    ),
    Sheet(
        "adoptions",
        "外宣刊播",
        Adoption,
        (
            _c("date", "日期", DATE, True),
            _c("outlet", "媒体", OUTLET, True),
            _c("title", "标题", required=True),
            _c("kind", "类型", ENUM, choices=AdoptionKind),
            _c("placement", "版面", ENUM, choices=Placement),
            _c("url", "链接"),
            _c("authors", "作者", LIST),
            _c("campaigns", "专题", CAMPAIGNS),
            _c("ref", "编号"),
        ),
    ),
    Sheet(
        "publications",
        "发布记录",
        Publication,
        (
            _c("date", "日期", DATE, True),
            _c("channel", "渠道", CHANNEL, True),
            _c("title", "标题", required=True),
            _c("kind", "类型", ENUM, choices=PublicationKind),
            _c("column", "栏目", COLUMN),
            _c("campaigns", "专题", CAMPAIGNS),
            _c("views", "阅读量", INT),
            _c("likes", "点赞", INT),
            _c("shares", "转发", INT),
            _c("comments", "评论", INT),
            _c("authors", "作者", LIST),
            _c("ref", "编号"),
        ),
    ),
    Sheet(
        "episodes",
        "节目播出",
        Episode,
        (
            _c("programme", "节目", PROGRAMME, True),
            _c("date", "日期", DATE, True),
            _c("items", "条数", INT, True),
            _c("duration_minutes", "时长", INT),
            _c("channel", "渠道", CHANNEL),
        ),
        identity=("programme", "date"),
        unique=True,
    ),
    Sheet(
        "live_streams",
        "直播",
        LiveStream,
        (
            _c("date", "日期", DATE, True),
            _c("title", "标题", required=True),
            _c("platforms", "平台", LIST),
            _c("viewers", "观看量", INT),
            _c("campaigns", "专题", CAMPAIGNS),
        ),
    ),
    Sheet(
        "productions",
        "作品",
        Production,
        (
            _c("date", "日期", DATE, True),
            _c("title", "标题", required=True),
            _c("kind", "类型", ENUM, True, ProductionKind),
            _c("column", "栏目", COLUMN),
            _c("campaigns", "专题", CAMPAIGNS),
        ),
    ),
    Sheet(
        "audience",
        "用户数据",
        AudienceFigure,
        (
            _c("channel", "渠道", CHANNEL, True),
            _c("date", "日期", DATE, True),
            _c("followers", "关注数", INT),
            _c("visits", "访问量", INT),
        ),
        identity=("channel", "date"),
        unique=True,
    ),
    Sheet(
        "party_activities",
        "党建活动",
        PartyActivity,
        (
            _c("date", "日期", DATE, True),
            _c("kind", "类型", ENUM, True, ActivityKind),
            _c("title", "主题"),
            _c("attendees", "参加人数", INT),
            _c("hours", "服务时长", DECIMAL),
        ),
    ),
    Sheet(
        "integrity_records",
        "廉政记录",
        IntegrityRecord,
        (
            _c("date", "日期", DATE, True),
            _c("kind", "类型", ENUM, True, IntegrityKind),
            _c("count", "份数/次数", INT),
            _c("subject", "对象/事项"),
        ),
    ),
    Sheet(
        "exposures",
        "曝光台",
        ExposureCase,
        (
            _c("date", "日期", DATE, True),
            _c("title", "标题", required=True),
            _c("status", "状态", ENUM, True, ExposureStatus),
            _c("rectified_date", "整改日期", DATE),
        ),
        # A case's status moves on (受理 → 曝光 → 整改): a later ledger updates the case.
        identity=("date", "title"),
    ),
    Sheet(
        "notices",
        "便民信息",
        Notice,
        (
            _c("date", "日期", DATE, True),
            _c("category", "类别", ENUM, True, NoticeCategory),
            _c("title", "标题", required=True),
        ),
    ),
    Sheet(
        "broadcast_incidents",
        "播出事故",
        BroadcastIncident,
        (
            _c("started", "开始时间", DATETIME, True),
            _c("system", "系统/频率", required=True),
            _c("kind", "类型", ENUM, True, IncidentKind),
            _c("duration_seconds", "时长秒", INT, True),
            _c("cause", "原因"),
        ),
        date_key="started",
    ),
    Sheet(
        "trainings",
        "培训",
        TrainingEvent,
        (
            _c("date", "日期", DATE, True),
            _c("title", "名称", required=True),
            _c("kind", "类型", ENUM, choices=TrainingKind),
            _c("attendees", "人次", INT),
            _c("hours", "学时", DECIMAL),
        ),
    ),
)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}
SHEET_ORDER = {s.key: i for i, s in enumerate(SHEETS)}


def sheet_for_name(name: str) -> Sheet | None:
    """The record type a sheet name stands for: its key (any case) or its Chinese name."""
    name = name.strip()
    for sheet in SHEETS:
        if name.lower() == sheet.key or name == sheet.label:
            return sheet
    return None


def sheet_for_filename(filename: str) -> Sheet | None:
    """The record type a CSV file name starts with (`adoptions-2021.csv`, `外宣刊播2021.csv`)."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    lowered = stem.lower()
    matches = [s for s in SHEETS if lowered.startswith(s.key) or stem.startswith(s.label)]
    if not matches:
        return None
    return max(matches, key=lambda s: max(len(s.key), len(s.label)))
