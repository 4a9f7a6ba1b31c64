"""What the statistics page and the wall screen draw: chart data in plain JSON.

Built from the statistics document (`services`), the monthly series (`series`) and the
most viewed publications; the labels come from `exports`, like the tables'. The
browser side is `static/reporting/charts.js`, which reads this from a `json_script`
tag (or, on the wall screen, fetches it again every minute).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rongmei.core.models import Center
from rongmei.distribution import selectors as distribution_selectors

from .exports import LEVELS, PLATFORMS, metric_label
from .series import stats_monthly
from .services import Document, previous_period, stats_document

TOP_LIMIT = 10

# The figures in big type on the wall screen, in order.
WALL_FIGURES = (
    "outreach.adoptions",
    "outreach.by_level.central",
    "published_total",
    "views_total",
    "live.viewers",
    "exposures.rectified",
)
# Groups of small counts drawn as bars, this period against the one compared with.
FIGURE_GROUPS = {
    "party": "党建活动",
    "integrity": "党风廉政",
    "broadcast.by_kind": "安全播出事故",
    "productions.by_kind": "作品",
    "notices.by_category": "便民信息",
}


@dataclass
class Dashboard:
    """Everything one statistics page shows, computed once."""

    doc: Document
    monthly: Document
    top: list[dict[str, Any]]


def stats_dashboard(
    *, center: Center, start: dt.date, end: dt.date, compare: str | None = None
) -> Dashboard:
    """The document, the monthly series and the top publications of one center."""
    doc = stats_document(center=center, start=start, end=end, compare=compare)
    monthly = stats_monthly(center=center, start=start, end=end, compare=compare)
    top = distribution_selectors.publication_top(
        center=center, start=start, end=end, limit=TOP_LIMIT
    )
    for row in top:
        row["date"] = row["date"].isoformat()
        row["platform_label"] = PLATFORMS.get(row["platform"], row["platform"])
    return Dashboard(doc=doc, monthly=monthly, top=top)


def _dig(doc: Document | None, path: str) -> Any:
    value: Any = doc
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def change_percent(current: float | None, previous: float | None) -> int | None:
    """The change against the previous figure, to the nearest whole percent (None if n/a)."""
    if current is None or not previous:
        return None
    return round((current - previous) * 100 / previous)


def _group(doc: Document, previous: Document | None, path: str) -> list[dict[str, Any]]:
    values = _dig(doc, path) or {}
    prev_values = _dig(previous, path) or {}
    return [
        {
            "key": key,
            "name": metric_label(f"{path}.{key}").split("·", 1)[-1],
            "value": value,
            "previous": prev_values.get(key) if previous else None,
        }
        for key, value in values.items()
        if key != "community_service_hours"  # hours, not a count: shown as a figure
    ]


def period_names(doc: Document) -> dict[str, str]:
    """Short names of the period and of the one compared with, for legends."""
    start = dt.date.fromisoformat(doc["period"]["start"])
    end = dt.date.fromisoformat(doc["period"]["end"])
    names = {"current": "本期", "previous": "对比期"}
    if start.year == end.year:
        names["current"] = f"{start.year}年"
    previous = doc.get("previous")
    if previous:
        prev_start = dt.date.fromisoformat(previous["period"]["start"])
        prev_end = dt.date.fromisoformat(previous["period"]["end"])
        if prev_start.year == prev_end.year and prev_start.year != start.year:
            names["previous"] = f"{prev_start.year}年"
    return names


def chart_data(board: Dashboard) -> dict[str, Any]:
    """The charts' data: plain lists and numbers, the labels already in Chinese."""
    doc, monthly = board.doc, board.monthly
    previous = doc.get("previous")
    outreach = doc["outreach"]
    return {
        "center": doc["center"],
        "period": doc["period"],
        "names": period_names(doc),
        "monthly": {
            "labels": monthly["labels"],
            "published": monthly["published"],
            "views": monthly["views"],
            "adoptions": monthly["adoptions"],
            "previous": (
                {
                    "published": monthly["previous"]["published"],
                    "views": monthly["previous"]["views"],
                    "adoptions": monthly["previous"]["adoptions"],
                }
                if monthly.get("previous")
                else None
            ),
        },
        "by_level": [
            {"name": LEVELS[level], "value": value}
            for level, value in outreach["by_level"].items()
            if value
        ],
        "outlets": [
            {"name": r["outlet"], "value": r["adoptions"]} for r in outreach["by_outlet"][:10]
        ],
        "channels": [
            {
                "name": r["channel"],
                "platform": PLATFORMS.get(r["platform"], r["platform"]),
                "published": r["published"],
                "views": r["views"],
                "likes": r["likes"],
                "shares": r["shares"],
                "comments": r["comments"],
                "followers": r["followers"],
            }
            for r in doc["channels"]
        ],
        "columns": [{"name": r["column"], "value": r["published"]} for r in doc["columns"][:15]],
        "campaigns": [
            {
                "name": r["campaign"],
                "published": r["published"],
                "adoptions": r["adoptions"],
                "productions": r["productions"],
                "live_streams": r["live_streams"],
            }
            for r in doc["campaigns"][:10]
        ],
        "top": board.top,
        "groups": [
            {"key": path, "title": title, "items": _group(doc, previous, path)}
            for path, title in FIGURE_GROUPS.items()
        ],
        "figures": [
            {
                "key": path,
                "name": metric_label(path),
                "value": _dig(doc, path),
                "previous": _dig(previous, path) if previous else None,
                "change": change_percent(_dig(doc, path), _dig(previous, path)),
            }
            for path in WALL_FIGURES
        ],
    }


def wall_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The wall screen's default period: the year so far."""
    return dt.date(today.year, 1, 1), today


def wall_data(*, center: Center, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The wall screen's figures and charts, compared with the same days a year before."""
    board = stats_dashboard(center=center, start=start, end=end, compare="previous_year")
    data = chart_data(board)
    prev_start, prev_end = previous_period(start, end, "previous_year")
    data["previous_period"] = {"start": prev_start.isoformat(), "end": prev_end.isoformat()}
    return data
