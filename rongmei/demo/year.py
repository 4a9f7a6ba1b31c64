"""The demo center's year: channels, publications, audience, programmes, outreach,
productions, party and integrity records, exposure board, notices, broadcast incidents,
training and the proofing starter set, built through the apps' services.

Magnitudes follow a real county center's 2021 work summary and are multiplied by
`scale`. Every builder is idempotent: records with a `ref` are created only where the
ref is missing; a builder of records without one does nothing when the year already
holds any of its records (each builder runs in one transaction, so a year is either
built or not).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from rongmei.accounts.models import Membership
from rongmei.broadcast_safety.models import BroadcastIncident, IncidentKind
from rongmei.broadcast_safety.services import broadcast_incident_create
from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center
from rongmei.distribution.models import (
    AudienceFigure,
    Channel,
    Origin,
    Platform,
    Publication,
    PublicationKind,
)
from rongmei.distribution.services import audience_record, channel_create, publication_create
from rongmei.exposure.models import ExposureCase, ExposureStatus
from rongmei.exposure.services import exposure_case_create
from rongmei.integrity.models import IntegrityKind, IntegrityRecord
from rongmei.integrity.services import integrity_record_create
from rongmei.newsroom.models import Campaign, Column
from rongmei.newsroom.services import campaign_create, column_create
from rongmei.notices.models import Notice
from rongmei.notices.services import notice_create
from rongmei.outreach.models import Adoption, AdoptionKind, Outlet, OutletLevel, Placement
from rongmei.outreach.services import (
    adoption_create,
    outlet_create,
    outlet_load_starter,
    submission_demo_year,
)
from rongmei.party.models import ActivityKind, PartyActivity, PartyMember
from rongmei.party.services import (
    community_service_report_create,
    party_activity_create,
    party_member_create,
    study_app_usage_record,
)
from rongmei.programmes.models import (
    Episode,
    LiveStream,
    Production,
    ProductionKind,
    Programme,
)
from rongmei.programmes.services import (
    episode_record,
    live_stream_create,
    production_create,
    programme_create,
)
from rongmei.proofing.services import proofing_load_starter
from rongmei.scoring.models import ScoreMonth
from rongmei.scoring.services import scoring_year_compute
from rongmei.training.models import TrainingEvent
from rongmei.training.services import training_event_create

from .holidays import (
    days,
    holiday_inspections,
    in_month,
    month_end,
    spread_dates,
    working_days,
)
from .newsroom_year import build_newsroom
from .vocabulary import (
    CAMPAIGN_AIWEI,
    CAMPAIGN_CENTENARY,
    CAMPAIGN_PARTY_HISTORY,
    CAMPAIGN_SESSIONS,
    COLUMN_SESSIONS,
    COLUMN_TALENT,
    EXPOSURES,
    EXTRA_LIVE,
    HISTORY_THEME_DAYS,
    JOBS,
    LIVE_EVENTS,
    MICRO_VIDEO_TOPICS,
    NOTICES,
    PARTY_LECTURES,
    PROBLEMS,
    PROVINCIAL_APPS,
    PSA_TOPICS,
    SPECIAL_ACTIONS,
    SPECIAL_FILMS,
    STREETS,
    TALKS,
    TRAINING,
    WEATHER,
    Names,
    Theme,
    column_aiwei,
    column_health,
    column_party_history,
    fill,
    person,
    pick_theme,
    programme_news,
)

Progress = Callable[[str, int], None]
Counts = dict[str, int]

ACTOR = "seed_demo"
CHUNK = 100  # progress is reported every CHUNK records
# The provincial party-building app members study with beside 学习强国.
PARTY_APPS = {"云南": "云岭先锋", "青海": "青海党建"}

# ---------------------------------------------------------------------------
# The frame every builder shares: channels, columns, campaigns (idempotent by name)

CHANNELS = (
    # key, name template, platform
    ("wechat", "{c}融媒微信公众号", Platform.WECHAT),
    ("douyin", "{c}融媒抖音", Platform.DOUYIN),
    ("kuaishou", "{c}融媒快手", Platform.KUAISHOU),
    ("toutiao", "{c}今日头条号", Platform.TOUTIAO),
    ("app", "{c}融媒客户端", Platform.APP),
    ("website", "{c}融媒网", Platform.WEBSITE),
    ("tv", "{c}电视台", Platform.TV),
    ("xuexi", "{c}学习强国号", Platform.XUEXI),
    ("radio", "{c}人民广播电台", Platform.RADIO),
)


@dataclass
class Frame:
    center: Center
    year: int
    names: Names
    channels: dict[str, Channel]
    columns: dict[str, Column]
    campaigns: dict[str, Campaign]
    authors: list[str]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def column_of(self, theme: Theme) -> Column | None:
        return self.columns[theme.column(self.names)] if theme.column else None


def _frame(center: Center, year: int) -> Frame:
    names = Names.of(center)
    existing = {c.name: c for c in Channel.objects.filter(center=center)}
    channels = {}
    for key, template, platform in CHANNELS:
        name = template.format(c=names.county)
        channel = existing.get(name)
        if channel is None:
            channel = channel_create(
                by=None, center=center, name=name, platform=platform, audit=False
            )
        channels[key] = channel

    columns_wanted = [
        (column_health(names), "tv", f"电视健康教育栏目，全年播出《健康{names.county}》。"),
        (COLUMN_SESSIONS, "app", "县“两会”期间的融媒直播与访谈栏目。"),
        (COLUMN_TALENT, "tv", "讲述扎根基层、建功立业的人才故事（第三季）。"),
        (column_aiwei(names), "website", "爱国卫生“7个专项行动”和创建国家卫生县城专栏。"),
        (column_party_history(names), "app", "党史学习教育专栏。"),
    ]
    existing_columns = {c.name: c for c in Column.objects.filter(center=center)}
    columns = {}
    for name, channel_key, description in columns_wanted:
        column = existing_columns.get(name)
        if column is None:
            column = column_create(
                by=None,
                center=center,
                name=name,
                channel=channels[channel_key],
                description=description,
                audit=False,
            )
        columns[name] = column

    campaigns_wanted = [
        (
            CAMPAIGN_AIWEI,
            (1, 1),
            (12, 31),
            "营造人人参与爱国卫生运动、共同创建国家卫生县城的氛围。",
        ),
        (CAMPAIGN_PARTY_HISTORY, (2, 20), (12, 31), "推动党史学习教育入脑入心、走深走实。"),
        (CAMPAIGN_CENTENARY, (5, 1), (7, 31), "浓墨重彩宣传庆祝中国共产党成立100周年。"),
        (CAMPAIGN_SESSIONS, (1, 10), (2, 28), "做好县人大、县政协会议宣传报道。"),
    ]
    existing_campaigns = {c.name: c for c in Campaign.objects.filter(center=center)}
    campaigns = {}
    for name, (m1, d1), (m2, d2), goal in campaigns_wanted:
        campaign = existing_campaigns.get(name)
        if campaign is None:
            campaign = campaign_create(
                by=None,
                center=center,
                name=name,
                start=dt.date(year, m1, d1),
                end=dt.date(year, m2, d2),
                goal=goal,
                audit=False,
            )
        campaigns[name] = campaign

    authors = list(
        Membership.objects.filter(center=center)
        .order_by("user__username")
        .values_list("user__display_name", flat=True)
    )
    return Frame(center, year, names, channels, columns, campaigns, authors or ["编辑部"])


def _authors(rng: random.Random, frame: Frame) -> str:
    return "、".join(rng.sample(frame.authors, k=min(len(frame.authors), rng.choice((1, 1, 2)))))


def _campaigns_for(rng: random.Random, frame: Frame, theme: Theme, share: float) -> list[Campaign]:
    return [frame.campaigns[name] for name in theme.campaigns if rng.random() < share]


def _summarise(center: Center, label: str, year: int, counts: Counts) -> None:
    """One audit entry per builder: the year was built in bulk, without a row each."""
    if any(counts.values()):
        audit_record(
            action=AuditAction.IMPORT,
            center=center,
            verb=f"生成演示数据：{label}"[:100],
            changes={"year": year, **counts},
            actor_name=ACTOR,
        )


def _ticker(progress: Progress, label: str) -> Callable[[int], None]:
    """Counts records and reports them to `progress` every CHUNK (and at the end: `tick(0)`)."""
    pending = [0]

    def tick(n: int = 1) -> None:
        pending[0] += n
        if pending[0] >= CHUNK or (n == 0 and pending[0]):
            progress(label, pending[0])
            pending[0] = 0

    return tick


# ---------------------------------------------------------------------------
# Publications and audience

# key: (low, high) a year at scale 1, kinds, median views, spread, viral
PUBLISHING = {
    "wechat": (600, 800, (PublicationKind.ARTICLE,) * 5 + (PublicationKind.VIDEO,), 1800, 0.9, True),
    "app": (1800, 2100, (PublicationKind.ARTICLE,) * 4 + (PublicationKind.VIDEO,), 500, 1.0, False),
    "douyin": (380, 440, (PublicationKind.SHORT_VIDEO,), 4000, 1.5, True),
    "kuaishou": (330, 380, (PublicationKind.SHORT_VIDEO,), 2500, 1.4, True),
    "toutiao": (680, 760, (PublicationKind.ARTICLE,) * 3 + (PublicationKind.VIDEO,), 1200, 1.2, True),
    "website": (880, 960, (PublicationKind.ARTICLE,), 300, 0.8, False),
    "xuexi": (60, 90, (PublicationKind.ARTICLE, PublicationKind.VIDEO), 800, 1.0, False),
}  # fmt: skip


def _views(rng: random.Random, median: int, sigma: float, viral: bool) -> int:
    views = median * rng.lognormvariate(0, sigma)
    if viral and rng.random() < 0.005:
        views = max(views, 100_000) * rng.uniform(1.0, 2.5)  # a "10万+" now and then
    return max(int(views), 12)


def _title(rng: random.Random, frame: Frame, theme: Theme, key: str) -> str:
    title = fill(rng.choice(theme.titles), rng, frame.names)
    if key in ("douyin", "kuaishou"):
        tag = rng.choice(("#" + frame.names.county, "#" + frame.names.county_full, "#家乡"))
        title = f"{title} {tag}"
    return title


@transaction.atomic
def build_publications(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """A year of publications on the own channels, with reach, columns and campaigns."""
    frame = _frame(center, year)
    prefix = f"demo-{year}-"
    existing = set(
        Publication.objects.filter(center=center, ref__startswith=prefix).values_list(
            "ref", flat=True
        )
    )
    tick = _ticker(progress, "发布记录")
    created = 0
    for key, (low, high, kinds, median, sigma, viral) in PUBLISHING.items():
        channel = frame.channels[key]
        n = rng.randint(low, high) * scale
        for i, date in enumerate(spread_dates(rng, year, n), start=1):
            theme = pick_theme(rng, date.month)
            title = _title(rng, frame, theme, key)
            draw = rng.random()
            on_column = key in theme.column_on and draw < theme.column_share
            column = frame.column_of(theme) if on_column else None
            campaigns = _campaigns_for(rng, frame, theme, 0.85)
            views = _views(rng, median, sigma, viral)
            likes = int(views * rng.uniform(0.01, 0.05))
            shares = int(views * rng.uniform(0.003, 0.02))
            comments = int(views * rng.uniform(0.0005, 0.005))
            kind = rng.choice(kinds)
            authors = _authors(rng, frame)
            ref = f"{prefix}{key}-{i:04d}"
            if ref in existing:
                continue
            publication_create(
                by=None,
                center=center,
                channel=channel,
                date=date,
                title=title,
                kind=kind,
                column=column,
                campaigns=campaigns,
                views=views,
                likes=likes,
                shares=shares,
                comments=comments,
                authors=authors,
                ref=ref,
                origin=Origin.PLATFORM,
                audit=False,
            )
            created += 1
            tick()
    tick(0)
    counts = {"publications": created}
    _summarise(center, "发布记录", year, counts)
    return counts


# key: followers at the end of the previous year, growth over the year (fractions);
# visits per day (app, website) or None.
AUDIENCE = {
    "wechat": (36_000, (0.35, 0.55), None),
    "douyin": (58_000, (0.6, 1.0), None),
    "kuaishou": (27_000, (0.6, 1.0), None),
    "toutiao": (12_000, (0.4, 0.7), None),
    "app": (21_000, (0.6, 0.9), (1_800, 3_200)),
    "website": (None, None, (600, 1_400)),
    "xuexi": (3_000, (0.3, 0.6), None),
}


@transaction.atomic
def build_audience(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Followers at each month end (and the previous year end), visits per day."""
    frame = _frame(center, year)
    before = dt.date(year - 1, 12, 31)
    existing = set(
        AudienceFigure.objects.filter(
            center=center, date__gte=before, date__lte=frame.end
        ).values_list("channel_id", "date")
    )
    tick = _ticker(progress, "用户数据")
    created = 0
    for key, (start_followers, growth, visits_range) in AUDIENCE.items():
        channel = frame.channels[key]
        figures: dict[dt.date, dict[str, int]] = {}
        if start_followers is not None and growth is not None:
            followers = start_followers * scale
            target = followers * (1 + rng.uniform(*growth))
            step = (target - followers) / 12
            figures[before] = {"followers": followers}
            for month in range(1, 13):
                followers = int(followers + step * rng.uniform(0.5, 1.5))
                figures.setdefault(month_end(year, month), {})["followers"] = followers
        if visits_range is not None:
            low, high = visits_range
            for day in days(year):
                weekend = 0.8 if day.weekday() >= 5 else 1.0
                visits = int(rng.uniform(low, high) * weekend * scale)
                figures.setdefault(day, {})["visits"] = visits
        for day in sorted(figures):
            if (channel.pk, day) in existing:
                continue
            audience_record(
                by=None, center=center, channel=channel, date=day, audit=False, **figures[day]
            )
            created += 1
            tick()
    tick(0)
    counts = {"audience_figures": created}
    _summarise(center, "用户数据", year, counts)
    return counts


