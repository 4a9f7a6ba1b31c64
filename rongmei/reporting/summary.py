"""The work summary (工作总结): the statistics of a period written out as the center would.

Every figure comes from `stats_document` (and, for the few figures outside the
contract's document, `summary_figures`) and is written through `wording`; the
previous year's document supplies 同比 where it has the figure. A section whose
records are all missing is left out, so nothing is printed as zero, and the
sections are numbered （一）（二）… as they come. The result fills the docxtpl
template built by `docx_template.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docxtpl import DocxTemplate

from rongmei.core.models import Center

from .docx_template import TEMPLATE_PATH
from .models import SummaryTemplate
from .services import Document, stats_document, summary_figures
from .wording import change_words, count_words

NUMERALS = "一二三四五六七八九十"
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是")
LEVEL_WORDS = {
    "central": "中央级媒体",
    "provincial": "省级媒体",
    "municipal": "市级媒体",
    "county": "县级媒体",
    "other": "其他媒体",
}
SHORT_VIDEO_PLATFORMS = ("douyin", "kuaishou")
PRODUCTION_WORDS = {
    "special_film": ("专题片", "部"),
    "psa": ("公益广告", "条"),
    "micro_video": ("微视频", "条"),
    "other": ("其他作品", "件"),
}
PARTY_WORDS = (
    ("branch_committee", "召开支委会", "次"),
    ("member_meeting", "召开党员大会", "次"),
    ("group_meeting", "召开党小组会", "次"),
    ("party_lecture", "上党课", "次"),
    ("theme_day", "开展主题党日活动", "次"),
    ("political_birthday", "党员集中过政治生日", "次"),
    ("org_life", "召开组织生活会", "次"),
    ("study_session", "开展理论中心组学习暨专题读书班", "期"),
)
INTEGRITY_WORDS = (
    ("responsibility_letter", "签订党风廉政建设责任书", "份"),
    ("commitment_letter", "签订廉洁自律承诺书", "份"),
    ("integrity_talk", "开展廉政谈话", "次"),
    ("inspection", "开展纪律作风监督检查", "次"),
    ("problem", "发现并整改问题", "个"),
)
NOTICE_WORDS = {
    "power": "停电",
    "water": "停水",
    "traffic": "交通出行",
    "agriculture": "农特产品销售",
    "weather": "气象",
    "other": "其他",
}
BROADCAST_WORDS = {"outage": "停播", "wrong": "错播", "degraded": "劣播", "filler": "垫播"}
PLAN_PLACEHOLDER = "（请在此填写下步工作计划。）"


def period_label(start: dt.date, end: dt.date) -> str:
    """How a summary names its period: 2021年, 2021年上半年, 2021年第三季度, 2021年3月…"""
    y = start.year
    month_end = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == month_end and start.year == end.year:
        if (start.month, end.month) == (1, 12):
            return f"{y}年"
        if (start.month, end.month) == (1, 6):
            return f"{y}年上半年"
        if (start.month, end.month) == (7, 12):
            return f"{y}年下半年"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"{y}年第{NUMERALS[start.month // 3]}季度"
        if start.month == end.month:
            return f"{y}年{start.month}月"
        return f"{y}年{start.month}月至{end.month}月"
    if start.year == end.year:
        return f"{y}年{start.month}月{start.day}日至{end.month}月{end.day}日"
    return f"{y}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def _dig(doc: Document | None, path: str) -> Any:
    value: Any = doc
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


class _Writer:
    """Writes figures of the document, each with its 同比 where the previous year has it."""

    def __init__(self, doc: Document, extras: Document | None = None):
        self.doc = doc
        self.previous = doc.get("previous")
        self.extras = extras or {}

    def n(self, path: str, unit: str, *, compare: bool = False) -> str:
        value = _dig(self.doc, path) or 0
        text = count_words(value, unit)
        if compare:
            change = change_words(value, _dig(self.previous, path))
            if change:
                text += f"，{change}"
        return text


def _quoted(name: str) -> str:
    """Newspapers are written in 《》; other outlets as they are named."""
    return f"《{name}》" if name.endswith("报") else name


def _outlet_words(row: dict[str, Any], children: list[dict[str, Any]]) -> str:
    text = f"{_quoted(row['outlet'])}{count_words(row['adoptions'], '条')}"
    if row["front_page"]:
        text += f"，含头版{count_words(row['front_page'], '条')}"
        if row["front_page_headline"]:
            text += f"（其中头版头条{count_words(row['front_page_headline'], '条')}）"
    elif row["front_page_headline"]:
        text += f"，含头版头条{count_words(row['front_page_headline'], '条')}"
    if children:
        inner = "、".join(
            f"{_quoted(c['outlet'])}{count_words(c['adoptions'], '条')}" for c in children
        )
        text += f"（其中{inner}）"
    return text


def _news_section(w: _Writer, label: str) -> list[str]:
    doc = w.doc
    items: list[str] = []
    outreach = doc["outreach"]
    if outreach["adoptions"]:
        text = (
            f"外宣影响力持续提升。{label}，在中央、省、市主流媒体累计刊播转载新闻信息"
            f"{w.n('outreach.adoptions', '条', compare=True)}。"
        )
        levels = [
            f"{LEVEL_WORDS[level]}{count_words(n, '条')}"
            for level, n in outreach["by_level"].items()
            if n
        ]
        if levels:
            text += f"其中，{'，'.join(levels)}。"
        children: dict[str, list[dict[str, Any]]] = {}
        for row in outreach["by_outlet"]:
            if row["parent"]:
                children.setdefault(row["parent"], []).append(row)
        outlets = [
            _outlet_words(row, children.get(row["outlet"], []))
            for row in outreach["by_outlet"]
            if not row["parent"]
        ]
        if outlets:
            text += f"在{'；'.join(outlets)}。"
        items.append(text)

    own = [c for c in doc["channels"] if c["platform"] not in SHORT_VIDEO_PLATFORMS]
    programmes = doc["programmes"]
    if doc["published_total"] or programmes:
        text = "内宣作品质量和数量齐头并进。"
        if doc["published_total"]:
            text += (
                f"{label}，在自有平台发布新闻信息{w.n('published_total', '条', compare=True)}"
                f"，总阅读量{w.n('views_total', '次', compare=True)}。"
            )
        parts = []
        for ch in own:
            if not ch["published"]:
                continue
            part = f"{ch['channel']}发布{count_words(ch['published'], '条')}"
            if ch["views"]:
                part += f"，阅读量{count_words(ch['views'], '次')}"
            if ch["followers"]:
                part += f"，关注用户{count_words(ch['followers'], '人')}"
                if ch["followers_growth"] and ch["followers_growth"] > 0:
                    part += f"，新增{count_words(ch['followers_growth'], '人')}"
            parts.append(part)
        for p in programmes:
            parts.append(
                f"制作播出《{p['programme']}》{count_words(p['episodes'], '期')}"
                f"{count_words(p['items'], '条')}"
            )
        if parts:
            text += f"其中，{'；'.join(parts)}。"
        items.append(text)

    short = [
        c for c in doc["channels"] if c["platform"] in SHORT_VIDEO_PLATFORMS and c["published"]
    ]
    if short:
        parts = []
        for ch in short:
            part = f"{ch['channel']}发布视频{count_words(ch['published'], '条')}"
            if ch["views"]:
                part += f"，播放量{count_words(ch['views'], '次')}"
            parts.append(part)
        items.append(f"短视频宣传效果明显。{label}，{'；'.join(parts)}。")
    return items


def _features_section(w: _Writer, label: str) -> list[str]:
    doc = w.doc
    items = []
    productions = doc["productions"]
    if productions["total"]:
        kinds = [
            f"{name}{count_words(productions['by_kind'][kind], unit)}"
            for kind, (name, unit) in PRODUCTION_WORDS.items()
            if productions["by_kind"].get(kind)
        ]
        items.append(f"{label}，摄制{'、'.join(kinds)}。")
    airings = w.extras.get("psa_airings")
    if airings:
        text = f"播出公益广告{count_words(airings, '条次')}，广泛宣传和普及健康教育知识。"
        if items:
            items[-1] = items[-1][:-1] + f"，{text}"
        else:
            items.append(f"{label}，{text}")
    columns = doc["columns"]
    if columns:
        names = "".join(f"《{c['column']}》" for c in columns[:5])
        total = sum(c["published"] for c in columns)
        each = "，".join(f"《{c['column']}》{count_words(c['published'], '期')}" for c in columns)
        items.append(f"开设{names}等栏目，制作播出{count_words(total, '期')}（其中{each}）。")
    live = doc["live"]
    if live["events"]:
        text = f"对{count_words(live['events'], '场')}活动进行了现场直播"
        if live["viewers"]:
            text += f"，总观看量{w.n('live.viewers', '人次', compare=True)}"
        items.append(f"{text}，媒体平台影响力得到明显提升。")
    return items


def _campaigns_section(w: _Writer, label: str) -> list[str]:
    items = []
    for row in w.doc["campaigns"][:5]:
        parts = []
        if row["published"]:
            parts.append(f"发布相关信息{count_words(row['published'], '条')}")
        if row["adoptions"]:
            parts.append(f"在上级主流媒体刊播{count_words(row['adoptions'], '条')}")
        if row["productions"]:
            parts.append(f"制作作品{count_words(row['productions'], '件')}")
        if row["live_streams"]:
            parts.append(f"开展直播{count_words(row['live_streams'], '场')}")
        items.append(f"围绕“{row['campaign']}”专题，{'，'.join(parts)}。")
    if items:
        items[0] = f"{label}，{items[0]}"
    return items


def _public_section(w: _Writer, label: str) -> list[str]:
    doc = w.doc
    items = []
    exposures = doc["exposures"]
    if exposures["received"]:
        text = f"开设曝光台，受理群众反映问题{count_words(exposures['received'], '件')}"
        if exposures["published"]:
            text += f"，曝光{count_words(exposures['published'], '件')}"
        if exposures["rectified"]:
            text += f"，督促整改到位{count_words(exposures['rectified'], '件')}"
        items.append(f"{text}。")
    notices = doc["notices"]
    if notices["total"]:
        kinds = "、".join(
            f"{NOTICE_WORDS[k]}{count_words(n, '条')}"
            for k, n in notices["by_category"].items()
            if n and k in NOTICE_WORDS
        )
        items.append(
            f"及时发布便民信息{w.n('notices.total', '条', compare=True)}，其中{kinds}，"
            "为广大群众提供更多资讯服务。"
        )
    return items


def _party_section(w: _Writer, label: str) -> list[str]:
    party = w.doc["party"]
    parts = [
        f"{words}{count_words(party[key], unit)}" for key, words, unit in PARTY_WORDS if party[key]
    ]
    items = []
    if parts:
        items.append(f"严格落实“三会一课”等党的组织生活制度。{label}，{'，'.join(parts)}。")
    apps = _study_apps_words(w.extras.get("study_apps") or [])
    if apps:
        items.append(f"扎实推进“智慧党建”工作，{apps}。")
    service = w.extras.get("community_service") or {}
    parts = []
    if party["community_service"]:
        text = f"组织党员干部开展“双报到双服务”{count_words(party['community_service'], '次')}"
        if party["community_service_hours"]:
            text += f"，累计服务时长{count_words(party['community_service_hours'], '小时')}"
        parts.append(text)
    if service.get("reports"):
        parts.append(_per_member_words(service))
    if parts:
        items.append(f"{'，'.join(parts)}。")
    return items


def _average(total: int | Decimal, members: int) -> Decimal:
    """`total` per member, to one decimal place (2.0 → 2)."""
    mean = (Decimal(total) / members).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return mean.normalize() if mean != mean.to_integral() else mean.to_integral()


def _per_member_words(service: Document) -> str:
    """ "每名党员累计报到3次，累计服务时长8小时", or 平均 where members differ."""
    members = service["members"]
    same = service["min_reports"] == service["max_reports"]
    same = same and service["min_hours"] == service["max_hours"]
    reports = _average(service["reports"], members)
    hours = _average(service["hours"], members)
    text = "每名党员" if same else "平均每名党员"
    text += f"累计报到{count_words(reports, '次')}"
    if service["hours"]:
        text += f"，累计服务时长{count_words(hours, '小时')}"
    return text


def _study_apps_words(apps: list[Document]) -> str:
    """ "“学习强国”“青海党建”APP安装使用率达100%": apps of equal rate written together."""
    by_rate: dict[int, list[str]] = {}
    for row in apps:
        if row["rate"] is not None:
            by_rate.setdefault(row["rate"], []).append(f"“{row['app']}”")
    return "，".join(
        f"{''.join(names)}APP安装使用率达{rate}%"
        for rate, names in sorted(by_rate.items(), key=lambda item: -item[0])
    )


def _integrity_section(w: _Writer, label: str) -> list[str]:
    integrity = w.doc["integrity"]
    parts = [
        f"{words}{count_words(integrity[key], unit)}"
        for key, words, unit in INTEGRITY_WORDS
        if integrity[key]
    ]
    return [f"{label}，{'，'.join(parts)}。"] if parts else []


def _duration(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    text = ""
    if hours:
        text += f"{hours}小时"
    if minutes:
        text += f"{minutes}分"
    if secs or not text:
        text += f"{secs}秒"
    return text


def _broadcast_section(w: _Writer, label: str) -> list[str]:
    broadcast = w.doc["broadcast"]
    if not broadcast["incidents"]:
        return []
    kinds = "、".join(
        f"{BROADCAST_WORDS[k]}{count_words(n, '起')}"
        for k, n in broadcast["by_kind"].items()
        if n and k in BROADCAST_WORDS
    )
    text = (
        f"强化安全播出制度建设和设备维护。{label}，发生播出事故"
        f"{count_words(broadcast['incidents'], '起')}（{kinds}）"
    )
    if broadcast["outage_seconds"]:
        text += f"，累计停播{_duration(broadcast['outage_seconds'])}"
    return [f"{text}，均已查明原因并完成整改。"]


def _training_section(w: _Writer, label: str) -> list[str]:
    training = w.doc["training"]
    if not training["events"]:
        return []
    text = f"{label}，组织开展培训、技能比武等{count_words(training['events'], '次')}"
    if training["attendees"]:
        text += f"，参训{count_words(training['attendees'], '人次')}"
    if training["hours"]:
        text += f"，累计{count_words(training['hours'], '学时')}"
    return [f"{text}。"]


SECTIONS = (
    ("服务大局，新闻宣传持续向好。", _news_section),
    ("精心策划，做深做精专题报道。", _features_section),
    ("聚焦专题，集中力量打造宣传亮点。", _campaigns_section),
    ("服务民生，办好曝光台和便民信息。", _public_section),
    ("抓实党建，凝聚干事创业合力。", _party_section),
    ("扛实责任，抓实党风廉政建设。", _integrity_section),
    ("夯实基础，推动广播电视健康发展。", _broadcast_section),
    ("强化培训，建强全媒体人才队伍。", _training_section),
)


def work_summary_context(doc: Document, extras: Document | None = None) -> dict[str, Any]:
    """What the template is filled with, from a statistics document (with `previous`)
    and the figures of `summary_figures` (optional: without them those are left out)."""
    start = dt.date.fromisoformat(doc["period"]["start"])
    end = dt.date.fromisoformat(doc["period"]["end"])
    label = period_label(start, end)
    writer = _Writer(doc, extras)
    sections = []
    for heading, build in SECTIONS:
        items = build(writer, label)
        if not items:
            continue
        if len(items) > 1:
            items = [f"{ORDINALS[i]}{text}" for i, text in enumerate(items)]
        number = NUMERALS[len(sections)]
        sections.append({"heading": f"（{number}）{heading}", "text": "".join(items)})
    name = doc["center"]["name"]
    return {
        "title": f"{name}{label}工作总结",
        "intro": (
            f"{label}，在县委、县政府的坚强领导下，在县委宣传部的大力关心帮助下，{name}"
            "始终紧扣县委、县政府中心工作和社会民生需求，推出了一批有深度、有影响的新闻宣传报道，"
            f"努力为全县经济社会发展提供强有力的新闻舆论支撑。现将{label}工作情况总结如下："
        ),
        "review_heading": f"{label}工作总结",
        "sections": sections,
        "plan": PLAN_PLACEHOLDER,
    }


def summary_template_active(*, center: Center) -> SummaryTemplate | None:
    """The center's own template in use, or None for the project's."""
    return SummaryTemplate.objects.filter(center=center, is_active=True).first()


def summary_template_bytes(*, center: Center) -> bytes:
    """The .docx the center's summaries are written with: its own, else the default."""
    own = summary_template_active(center=center)
    if own is not None:
        with own.file.open("rb") as f:
            return f.read()
    return TEMPLATE_PATH.read_bytes()


def work_summary_render(context: dict[str, Any], template: bytes | None = None) -> bytes:
    """Fill `template` (.docx bytes; the project's template by default) with `context`."""
    source = io.BytesIO(template) if template is not None else str(TEMPLATE_PATH)
    document = DocxTemplate(source)
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def work_summary_build(*, center: Center, start: dt.date, end: dt.date) -> bytes:
    """The work summary of `center` for the period, as .docx bytes, with 同比 figures,
    written with the center's own template where it has one."""
    doc = stats_document(center=center, start=start, end=end, compare="previous_year")
    extras = summary_figures(center=center, start=start, end=end)
    template = summary_template_bytes(center=center)
    return work_summary_render(work_summary_context(doc, extras), template)
