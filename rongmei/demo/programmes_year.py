"""The demo year's programme detail: rundowns (串联单) of the news episodes of the last
quarter, duty staff, times and links of the live streams, and airings of the public-service
ads — all through the programmes services.

Runs after `year.build_programmes`, `build_live_streams`, `build_productions` and
`build_newsroom`. Rundowns keep each episode's recorded item count (the figures follow the
real work summary): an episode of n items gets n news items plus an opening, a teaser and
an ad. Items are the year's signed-off TV/radio versions where there are any (of the day or
the days before), otherwise free items. A rerun adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rongmei.accounts.models import User
from rongmei.core.models import Center
from rongmei.core.roles import ROLE_GROUP_NAMES, Role
from rongmei.distribution.models import Channel
from rongmei.newsroom.models import ChannelVersion
from rongmei.programmes.models import (
    Episode,
    LiveStatus,
    LiveStream,
    Production,
    ProductionKind,
    RundownItem,
    RundownKind,
    RundownStatus,
)
from rongmei.programmes.services import (
    live_stream_update,
    production_update,
    rundown_item_add,
    rundown_lock,
)

from .vocabulary import STREETS, TOWNS, Names, programme_news

Counts = dict[str, int]
Progress = Callable[[str, int], None]

RUNDOWN_DAYS = 92  # the news programme has been planned in rundowns since October
LIVE_CHANNEL_PLATFORMS = ("wechat", "douyin", "kuaishou", "app")
FREE_NEWS = (
    "{town}扎实推进农村人居环境整治",
    "{town}冬季农田水利基本建设热火朝天",
    "{street}社区开展“我为群众办实事”志愿服务",
    "我县召开安全生产专题会议",
    "{town}特色种养产业助农增收",
    "县人民医院开展义诊进乡村活动",
    "我县启动冬春季森林草原防火工作",
    "{street}老旧小区改造工程完工",
)
READS = ("简讯三则", "县内要闻简讯", "天气与出行提示", "便民信息")
INTROS = ("本期导视", "内容提要")
TEASERS = ("《健康{county}》下期预告", "栏目片花")
ADS = ("文明城市创建公益广告", "森林防火公益广告", "反诈宣传公益广告")


def _fill(template: str, rng: random.Random, names: Names) -> str:
    return template.format(town=rng.choice(TOWNS), street=rng.choice(STREETS), county=names.county)


def _versions_by_day(center: Center, tz: ZoneInfo) -> dict[dt.date, list[ChannelVersion]]:
    """Signed-off TV/radio versions not yet in a rundown, by the day their story went out."""
    pool: dict[dt.date, list[ChannelVersion]] = {}
    versions = (
        ChannelVersion.objects.filter(
            center=center,
            kind__in=("tv", "radio"),
            status__in=("ready", "published"),
            story__stage="published",
            story__published_at__isnull=False,
            rundown_items__isnull=True,
        )
        .select_related("story")
        .order_by("story__published_at", "pk")
    )
    for version in versions:
        pool.setdefault(version.story.published_at.astimezone(tz).date(), []).append(version)
    return pool


def _take_version(pool: dict[dt.date, list[ChannelVersion]], day: dt.date) -> ChannelVersion | None:
    for back in range(3):
        versions = pool.get(day - dt.timedelta(days=back))
        if versions:
            return versions.pop(0)
    return None


def _rundowns(center: Center, year: int, rng: random.Random, names: Names, tick) -> Counts:
    counts = {"rundown_episodes": 0, "rundown_items": 0, "rundown_versions": 0}
    end = dt.date(year, 12, 31)
    start = end - dt.timedelta(days=RUNDOWN_DAYS)
    episodes = list(
        Episode.objects.filter(
            center=center,
            programme__name=programme_news(names),
            date__gte=start,
            date__lte=end,
            rundown_status=RundownStatus.NONE,
        )
        .select_related("programme")
        .order_by("date")
    )
    if RundownItem.objects.filter(center=center, episode__date__year=year).exists():
        return counts
    tz = ZoneInfo(settings.TIME_ZONE)
    pool = _versions_by_day(center, tz)
    today = timezone.localdate()

    def add(episode: Episode, **kwargs) -> None:
        rundown_item_add(episode=episode, by=None, audit=False, **kwargs)
        counts["rundown_items"] += 1
        tick()

    for episode in episodes:
        news_items = episode.items
        add(episode, title=rng.choice(INTROS), kind=RundownKind.INTRO, duration_seconds=30)
        reads = 1 if news_items >= 4 else 0
        for n in range(news_items - reads):
            version = _take_version(pool, episode.date)
            notes = ""
            if n == 0 or rng.random() < 0.4:
                notes = rng.choice(
                    (
                        "观众朋友们，{title}。请看报道。",
                        "{title}。下面请看记者发回的报道。",
                        "近日，{title}。",
                    )
                )
            if version is not None:
                add(
                    episode,
                    version=version,
                    duration_seconds=rng.randint(60, 180),
                    presenter_notes=notes.format(title=version.title.rstrip("。")),
                )
                counts["rundown_versions"] += 1
            else:
                title = _fill(rng.choice(FREE_NEWS), rng, names)
                add(
                    episode,
                    title=title,
                    duration_seconds=rng.randint(60, 180),
                    presenter_notes=notes.format(title=title),
                )
            if n == (news_items - reads) // 2 and rng.random() < 0.5:
                add(
                    episode,
                    title=_fill(rng.choice(TEASERS), rng, names),
                    kind=RundownKind.TEASER,
                    duration_seconds=15,
                )
        if reads:
            add(
                episode,
                title=rng.choice(READS),
                kind=RundownKind.READ,
                duration_seconds=rng.randint(40, 90),
                presenter_notes="下面请看简讯。",
            )
        add(episode, title=rng.choice(ADS), kind=RundownKind.AD, duration_seconds=30)
        if episode.date < today:
            rundown_lock(episode=episode, by=None, audit=False)
        counts["rundown_episodes"] += 1
    return counts


def _staff(center: Center, *roles: str) -> list[User]:
    return list(
        User.objects.filter(
            memberships__center=center,
            memberships__is_active=True,
            memberships__roles__name__in=[ROLE_GROUP_NAMES[r] for r in roles],
        )
        .distinct()
        .order_by("username")
    )


def _live_details(center: Center, year: int, rng: random.Random) -> Counts:
    streams = list(
        LiveStream.objects.filter(center=center, date__year=year, starts_at__isnull=True).order_by(
            "date", "pk"
        )
    )
    operators = _staff(center, Role.CHANNEL_OPERATOR, Role.ENGINEER)
    crew = _staff(center, Role.CAMERA, Role.REPORTER)
    leads = _staff(center, Role.DESK_HEAD, Role.EDITOR)
    channels = list(
        Channel.objects.filter(center=center, platform__in=LIVE_CHANNEL_PLATFORMS).order_by("pk")
    )
    tz = ZoneInfo(settings.TIME_ZONE)
    updated = 0
    for stream in streams:
        hour = rng.choice((9, 9, 10, 15, 19))
        starts = dt.datetime.combine(stream.date, dt.time(hour, rng.choice((0, 30))), tzinfo=tz)
        ends = starts + dt.timedelta(minutes=rng.choice((90, 120, 150, 180)))
        duty = []
        for group, k in ((leads, 1), (operators, 1), (crew, rng.choice((2, 3)))):
            duty += rng.sample(group, k=min(k, len(group)))
        links = "\n".join(
            f"https://live.example.cn/{center.code}/{stream.date:%Y%m%d}-{c.platform}"
            for c in channels
        )
        live_stream_update(
            by=None,
            live_stream=stream,
            starts_at=starts,
            ends_at=ends,
            status=LiveStatus.ENDED if stream.date < timezone.localdate() else stream.status,
            links=links,
            channels=channels,
            duty_staff=list(dict.fromkeys(duty)),
            audit=False,
        )
        updated += 1
    return {"live_streams_detailed": updated}


def _airings(center: Center, year: int, rng: random.Random) -> Counts:
    psas = Production.objects.filter(
        center=center, date__year=year, kind=ProductionKind.PSA, airings=0
    ).order_by("date", "pk")
    updated = 0
    for psa in psas:
        # Aired several times a day on TV and radio for some weeks.
        production_update(by=None, production=psa, airings=rng.randint(60, 320), audit=False)
        updated += 1
    return {"psa_airings": updated}


@transaction.atomic
def build_programme_details(
    *, center: Center, year: int, rng: random.Random, scale: int, progress: Progress
) -> Counts:
    """Rundowns of the last quarter's news episodes, live-stream duty staff and links,
    and airings of the public-service ads."""
    from .year import _summarise, _ticker  # year.py owns the shared demo helpers

    names = Names.of(center)
    tick = _ticker(progress, "串联单")
    counts = _rundowns(center, year, rng, names, tick)
    tick(0)
    counts.update(_live_details(center, year, rng))
    counts.update(_airings(center, year, rng))
    progress("直播与作品", counts["live_streams_detailed"] + counts["psa_airings"])
    _summarise(center, "串联单、直播与公益广告", year, counts)
    return counts
