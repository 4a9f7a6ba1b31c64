"""The statistics document as labelled tables: for the staff pages and the Excel export.

The labels here are the only Chinese names of the figures; the staff page, the .xlsx
and the ranking's metric picker all read them, so they cannot drift apart.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from rongmei.core.exports import xlsx_append

from .services import Document, metric_names

LEVELS = {
    "central": "中央",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "other": "其他",
}
PLATFORMS = {
    "website": "网站",
    "app": "客户端",
    "wechat": "微信",
    "weibo": "微博",
    "douyin": "抖音",
    "kuaishou": "快手",
    "toutiao": "今日头条",
    "bilibili": "哔哩哔哩",
    "xuexi": "学习强国",
    "tv": "电视",
    "radio": "广播",
    "newspaper": "报纸",
    "other": "其他",
}
_SUB_LABELS = {
    "outreach.by_level": LEVELS,
    "productions.by_kind": {
        "special_film": "专题片",
        "psa": "公益广告",
        "micro_video": "微视频",
        "other": "其他",
    },
    "party": {
        "branch_committee": "支委会",
        "member_meeting": "党员大会",
        "group_meeting": "党小组会",
        "party_lecture": "党课",
        "theme_day": "主题党日",
        "political_birthday": "政治生日",
        "org_life": "组织生活会",
        "study_session": "理论学习",
        "community_service": "双报到服务",
        "community_service_hours": "双报到服务时长（小时）",
    },
    "integrity": {
        "responsibility_letter": "责任书（份）",
        "commitment_letter": "承诺书（份）",
        "integrity_talk": "廉政谈话（次）",
        "inspection": "监督检查（次）",
        "problem": "问题整改（个）",
    },
    "exposures": {
        "received": "受理",
        "published": "已曝光",
        "rectified": "已整改",
        "rejected": "不予受理",
    },
    "notices.by_category": {
        "power": "停电",
        "water": "停水",
        "traffic": "交通",
        "agriculture": "农特产品",
        "weather": "气象",
        "other": "其他",
    },
    "broadcast.by_kind": {"outage": "停播", "wrong": "错播", "degraded": "劣播", "filler": "垫播"},
}
_GROUP_LABELS = {
    "outreach": "外宣",
    "productions": "作品",
    "live": "直播",
    "party": "党建",
    "integrity": "廉政",
    "exposures": "曝光台",
    "notices": "便民信息",
    "broadcast": "播出事故",
    "training": "培训",
}
_FIXED_LABELS = {
    "outreach.adoptions": "外宣刊播总数",
    "outreach.front_page": "外宣·头版",
    "outreach.front_page_headline": "外宣·头版头条",
    "published_total": "自有平台发布总数",
    "views_total": "自有平台阅读总量",
    "productions.total": "作品总数",
    "live.events": "直播场次",
    "live.viewers": "直播观看量",
    "notices.total": "便民信息总数",
    "broadcast.incidents": "播出事故总数",
    "broadcast.outage_seconds": "停播时长（秒）",
    "training.events": "培训次数",
    "training.attendees": "培训人次",
    "training.hours": "培训学时",
}


def metric_label(path: str) -> str:
    """The Chinese name of a counted figure, e.g. outreach.by_level.central → 外宣·中央."""
    if path in _FIXED_LABELS:
        return _FIXED_LABELS[path]
    parent, _, key = path.rpartition(".")
    group = _GROUP_LABELS.get(path.split(".")[0], path)
    sub = _SUB_LABELS.get(parent, {}).get(key, key)
    return f"{group}·{sub}"


def metric_choices() -> list[tuple[str, str]]:
    return [(name, metric_label(name)) for name in metric_names()]


@dataclass
class Table:
    key: str  # names the table in `?table=` of the Excel export
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _dig(doc: Document | None, path: str) -> Any:
    value: Any = doc
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _or_dash(value: Any) -> Any:
    return "—" if value is None else value


def _change(current: Any, previous: Any) -> str:
    """ "+95%", "-3%", or "—" where there is nothing to compare with."""
    if not isinstance(current, int | float) or not isinstance(previous, int | float):
        return "—"
    if not previous:
        return "—"
    change = round((current - previous) * 100 / previous)
    return f"{change:+d}%" if change else "0%"


def _monthly_table(monthly: Document) -> Table:
    previous = monthly.get("previous")
    headers = ["月份", "发布", "阅读量", "外宣刊播"]
    if previous:
        headers += ["对比期发布", "对比期阅读量", "对比期外宣刊播"]
    table = Table("monthly", "月度发布与外宣", headers)
    for i, label in enumerate(monthly["buckets"]):
        row = [label, monthly["published"][i], monthly["views"][i], monthly["adoptions"][i]]
        if previous:
            row += [
                previous["published"][i] if i < len(previous["published"]) else None,
                previous["views"][i] if i < len(previous["views"]) else None,
                previous["adoptions"][i] if i < len(previous["adoptions"]) else None,
            ]
        table.rows.append(row)
    return table


def _top_table(top: list[dict[str, Any]]) -> Table:
    return Table(
        "top",
        "阅读量最高的发布",
        ["名次", "标题", "渠道", "发布日期", "阅读量", "点赞", "转发", "评论"],
        [
            [
                i,
                r["title"],
                r["channel"],
                str(r["date"]),
                r["views"],
                r["likes"],
                r["shares"],
                r["comments"],
            ]
            for i, r in enumerate(top, start=1)
        ],
    )


def stats_tables(
    doc: Document,
    *,
    monthly: Document | None = None,
    top: list[dict[str, Any]] | None = None,
) -> list[Table]:
    """The figures of the document as tables; listings without rows are left out.

    With `monthly` (`series.stats_monthly`) and `top` (the most viewed publications),
    their tables follow the overview.
    """
    previous = doc.get("previous")
    headers = ["指标", "本期"] + (["对比期", "增减"] if previous else [])
    overview = Table("overview", "主要指标", headers)
    for name in metric_names():
        row = [metric_label(name), _dig(doc, name)]
        if previous:
            row += [_dig(previous, name), _change(_dig(doc, name), _dig(previous, name))]
        overview.rows.append(row)
    tables = [overview]
    if monthly is not None and any(monthly["published"] + monthly["adoptions"]):
        tables.append(_monthly_table(monthly))
    if top:
        tables.append(_top_table(top))

    outreach = doc["outreach"]["by_outlet"]
    if outreach:
        tables.append(
            Table(
                "outlets",
                "外宣刊播（分媒体，上级媒体含下属媒体）",
                ["媒体", "级别", "上级媒体", "刊播", "头版", "头版头条"],
                [
                    [
                        r["outlet"],
                        LEVELS.get(r["level"], r["level"]),
                        _or_dash(r["parent"]),
                        r["adoptions"],
                        r["front_page"],
                        r["front_page_headline"],
                    ]
                    for r in outreach
                ],
            )
        )
    if doc["channels"]:
        tables.append(
            Table(
                "channels",
                "自有渠道",
                [
                    "渠道",
                    "平台",
                    "发布",
                    "阅读量",
                    "点赞",
                    "转发",
                    "评论",
                    "关注数",
                    "关注增长",
                    "访问量",
                ],
                [
                    [
                        r["channel"],
                        PLATFORMS.get(r["platform"], r["platform"]),
                        r["published"],
                        r["views"],
                        r["likes"],
                        r["shares"],
                        r["comments"],
                        _or_dash(r["followers"]),
                        _or_dash(r["followers_growth"]),
                        r["visits"],
                    ]
                    for r in doc["channels"]
                ],
            )
        )
    if doc["programmes"]:
        tables.append(
            Table(
                "programmes",
                "节目播出",
                ["节目", "期数", "条数"],
                [[r["programme"], r["episodes"], r["items"]] for r in doc["programmes"]],
            )
        )
    if doc["columns"]:
        tables.append(
            Table(
                "columns",
                "栏目（发布条数与同名节目期数）",
                ["栏目", "数量"],
                [[r["column"], r["published"]] for r in doc["columns"]],
            )
        )
    if doc["campaigns"]:
        tables.append(
            Table(
                "campaigns",
                "专题",
                ["专题", "发布", "外宣刊播", "作品", "直播"],
                [
                    [
                        r["campaign"],
                        r["published"],
                        r["adoptions"],
                        r["productions"],
                        r["live_streams"],
                    ]
                    for r in doc["campaigns"]
                ],
            )
        )
    return tables


def has_records(doc: Document) -> bool:
    """Whether anything at all was counted in the period."""
    return any(_dig(doc, name) for name in metric_names()) or bool(doc["channels"])


def stats_workbook(doc: Document, tables: list[Table] | None = None) -> bytes:
    """The tables (by default those of the document) as an .xlsx workbook, one sheet each."""
    wb = Workbook()
    wb.remove(wb.active)
    period = f"{doc['period']['start']} 至 {doc['period']['end']}"
    for index, table in enumerate(stats_tables(doc) if tables is None else tables):
        # Sheet titles: at most 31 characters, no brackets.
        title = table.title.split("（")[0][:31] or f"表{index + 1}"
        ws = wb.create_sheet(title)
        ws.append([f"{doc['center']['name']} {table.title}（{period}）"])
        ws["A1"].font = Font(bold=True)
        ws.append(table.headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            xlsx_append(ws, row)  # titles and names stay text, never formulas
        for col in range(1, len(table.headers) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 14 if col > 1 else 28
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