# ---------------------------------------------------------------------------
# Programmes, live streams, productions


def _programme(frame: Frame, name: str, channel: Channel) -> Programme:
    programme = Programme.objects.filter(center=frame.center, name=name).first()
    if programme is None:
        programme = programme_create(
            by=None, center=frame.center, name=name, channel=channel, audit=False
        )
    return programme


@transaction.atomic
def build_programmes(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """《XX新闻》 on working days (and a few weekends), 《健康XX》 18 episodes.

    Episodes are one per programme and day, so the calendar, not `scale`, bounds them.
    """
    frame = _frame(center, year)
    tv = frame.channels["tv"]
    news = _programme(frame, programme_news(frame.names), tv)
    health = _programme(frame, column_health(frame.names), tv)
    existing = set(
        Episode.objects.filter(
            center=center, date__gte=frame.start, date__lte=frame.end
        ).values_list("programme_id", "date")
    )
    working = set(working_days(year))
    plan: list[tuple[Programme, dt.date, int, int]] = []
    for day in days(year):
        # Nearly every working day, and now and then a weekend special.
        if rng.random() < (0.97 if day in working else 0.05):
            plan.append((news, day, rng.randint(5, 12), rng.randint(15, 25)))
    # 《健康XX》: about every other week from March.
    health_days = sorted(rng.sample(working_days(year)[40:], 18))
    plan += [(health, day, rng.randint(1, 3), rng.randint(10, 15)) for day in health_days]

    tick = _ticker(progress, "节目播出")
    created = 0
    for programme, day, items, minutes in plan:
        if (programme.pk, day) in existing:
            continue
        episode_record(
            by=None,
            center=center,
            programme=programme,
            date=day,
            items=items,
            duration_minutes=minutes,
            channel=tv,
            audit=False,
        )
        created += 1
        tick()
    tick(0)
    counts = {"episodes": created}
    _summarise(center, "节目播出", year, counts)
    return counts


LIVE_PLATFORMS = ("wechat", "douyin", "kuaishou", "app")


@transaction.atomic
def build_live_streams(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Six large events streamed live, with tens of thousands of viewers."""
    frame = _frame(center, year)
    if LiveStream.objects.filter(center=center, date__year=year).exists():
        return {"live_streams": 0}
    platforms = "、".join(frame.channels[k].name for k in LIVE_PLATFORMS)
    created = 0
    for month, day, template, campaign, (low, high) in LIVE_EVENTS:
        live_stream_create(
            by=None,
            center=center,
            date=dt.date(year, month, day),
            title=fill(template, rng, frame.names),
            platforms=platforms,
            viewers=rng.randint(low * 1000, high * 1000),
            campaigns=[frame.campaigns[campaign]] if campaign else [],
            audit=False,
        )
        created += 1
    for date in spread_dates(rng, year, len(LIVE_EVENTS) * (scale - 1)):
        live_stream_create(
            by=None,
            center=center,
            date=date,
            title=fill(rng.choice(EXTRA_LIVE), rng, frame.names),
            platforms=platforms,
            viewers=rng.randint(5_000, 30_000),
            audit=False,
        )
        created += 1
    progress("直播", created)
    counts = {"live_streams": created}
    _summarise(center, "直播", year, counts)
    return counts


@transaction.atomic
def build_productions(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Special films (专题片), public-service ads and the 爱卫创卫 micro-videos."""
    frame = _frame(center, year)
    if Production.objects.filter(center=center, date__year=year).exists():
        return {"productions": 0}
    health = frame.columns[column_health(frame.names)]
    aiwei = frame.campaigns[CAMPAIGN_AIWEI]
    plan: list[tuple[dt.date, str, str, Column | None, list[Campaign]]] = []
    films = list(SPECIAL_FILMS) * scale
    for date, (template, campaign) in zip(spread_dates(rng, year, len(films)), films, strict=True):
        tags = [frame.campaigns[campaign]] if campaign else []
        title = fill(template, rng, frame.names)
        plan.append((date, title, ProductionKind.SPECIAL_FILM, None, tags))
    for date in spread_dates(rng, year, rng.randint(10, 14) * scale):
        title = f"健康教育公益广告：{rng.choice(PSA_TOPICS)}"
        plan.append((date, title, ProductionKind.PSA, health, [aiwei]))
    for date in spread_dates(rng, year, rng.randint(95, 110) * scale):
        template = rng.choice(MICRO_VIDEO_TOPICS)
        title = fill(template.replace("{topic}", rng.choice(SPECIAL_ACTIONS)), rng, frame.names)
        plan.append((date, f"爱卫创卫微视频｜{title}", ProductionKind.MICRO_VIDEO, None, [aiwei]))
    for date in spread_dates(rng, year, rng.randint(4, 8) * scale):
        title = f"【人才建功正当时】{person(rng)}：扎根基层的{rng.choice(JOBS)}"
        plan.append((date, title, ProductionKind.OTHER, frame.columns[COLUMN_TALENT], []))

    tick = _ticker(progress, "作品")
    for date, title, kind, column, campaigns in plan:
        airings = 0
        if kind == ProductionKind.PSA:
            # A health ad runs on TV, radio and the screens in town several times a day
            # for the rest of the year: about 20 000 airings in all at scale 1.
            airings = ((frame.end - date).days + 1) * rng.randint(6, 12)
        production_create(
            by=None,
            center=center,
            date=date,
            title=title,
            kind=kind,
            column=column,
            campaigns=campaigns,
            airings=airings,
            audit=False,
        )
        tick()
    tick(0)
    counts = {"productions": len(plan)}
    _summarise(center, "作品", year, counts)
    return counts


# ---------------------------------------------------------------------------
# Outreach (外宣)


@dataclass(frozen=True)
class OutletSpec:
    key: str
    name: str
    level: str
    parent: str | None
    per_year: tuple[int, int]  # adoptions a year at scale 1
    kinds: tuple[str, ...]
    headline: float = 0.0  # share on the front page as headline
    front: float = 0.0  # share on the front page (not headline)


def _outlets(n: Names) -> list[OutletSpec]:
    text, photo, video = AdoptionKind.TEXT, AdoptionKind.PHOTO, AdoptionKind.VIDEO
    daily = f"{n.province}日报"
    app = PROVINCIAL_APPS.get(n.province, f"{n.province}日报客户端")
    central, provincial = OutletLevel.CENTRAL, OutletLevel.PROVINCIAL
    municipal = OutletLevel.MUNICIPAL
    return [
        OutletSpec("cctv", "中央电视台", central, None, (1, 3), (video,)),
        OutletSpec("xwlb", "新闻联播", central, "中央电视台", (1, 2), (video,)),
        OutletSpec("cctv13", "央视新闻频道", central, "中央电视台", (4, 7), (video,)),
        OutletSpec("rmrb", "人民日报", central, None, (2, 4), (text, photo), headline=0.3),
        OutletSpec("rmrbapp", "人民日报客户端", central, "人民日报", (6, 10), (text, video)),
        OutletSpec("xinhua", "新华社", central, None, (0, 1), (text, photo)),
        OutletSpec("xinhuanet", "新华网", central, "新华社", (4, 6), (text, photo)),
        OutletSpec("xinhuaapp", "新华社客户端", central, "新华社", (4, 6), (text, video)),
        OutletSpec("people", "人民网", central, None, (4, 7), (text, photo)),
        OutletSpec("xuexi", "学习强国", central, None, (110, 135), (text, video)),
        OutletSpec("provdaily", daily, provincial, None, (35, 45), (text, photo), 0.04, 0.08),
        OutletSpec("provapp", app, provincial, daily, (55, 70), (text, video)),
        OutletSpec("provtv", f"{n.province}广播电视台", provincial, None, (40, 55), (video,)),
        OutletSpec("citydaily", f"{n.city}日报", municipal, None, (230, 260), (text, photo), 0.06, 0.1),
        OutletSpec("citytv", f"{n.city}市广播电视台", municipal, None, (150, 180), (video,)),
    ]  # fmt: skip


ADOPTION_CAMPAIGN_SHARE = 0.9


@transaction.atomic
def build_outreach(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Outside media in their hierarchy, and the year's adoptions (外宣刊播) by them."""
    frame = _frame(center, year)
    specs = _outlets(frame.names)
    existing_outlets = {o.name: o for o in Outlet.objects.filter(center=center)}
    outlets: dict[str, Outlet] = {}
    for spec in specs:  # parents come before their children
        outlet = existing_outlets.get(spec.name)
        if outlet is None:
            parent = outlets[spec.parent] if spec.parent else None
            outlet = outlet_create(
                by=None, center=center, name=spec.name, level=spec.level, parent=parent, audit=False
            )
        outlets[spec.name] = outlet
    prefix = f"demo-{year}-adopt-"
    existing = set(
        Adoption.objects.filter(center=center, ref__startswith=prefix).values_list("ref", flat=True)
    )
    tick = _ticker(progress, "外宣刊播")
    created = 0
    for spec in specs:
        n = rng.randint(*spec.per_year) * scale
        for i, date in enumerate(spread_dates(rng, year, n), start=1):
            theme = pick_theme(rng, date.month)
            title = fill(rng.choice(theme.titles), rng, frame.names)
            title = re.sub(r"^【[^】]*】", "", title)
            draw = rng.random()
            if spec.key == "rmrb" and i == 1:
                placement = Placement.FRONT_PAGE_HEADLINE  # the year's proudest moment
            elif draw < spec.headline:
                placement = Placement.FRONT_PAGE_HEADLINE
            elif draw < spec.headline + spec.front:
                placement = Placement.FRONT_PAGE
            else:
                placement = Placement.OTHER
            kind = rng.choice(spec.kinds)
            campaigns = _campaigns_for(rng, frame, theme, ADOPTION_CAMPAIGN_SHARE)
            authors = _authors(rng, frame)
            ref = f"{prefix}{spec.key}-{i:04d}"
            if ref in existing:
                continue
            adoption_create(
                by=None,
                center=center,
                outlet=outlets[spec.name],
                date=date,
                title=title,
                kind=kind,
                placement=placement,
                authors=authors,
                campaigns=campaigns,
                ref=ref,
                audit=False,
            )
            created += 1
            tick()
    tick(0)
    counts = {"adoptions": created}
    _summarise(center, "外宣刊播", year, counts)
    return counts


# ---------------------------------------------------------------------------
# Party, integrity, training


def _staff_count(center: Center) -> int:
    return Membership.objects.filter(center=center, is_active=True).count()


@transaction.atomic
def build_party(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """三会一课 at their required frequencies, theme days, study sessions, community service
    with each member's reports (双报到), and the members' use of the study apps."""
    if PartyActivity.objects.filter(center=center, date__year=year).exists():
        return {"party_activities": 0}
    members = max(8, _staff_count(center) // 3)
    k = ActivityKind
    plan: list[tuple[dt.date, str, str, int | None, Decimal | None]] = []

    def add(date: dt.date, kind: str, title: str, hours: Decimal | None = None) -> None:
        attendees = rng.randint(max(3, members * 2 // 3), members)
        plan.append((date, kind, title, attendees, hours))

    for month in range(1, 13):
        add(
            in_month(rng, year, month, 3, 10),
            k.BRANCH_COMMITTEE,
            f"支部委员会：研究部署{month}月党建工作",
        )
        add(in_month(rng, year, month, 1, 5), k.THEME_DAY, f"{month}月主题党日活动")
    for quarter in range(4):
        add(
            in_month(rng, year, quarter * 3 + 3, 15, 28),
            k.MEMBER_MEETING,
            f"第{quarter + 1}季度党员大会",
        )
    for i, title in enumerate(PARTY_LECTURES[: rng.randint(4, 6)]):
        add(in_month(rng, year, min(12, 2 + i * 2), 10, 25), k.PARTY_LECTURE, title)
    for i in range(rng.randint(6, 10)):
        add(in_month(rng, year, rng.randint(1, 12)), k.GROUP_MEETING, f"党小组会（第{i + 1}次）")
    history_days = rng.sample(range(3, 13), rng.randint(6, 9))
    for month in sorted(history_days):
        add(
            in_month(rng, year, month, 12, 26),
            k.THEME_DAY,
            rng.choice(HISTORY_THEME_DAYS),
        )
    for month in sorted(rng.sample((3, 6, 7, 9, 12), rng.randint(2, 4))):
        add(in_month(rng, year, month), k.POLITICAL_BIRTHDAY, "党员集中过政治生日")
    org_life_months = [1, 12][: rng.randint(1, 2)]
    for month in org_life_months:
        add(in_month(rng, year, month, 10, 28), k.ORG_LIFE, "专题组织生活会")
    mondays = [d for d in working_days(year) if d.weekday() == 0]
    for i, day in enumerate(d for d in mondays if rng.random() < 0.85):
        add(day, k.STUDY_SESSION, f"理论中心组学习暨党史学习教育专题读书班第{i + 1}期")
    for date in spread_dates(rng, year, rng.randint(20, 28) * scale):
        people = rng.randint(6, 15)
        hours = Decimal(people) * Decimal(rng.choice((2, 2.5, 3, 4)))
        plan.append((date, k.COMMUNITY_SERVICE, "到太和社区开展“双报到双服务”", people, hours))

    plan.sort(key=lambda row: (row[0], row[1]))
    roster = _party_roster(center, rng, members)
    tick = _ticker(progress, "党建活动")
    reports = 0
    for date, kind, title, attendees, hours in plan:
        activity = party_activity_create(
            by=None,
            center=center,
            date=date,
            kind=kind,
            title=title,
            attendees=attendees,
            hours=hours,
            audit=False,
        )
        if kind == k.COMMUNITY_SERVICE and attendees and hours:
            # Each member who went reports (报到) with an equal share of the hours.
            each = hours / attendees
            for member in rng.sample(roster, min(attendees, len(roster))):
                community_service_report_create(
                    by=None,
                    center=center,
                    member=member,
                    date=date,
                    hours=each,
                    activity=activity,
                    audit=False,
                )
                reports += 1
        tick()
    tick(0)
    usages = _study_app_usage(center, year, rng, len(roster))
    counts = {
        "party_activities": len(plan),
        "party_members": len(roster),
        "community_service_reports": reports,
        "study_app_usage": usages,
    }
    _summarise(center, "党建活动", year, counts)
    return counts


def _party_roster(center: Center, rng: random.Random, members: int) -> list[PartyMember]:
    """The branch's members (党员), by name; those already on the roster are kept."""
    existing = {m.name: m for m in PartyMember.objects.filter(center=center)}
    roster = list(existing.values())
    while len(roster) < members:
        name = person(rng)
        if name in existing:
            continue
        existing[name] = party_member_create(by=None, center=center, name=name, audit=False)
        roster.append(existing[name])
    return sorted(roster, key=lambda m: m.name)


def _study_app_usage(center: Center, year: int, rng: random.Random, members: int) -> int:
    """Month-end figures of 学习强国 and the province's party-building app: nearly every
    member from the start of the year, every member by the end (安装使用率100%)."""
    names = Names.of(center)
    apps = ("学习强国", PARTY_APPS.get(names.province, f"{names.province}智慧党建"))
    count = 0
    for app in apps:
        installed = members - rng.randint(0, 2)
        for month in range(1, 13):
            if month >= 10:
                installed = members
            active = members if month >= 10 else max(installed - rng.randint(0, 2), 0)
            study_app_usage_record(
                by=None,
                center=center,
                date=month_end(year, month),
                app=app,
                members=members,
                installed=installed,
                active=active,
                audit=False,
            )
            installed = min(members, installed + rng.randint(0, 1))
            count += 1
    return count


@transaction.atomic
def build_integrity(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Letters signed by every staff member, talks, holiday inspections, problems fixed."""
    if IntegrityRecord.objects.filter(center=center, date__year=year).exists():
        return {"integrity_records": 0}
    staff = _staff_count(center)
    k = IntegrityKind
    plan: list[tuple[dt.date, str, int, str]] = [
        (dt.date(year, 2, 26), k.RESPONSIBILITY_LETTER, staff, f"{year}年度党风廉政建设责任书"),
        (dt.date(year, 2, 26), k.COMMITMENT_LETTER, staff, f"{year}年度廉洁自律承诺书"),
    ]
    for date in spread_dates(rng, year, rng.randint(18, 22) * scale):
        plan.append((date, k.INTEGRITY_TALK, 1, rng.choice(TALKS)))
    for holiday, date in holiday_inspections(year).items():
        plan.append((date, k.INSPECTION, 1, f"{holiday}期间党员干部纪律作风监督检查"))
    for date, subject in zip(spread_dates(rng, year, 2), rng.sample(PROBLEMS, 2), strict=True):
        plan.append((date, k.PROBLEM, 1, subject))
    plan.sort(key=lambda row: (row[0], row[1]))
    for date, kind, count, subject in plan:
        integrity_record_create(
            by=None, center=center, date=date, kind=kind, count=count, subject=subject, audit=False
        )
    progress("廉政记录", len(plan))
    counts = {"integrity_records": len(plan)}
    _summarise(center, "廉政记录", year, counts)
    return counts


@transaction.atomic
def build_training(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Courses, the skill contest (技能大练兵) and an exchange, with attendees and hours."""
    if TrainingEvent.objects.filter(center=center, date__year=year).exists():
        return {"training_events": 0}
    events = list(TRAINING) * scale
    dates = spread_dates(rng, year, len(events))
    rng.shuffle(events)
    for date, (title, kind, (low, high), hours) in zip(dates, events, strict=True):
        training_event_create(
            by=None,
            center=center,
            date=date,
            title=title,
            kind=kind,
            attendees=rng.randint(low, high),
            hours=Decimal(hours),
            audit=False,
        )
    progress("培训", len(events))
    counts = {"training_events": len(events)}
    _summarise(center, "培训", year, counts)
    return counts


# ---------------------------------------------------------------------------
# Exposure board, notices, broadcast incidents, proofing


@transaction.atomic
def build_exposures(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Reports to the exposure board (曝光台), most of them rectified by now."""
    if ExposureCase.objects.filter(center=center, date__year=year).exists():
        return {"exposure_cases": 0}
    end = dt.date(year, 12, 31)
    names = Names.of(center)
    dates = spread_dates(rng, year, rng.randint(140, 165) * scale)
    tick = _ticker(progress, "曝光台")
    for date in dates:
        template = rng.choice(EXPOSURES).replace("{street}", rng.choice(STREETS))
        title = fill(template, rng, names)
        rectified = date + dt.timedelta(days=rng.randint(2, 20))
        draw = rng.random()
        if draw < 0.05:
            status, rectified_date = ExposureStatus.REJECTED, None
        elif rectified > end or draw < 0.15:
            status, rectified_date = ExposureStatus.PUBLISHED, None
        elif draw < 0.18:
            status, rectified_date = ExposureStatus.RECEIVED, None
        else:
            status, rectified_date = ExposureStatus.RECTIFIED, rectified
        exposure_case_create(
            by=None,
            center=center,
            date=date,
            title=title,
            status=status,
            rectified_date=rectified_date,
            description="群众通过曝光台反映，经核实后转相关部门处理。",
            audit=False,
        )
        tick()
    tick(0)
    counts = {"exposure_cases": len(dates)}
    _summarise(center, "曝光台", year, counts)
    return counts


@transaction.atomic
def build_notices(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Service notices (便民信息): power and water cuts, traffic, farm produce, weather."""
    if Notice.objects.filter(center=center, date__year=year).exists():
        return {"notices": 0}
    names = Names.of(center)
    dates = spread_dates(rng, year, rng.randint(110, 130) * scale)
    tick = _ticker(progress, "便民信息")
    for date in dates:
        category, _share, template, (low, high) = rng.choices(
            NOTICES, weights=[row[1] for row in NOTICES]
        )[0]
        template = template.replace("{street}", rng.choice(STREETS)).replace(
            "{weather}", rng.choice(WEATHER)
        )
        notice_create(
            by=None,
            center=center,
            date=date,
            category=category,
            title=fill(template, rng, names),
            body="请广大群众相互转告，提前做好准备。",
            valid_until=date + dt.timedelta(days=rng.randint(low, high)),
            audit=False,
        )
        tick()
    tick(0)
    counts = {"notices": len(dates)}
    _summarise(center, "便民信息", year, counts)
    return counts


@transaction.atomic
def build_broadcast(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """A handful of incidents on air: a short outage, filler, degraded signal."""
    if BroadcastIncident.objects.filter(center=center, started__year=year).exists():
        return {"broadcast_incidents": 0}
    names = Names.of(center)
    tz = ZoneInfo(settings.TIME_ZONE)
    systems = (
        "中央节目无线数字化覆盖工程发射机",
        f"调频广播发射机（FM {rng.choice((88.6, 92.3, 96.8, 101.5))}）",
        f"{names.county}电视台播出系统",
    )
    plan = [
        (IncidentKind.OUTAGE, systems[0], (60, 420), "市电瞬断，UPS切换不及时"),
        (IncidentKind.FILLER, systems[2], (30, 180), "节目信号源异常，启用垫片"),
        (IncidentKind.DEGRADED, systems[1], (300, 1_800), "雷雨天气天馈系统驻波比升高"),
    ]
    if rng.random() < 0.5:
        plan.append((IncidentKind.OUTAGE, systems[1], (30, 240), "发射机功放模块故障"))
    if rng.random() < 0.5:
        plan.append((IncidentKind.DEGRADED, systems[0], (120, 900), "传输链路误码率升高"))
    for kind, system, (low, high), cause in plan:
        day = rng.choice(days(year))
        started = dt.datetime(
            day.year, day.month, day.day, rng.randint(6, 22), rng.randint(0, 59), tzinfo=tz
        )
        broadcast_incident_create(
            by=None,
            center=center,
            started=started,
            system=system,
            kind=kind,
            duration_seconds=rng.randint(low, high),
            cause=cause,
            audit=False,
        )
    progress("安全播出", len(plan))
    counts = {"broadcast_incidents": len(plan)}
    _summarise(center, "播出事故", year, counts)
    return counts


def build_proofing(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """The proofing starter set (起步示例词库) as the demo center's own lexicons."""
    created = proofing_load_starter(center=center)
    progress("审校词库", len(created))
    return {"lexicons": len(created)}


def build_submissions(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """The submissions (报送) behind the year's adoptions, and the shipped central outlets."""
    outlet_load_starter(center)
    counts = submission_demo_year(center=center, year=year)
    progress("外宣报送", sum(counts.values()))
    return {f"submissions_{k}": v for k, v in counts.items()}


def build_scores(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Monthly story points (稿分) computed from the year's records; a rerun recomputes
    the same figures and reports no new months."""
    existing = set(
        ScoreMonth.objects.filter(center=center, month__year=year).values_list("month", flat=True)
    )
    months = scoring_year_compute(center=center, year=year)
    progress("稿分", len(months))
    return {"score_months": len({m.month for m in months} - existing)}


BUILDERS: list[Callable[..., Counts]] = [
    build_publications,
    build_audience,
    build_programmes,
    build_live_streams,
    build_productions,
    build_outreach,
    build_submissions,
    build_party,
    build_integrity,
    build_training,
    build_exposures,
    build_notices,
    build_broadcast,
    build_proofing,
    build_scores,
    build_newsroom,
]
