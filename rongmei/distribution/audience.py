"""A channel's audience (followers and visits by day): importing exports, telling growth.

The import reads an .xlsx or .csv file with one row per day: a date column and a
followers and/or a visits column, such as WeChat's 用户分析 › 用户增长 export
(时间, 新关注人数, 取消关注人数, 净增关注人数, 累积关注人数). Headers are found by name among
the synonyms in `COLUMNS` (the platforms rename their columns, and we could not check
every current export, so common names are accepted); other columns are ignored.
Followers are the total on the day, visits those of the day. The same rules as the
reach import (`reach.py`) hold: all or nothing with a message per bad cell, empty
cells or `-` leave a figure as it was, a day already stored with the same figures is
left untouched (so importing a file twice changes nothing), one audit entry per import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from rongmei.core import cells
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center
from rongmei.core.sheets import RefusedError

from .models import AudienceFigure, Channel
from .reach import HEADER_SCAN_ROWS, MAX_ERRORS, RowError, normalize_header, read_rows
from .services import audience_record

if TYPE_CHECKING:
    from rongmei.accounts.models import User

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("时间", "日期", "统计日期", "数据日期", "date"),
    "followers": (
        "累积关注人数",
        "累计关注人数",
        "总关注人数",
        "关注人数",
        "累计粉丝数",
        "总粉丝数",
        "粉丝总数",
        "粉丝数",
        "关注数",
        "用户数",
        "followers",
    ),
    "visits": (
        "访问量",
        "访问次数",
        "访问人数",
        "浏览量",
        "浏览次数",
        "阅读次数",
        "主页访问量",
        "主页访问次数",
        "visits",
    ),
}
MAX_DAYS = 3 * 366 + 1  # the longest period a growth page lists day by day


@dataclass
class AudienceRow:
    row: int
    date: dt.date
    followers: int | None
    visits: int | None


@dataclass
class AudienceImportResult:
    ok: bool
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _header(rows) -> tuple[int, dict[str, tuple[int, str]]] | None:
    for index, (_number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        headers = {
            normalize_header(v): (i, cells.text(v))
            for i, v in enumerate(values)
            if not cells.blank(v)
        }
        found = {}
        for name, synonyms in COLUMNS.items():
            for synonym in synonyms:
                hit = headers.get(normalize_header(synonym))
                if hit is not None:
                    found[name] = hit
                    break
        if "date" in found and ("followers" in found or "visits" in found):
            return index, found
    return None


def parse_audience(rows) -> tuple[list[AudienceRow], list[RowError]]:
    located = _header(rows)
    if located is None:
        reason = _(
            "在前 %(n)s 行中找不到表头：需要日期列（如“时间”“日期”）和关注数或访问量列"
            "（如“累积关注人数”“访问量”）。"
        ) % {"n": HEADER_SCAN_ROWS}
        return [], [RowError(None, "", reason)]
    header_index, columns = located
    parsed: list[AudienceRow] = []
    errors: list[RowError] = []
    seen: dict[dt.date, int] = {}
    for number, values in rows[header_index + 1 :]:
        if all(cells.blank(v) for v in values):
            continue

        def cell(name: str, values: tuple[Any, ...] = values) -> Any:
            index = columns[name][0]
            return values[index] if index < len(values) else None

        raw_date = cell("date")
        if cells.text(raw_date) in {"合计", "总计", "汇总", "平均"}:
            continue
        day = None
        if cells.blank(raw_date):
            errors.append(RowError(number, columns["date"][1], _("日期不能为空")))
        else:
            try:
                day = cells.loose_date(raw_date)
            except cells.CellError as exc:
                errors.append(RowError(number, columns["date"][1], str(exc)))
        if day is not None:
            if day in seen:
                errors.append(
                    RowError(
                        number,
                        columns["date"][1],
                        _("日期 %(date)s 与第 %(row)s 行重复") % {"date": day, "row": seen[day]},
                    )
                )
            seen.setdefault(day, number)
        found: dict[str, int | None] = {"followers": None, "visits": None}
        for name in ("followers", "visits"):
            if name in columns:
                try:
                    found[name] = cells.count(cell(name))
                except cells.CellError as exc:
                    errors.append(RowError(number, columns[name][1], str(exc)))
        if day is not None:
            parsed.append(AudienceRow(number, day, found["followers"], found["visits"]))
        if len(errors) >= MAX_ERRORS:
            errors.append(
                RowError(None, "", _("错误过多，只列出前 %(n)s 处。") % {"n": MAX_ERRORS})
            )
            break
    return parsed, errors


@transaction.atomic
def audience_import(
    *, by: User | None, center: Center, channel: Channel, file: IO[bytes], filename: str
) -> AudienceImportResult:
    """Import a channel's daily followers/visits; a refused file (`ok=False`) writes nothing."""
    if channel.center_id != center.pk:
        return AudienceImportResult(
            ok=False, errors=[RowError(None, "", _("所选渠道不属于本中心。"))]
        )
    try:
        rows, errors = parse_audience(read_rows(file, filename))
    except RefusedError as exc:
        return AudienceImportResult(ok=False, errors=[RowError(None, "", str(exc))])
    if errors:
        return AudienceImportResult(ok=False, errors=errors)
    if not rows:
        return AudienceImportResult(ok=False, errors=[RowError(None, "", _("文件中没有数据行。"))])
    stored = {
        f.date: f
        for f in AudienceFigure.objects.filter(
            center=center, channel=channel, date__in=[r.date for r in rows]
        )
    }
    created = updated = unchanged = 0
    for row in rows:
        old = stored.get(row.date)
        if old is not None and all(
            new is None or new == getattr(old, name)
            for name, new in (("followers", row.followers), ("visits", row.visits))
        ):
            unchanged += 1
            continue
        audience_record(
            by=by,
            center=center,
            channel=channel,
            date=row.date,
            followers=row.followers,
            visits=row.visits,
            audit=False,
        )
        if old is None:
            created += 1
        else:
            updated += 1
    audit_record(
        action=AuditAction.IMPORT,
        by=by,
        obj=channel,
        verb="用户数据导入",
        changes={
            "file": filename[:255],
            "rows": len(rows),
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
        },
    )
    return AudienceImportResult(
        ok=True, rows=len(rows), created=created, updated=updated, unchanged=unchanged
    )


