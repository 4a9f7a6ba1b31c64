"""Reporting owns the statistics (统计口径): one document of figures per center and period.

Every figure of a work summary, a staff page, the API or a ranking comes from here, and
this module reads other apps only through their `selectors`. The document follows
`contracts/statistics.md` exactly; the number of queries it runs does not depend on the
number of records. `summary_figures` adds the few figures only the work summary writes,
and the last section holds the writes of reporting's own record, the center's Word
template of the summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.broadcast_safety import selectors as broadcast_selectors
from rongmei.core.audit import audit_create, audit_update, snapshot
from rongmei.core.models import Center
from rongmei.distribution import selectors as distribution_selectors
from rongmei.exposure import selectors as exposure_selectors
from rongmei.integrity import selectors as integrity_selectors
from rongmei.newsroom import selectors as newsroom_selectors
from rongmei.notices import selectors as notices_selectors
from rongmei.outreach import selectors as outreach_selectors
from rongmei.party import selectors as party_selectors
from rongmei.programmes import selectors as programmes_selectors
from rongmei.training import selectors as training_selectors

from .docx_template import TemplateCheckError, check_summary_template
from .models import SummaryTemplate

COMPARE_CHOICES = ("previous_year", "previous_period")

Document = dict[str, Any]


class StatsError(ValueError):
    """A statistics request that cannot be answered; the message is for the user."""


# ---------------------------------------------------------------------------
# Periods


def parse_date(value: str | None, *, label: str) -> dt.date:
    """A `YYYY-MM-DD` date, or a StatsError naming the parameter."""
    if not value:
        raise StatsError(_("缺少%(label)s，格式为 YYYY-MM-DD。") % {"label": label})
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise StatsError(
            _("%(label)s“%(value)s”不是有效日期，格式应为 YYYY-MM-DD。")
            % {"label": label, "value": value}
        ) from exc


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise StatsError(_("结束日期不能早于开始日期。"))


def check_compare(compare: str | None) -> None:
    if compare and compare not in COMPARE_CHOICES:
        raise StatsError(
            _("对比方式“%(value)s”无效，可选：previous_year（同比）、previous_period（环比）。")
            % {"value": compare}
        )


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def previous_period(start: dt.date, end: dt.date, compare: str) -> tuple[dt.date, dt.date]:
    """The period to compare with: a year before, or as long and just before."""
    check_compare(compare)
    if compare == "previous_year":
        return _year_earlier(start), _year_earlier(end)
    length = end - start
    prev_end = start - dt.timedelta(days=1)
    return prev_end - length, prev_end


def _number(value: Decimal | int | float | None) -> int | float:
    """A JSON number: an int where whole (hours 12.0 → 12), else a float."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    if value == int(value):
        return int(value)
    return float(value)


# ---------------------------------------------------------------------------
# Counted sections, computed for many centers at once (one or two queries each).
# Each returns, per center id, the document keys it fills.

Section = Callable[[Collection[int], dt.date, dt.date], dict[int, Document]]


def _outreach(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = outreach_selectors.adoption_totals_by_center(center_ids=ids, start=start, end=end)
    return {
        cid: {
            "outreach": totals.get(cid)
            or {
                "adoptions": 0,
                "by_level": dict.fromkeys(outreach_selectors.LEVELS, 0),
                "front_page": 0,
                "front_page_headline": 0,
            }
        }
        for cid in ids
    }


def _publications(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = distribution_selectors.publication_totals_by_center(
        center_ids=ids, start=start, end=end
    )
    return {
        cid: {
            "published_total": totals.get(cid, {}).get("published", 0),
            "views_total": totals.get(cid, {}).get("views", 0),
        }
        for cid in ids
    }


def _productions(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    counts = programmes_selectors.production_counts_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        by_kind = counts.get(cid) or dict.fromkeys(programmes_selectors.PRODUCTION_KINDS, 0)
        result[cid] = {"productions": {"total": sum(by_kind.values()), "by_kind": by_kind}}
    return result


def _live(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = programmes_selectors.live_totals_by_center(center_ids=ids, start=start, end=end)
    return {cid: {"live": totals.get(cid) or {"events": 0, "viewers": 0}} for cid in ids}


def _party(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = party_selectors.activity_totals_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        party = dict(totals.get(cid) or dict.fromkeys(party_selectors.KINDS, 0))
        party["community_service_hours"] = _number(party.get("community_service_hours"))
        result[cid] = {"party": party}
    return result


def _integrity(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    sums = integrity_selectors.record_sums_by_center(center_ids=ids, start=start, end=end)
    return {
        cid: {"integrity": sums.get(cid) or dict.fromkeys(integrity_selectors.KINDS, 0)}
        for cid in ids
    }


def _exposures(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    counts = exposure_selectors.case_counts_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        c = counts.get(cid, {})
        # `received` counts every report of the period, whatever its status now.
        result[cid] = {
            "exposures": {
                "received": c.get("total", 0),
                "published": c.get("published", 0),
                "rectified": c.get("rectified", 0),
                "rejected": c.get("rejected", 0),
            }
        }
    return result


def _notices(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    counts = notices_selectors.notice_counts_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        by_category = counts.get(cid) or dict.fromkeys(notices_selectors.CATEGORIES, 0)
        result[cid] = {"notices": {"total": sum(by_category.values()), "by_category": by_category}}
    return result


def _broadcast(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = broadcast_selectors.incident_totals_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        t = totals.get(cid, {})
        by_kind = {k: t.get(k, 0) for k in broadcast_selectors.KINDS}
        result[cid] = {
            "broadcast": {
                "incidents": sum(by_kind.values()),
                "by_kind": by_kind,
                "outage_seconds": t.get("outage_seconds", 0),
            }
        }
    return result


def _training(ids: Collection[int], start: dt.date, end: dt.date) -> dict[int, Document]:
    totals = training_selectors.training_totals_by_center(center_ids=ids, start=start, end=end)
    result = {}
    for cid in ids:
        t = totals.get(cid, {})
        result[cid] = {
            "training": {
                "events": t.get("events", 0),
                "attendees": t.get("attendees", 0),
                "hours": _number(t.get("hours")),
            }
        }
    return result


# The top-level key of a metric path → the section that computes it.
SECTIONS: dict[str, Section] = {
    "outreach": _outreach,
    "published_total": _publications,
    "views_total": _publications,
    "productions": _productions,
    "live": _live,
    "party": _party,
    "integrity": _integrity,
    "exposures": _exposures,
    "notices": _notices,
    "broadcast": _broadcast,
    "training": _training,
}


# ---------------------------------------------------------------------------
# Per-center listings (only in the document)


def _outreach_detail(center: Center, start: dt.date, end: dt.date) -> Document:
    """Adoptions per outlet, a parent's row including all its descendants' adoptions."""
    outlets = {o["pk"]: o for o in outreach_selectors.outlet_list(center=center)}
    own = outreach_selectors.adoption_counts_by_outlet(center=center, start=start, end=end)
    keys = ("adoptions", "front_page", "front_page_headline")
    rolled: dict[int, dict[str, int]] = {}
    by_level = dict.fromkeys(outreach_selectors.LEVELS, 0)
    totals = dict.fromkeys(keys, 0)
    for outlet_id, counts in own.items():
        for k in keys:
            totals[k] += counts[k]
        outlet = outlets.get(outlet_id)
        level = outlet["level"] if outlet and outlet["level"] in by_level else "other"
        by_level[level] += counts["adoptions"]
        node: int | None = outlet_id
        seen: set[int] = set()
        while node is not None and node not in seen:  # `seen` guards against a cycle
            seen.add(node)
            row = rolled.setdefault(node, dict.fromkeys(keys, 0))
            for k in keys:
                row[k] += counts[k]
            node = outlets[node]["parent_id"] if node in outlets else None
    by_outlet = []
    for outlet_id, counts in rolled.items():
        if not counts["adoptions"] or outlet_id not in outlets:
            continue
        outlet = outlets[outlet_id]
        parent = outlets.get(outlet["parent_id"]) if outlet["parent_id"] else None
        by_outlet.append(
            {
                "outlet": outlet["name"],
                "level": outlet["level"],
                "parent": parent["name"] if parent else None,
                **counts,
            }
        )
    by_outlet.sort(key=lambda r: (-r["adoptions"], r["outlet"]))
    return {
        "adoptions": totals["adoptions"],
        "by_level": by_level,
        "front_page": totals["front_page"],
        "front_page_headline": totals["front_page_headline"],
        "by_outlet": by_outlet,
    }


def _channels_and_columns(center: Center, start: dt.date, end: dt.date) -> Document:
    # Channels and columns are counted by two queries rather than one grouped by
    # both: each sort stays small, and the column counts can come from an index alone
    # (bench/bench_stats.py).
    reach = distribution_selectors.REACH_FIELDS
    per_channel = distribution_selectors.publication_figures_by_channel(
        center=center, start=start, end=end
    )
    column_names = newsroom_selectors.column_names(center=center)
    per_column = distribution_selectors.publication_counts_by_column(
        center=center, start=start, end=end, column_ids=list(column_names)
    )

    channels = []
    for ch in distribution_selectors.channel_audience(center=center, start=start, end=end):
        figures = per_channel.get(ch["pk"])
        if figures is None and not ch["has_audience"]:
            continue
        figures = figures or dict.fromkeys(("published", *reach), 0)
        growth = None
        if ch["followers_end"] is not None and ch["followers_before"] is not None:
            growth = ch["followers_end"] - ch["followers_before"]
        channels.append(
            {
                "channel": ch["name"],
                "platform": ch["platform"],
                **figures,
                "followers": ch["followers_end"],
                "followers_growth": growth,
                "visits": ch["visits"] or 0,
            }
        )
    channels.sort(key=lambda r: (-r["published"], r["channel"]))

    programmes = programmes_selectors.episode_totals_by_programme(
        center=center, start=start, end=end
    )
    programmes.sort(key=lambda r: (-r["episodes"], r["programme"]))
    episodes_by_name = {p["programme"]: p["episodes"] for p in programmes}
    columns = []
    for column_id, name in column_names.items():
        published = per_column.get(column_id, 0) + episodes_by_name.get(name, 0)
        if published:
            columns.append({"column": name, "published": published})
    columns.sort(key=lambda r: (-r["published"], r["column"]))

    return {
        "published_total": sum(c["published"] for c in per_channel.values()),
        "views_total": sum(c["views"] for c in per_channel.values()),
        "channels": channels,
        "programmes": programmes,
        "columns": columns,
    }


def _campaigns(center: Center, start: dt.date, end: dt.date) -> list[Document]:
    """Campaigns that something dated in the period carries, the most used first."""
    keys = tuple(newsroom_selectors.CAMPAIGN_RELATIONS)
    rows = [
        row
        for row in newsroom_selectors.campaign_usage(
            center=center,
            start=start,
            end=end,
            published=distribution_selectors.publication_counts_by_campaign(
                center=center, start=start, end=end
            ),
        )
        if any(row[k] for k in keys)
    ]
    rows.sort(key=lambda r: (-sum(r[k] for k in keys), r["campaign"]))
    return rows


def _document(center: Center, start: dt.date, end: dt.date) -> Document:
    ids = [center.pk]
    part: dict[str, Document] = {}
    for key, section in SECTIONS.items():
        if key in ("outreach", "published_total", "views_total"):
            continue  # computed below, with their per-outlet and per-channel detail
        part.update(section(ids, start, end)[center.pk])
    detail = _channels_and_columns(center, start, end)
    return {
        "center": {"code": center.code, "name": center.name},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "outreach": _outreach_detail(center, start, end),
        "published_total": detail["published_total"],
        "views_total": detail["views_total"],
        "channels": detail["channels"],
        "programmes": detail["programmes"],
        "columns": detail["columns"],
        "campaigns": _campaigns(center, start, end),
        "productions": part["productions"],
        "live": part["live"],
        "party": part["party"],
        "integrity": part["integrity"],
        "exposures": part["exposures"],
        "notices": part["notices"],
        "broadcast": part["broadcast"],
        "training": part["training"],
    }


def stats_document(
    *, center: Center, start: dt.date, end: dt.date, compare: str | None = None
) -> Document:
    """The statistics document of `center` for `start`..`end` (both included).

    With `compare` (`previous_year` or `previous_period`), `previous` holds the
    same document, without its own `previous`, for the period compared with.
    """
    check_period(start, end)
    check_compare(compare)
    doc = _document(center, start, end)
    doc["previous"] = None
    if compare:
        prev_start, prev_end = previous_period(start, end, compare)
        doc["previous"] = _document(center, prev_start, prev_end)
    return doc


# ---------------------------------------------------------------------------
# Rankings


def _leaf_paths(value: Any, prefix: str = "") -> Iterable[str]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _leaf_paths(sub, f"{prefix}{key}.")
    elif isinstance(value, int | float):
        yield prefix[:-1]


def _empty_counts() -> Document:
    """The counted keys of the document, all zero: what a center without records has."""
    levels = outreach_selectors.LEVELS
    return {
        "outreach": {
            "adoptions": 0,
            "by_level": dict.fromkeys(levels, 0),
            "front_page": 0,
            "front_page_headline": 0,
        },
        "published_total": 0,
        "views_total": 0,
        "productions": {
            "total": 0,
            "by_kind": dict.fromkeys(programmes_selectors.PRODUCTION_KINDS, 0),
        },
        "live": {"events": 0, "viewers": 0},
        "party": {**dict.fromkeys(party_selectors.KINDS, 0), "community_service_hours": 0},
        "integrity": dict.fromkeys(integrity_selectors.KINDS, 0),
        "exposures": {"received": 0, "published": 0, "rectified": 0, "rejected": 0},
        "notices": {"total": 0, "by_category": dict.fromkeys(notices_selectors.CATEGORIES, 0)},
        "broadcast": {
            "incidents": 0,
            "by_kind": dict.fromkeys(broadcast_selectors.KINDS, 0),
            "outage_seconds": 0,
        },
        "training": {"events": 0, "attendees": 0, "hours": 0},
    }


def metric_names() -> list[str]:
    """Every metric a ranking can order centers by, e.g. `outreach.by_level.central`."""
    return list(_leaf_paths(_empty_counts()))


def check_metric(metric: str) -> list[str]:
    """The metric's path, or a StatsError listing the metrics there are."""
    if metric not in metric_names():
        raise StatsError(
            _("未知指标“%(metric)s”。可用指标：%(names)s")
            % {"metric": metric, "names": "、".join(metric_names())}
        )
    return metric.split(".")


def stats_ranking(
    *, centers: Iterable[Center], start: dt.date, end: dt.date, metric: str
) -> list[Document]:
    """Centers ordered by one figure of their statistics, highest first.

    Equal values share a rank and the next rank skips accordingly (1, 2, 2, 4). Only
    the section holding the metric is computed, in one query for all centers.
    """
    path = check_metric(metric)
    check_period(start, end)
    centers = list(centers)
    ids = [c.pk for c in centers]
    figures = SECTIONS[path[0]](ids, start, end) if ids else {}
    rows = []
    for c in centers:
        value: Any = figures[c.pk]
        for key in path:
            value = value[key]
        rows.append({"center": c.code, "name": c.name, "value": _number(value)})
    rows.sort(key=lambda r: (-r["value"], r["center"]))
    previous_value = None
    rank = 0
    for position, row in enumerate(rows, start=1):
        if row["value"] != previous_value:
            rank = position
            previous_value = row["value"]
        row["rank"] = rank
    return rows


# ---------------------------------------------------------------------------
# Figures only the work summary writes (outside the contract's document)


def _psa_airings(center: Center, start: dt.date, end: dt.date) -> int:
    """Airings (播出条次) of public-service ads completed in the period."""
    airings = programmes_selectors.production_airings_by_kind(center=center, start=start, end=end)
    return airings.get("psa", 0)


def summary_figures(*, center: Center, start: dt.date, end: dt.date) -> Document:
    """What a work summary states beyond the statistics document (three queries).

    `psa_airings`: airings of public-service ads (公益广告播出条次); `study_apps`: per
    study app its latest usage in the period, `rate` in whole percent (安装使用率);
    `community_service`: reports to the community per member of the branch (None
    without a roster), see `party.selectors.community_service_by_member`.
    """
    check_period(start, end)
    return {
        "psa_airings": _psa_airings(center, start, end),
        "study_apps": party_selectors.study_app_usage_latest(center=center, start=start, end=end),
        "community_service": party_selectors.community_service_by_member(
            center=center, start=start, end=end
        ),
    }


# ---------------------------------------------------------------------------
# The center's own Word template of the work summary


def _deactivate(*, by: Any, center: Center) -> SummaryTemplate | None:
    current = SummaryTemplate.objects.filter(center=center, is_active=True).first()
    if current is not None:
        before = snapshot(current)
        current.is_active = False
        current.save(update_fields=["is_active", "updated_at"])
        audit_update(by=by, obj=current, before=before, verb="停用工作总结模板")
    return current


@transaction.atomic
def summary_template_upload(
    *, by: Any, center: Center, filename: str, content: bytes
) -> SummaryTemplate:
    """Make an uploaded .docx the center's work summary template, once it is checked.

    Raises TemplateCheckError (a message for the user) for a file that is not a .docx,
    is too large, or does not render with sample figures; nothing changes then.
    """
    if not filename.lower().endswith(".docx"):
        raise TemplateCheckError(_("请上传 .docx 格式的 Word 文档。"))
    check_summary_template(content)
    _deactivate(by=by, center=center)
    template = SummaryTemplate(
        center=center,
        filename=filename[-255:],
        size=len(content),
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    template.file.save("template.docx", ContentFile(content), save=False)
    template.save()
    audit_create(by=by, obj=template, verb="上传工作总结模板")
    return template


@transaction.atomic
def summary_template_reset(*, by: Any, center: Center) -> bool:
    """Go back to the project's template; False if the center was using it already."""
    return _deactivate(by=by, center=center) is not None