# ---------------------------------------------------------------------------
# Reads


def audience_growth(
    *, center: Center, channel: Channel | None = None, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """Per channel of the center (or just `channel`): its growth over start…end (one query).

    Keys: `pk`, `name`, `platform`, `followers_start` (the latest total before `start`,
    else the first one in the period), `followers_end` (the latest on or before `end`),
    `growth` (end − start, None where either is unknown), `visits` (summed over the
    period) and `days` (days with figures in the period).
    """
    figures = AudienceFigure.objects.filter(center=center, channel=OuterRef("pk")).order_by()
    with_followers = figures.filter(followers__isnull=False)
    in_period = figures.filter(date__gte=start, date__lte=end)
    channels = Channel.objects.filter(center=center)
    if channel is not None:
        channels = channels.filter(pk=channel.pk)
    rows = (
        channels.order_by("platform", "name", "pk")
        .annotate(
            followers_before=Subquery(
                with_followers.filter(date__lt=start).order_by("-date").values("followers")[:1]
            ),
            followers_first=Subquery(
                with_followers.filter(date__gte=start, date__lte=end)
                .order_by("date")
                .values("followers")[:1]
            ),
            followers_end=Subquery(
                with_followers.filter(date__lte=end).order_by("-date").values("followers")[:1]
            ),
            visits=Coalesce(
                Subquery(in_period.values("channel_id").annotate(s=Sum("visits")).values("s")[:1]),
                Value(0),
                output_field=IntegerField(),
            ),
            days=Coalesce(
                Subquery(in_period.values("channel_id").annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
                output_field=IntegerField(),
            ),
        )
        .values(
            "pk",
            "name",
            "platform",
            "followers_before",
            "followers_first",
            "followers_end",
            "visits",
            "days",
        )
    )
    result = []
    for row in rows:
        start_value = row.pop("followers_before")
        first = row.pop("followers_first")
        if start_value is None:
            start_value = first
        row["followers_start"] = start_value
        end_value = row["followers_end"]
        row["growth"] = (
            end_value - start_value if start_value is not None and end_value is not None else None
        )
        result.append(row)
    return result


def audience_series(
    *, center: Center, channel: Channel, start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """The channel's figures day by day in start…end, oldest first (one query, bounded)."""
    return list(
        AudienceFigure.objects.filter(
            center=center, channel=channel, date__gte=start, date__lte=end
        )
        .order_by("date")
        .values("date", "followers", "visits")[:MAX_DAYS]
    )
