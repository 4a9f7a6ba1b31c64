"""A center-year of records, built with the record apps' factories."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from rongmei.broadcast_safety.tests.factories import BroadcastIncidentFactory
from rongmei.distribution.tests.factories import (
    AudienceFigureFactory,
    ChannelFactory,
    PublicationFactory,
)
from rongmei.exposure.tests.factories import ExposureCaseFactory
from rongmei.integrity.tests.factories import IntegrityRecordFactory
from rongmei.newsroom.tests.factories import CampaignFactory, ColumnFactory
from rongmei.notices.tests.factories import NoticeFactory
from rongmei.outreach.tests.factories import AdoptionFactory, OutletFactory
from rongmei.party.tests.factories import PartyActivityFactory
from rongmei.programmes.tests.factories import (
    EpisodeFactory,
    LiveStreamFactory,
    ProductionFactory,
    ProgrammeFactory,
)
from rongmei.training.tests.factories import TrainingEventFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.date(2021, 1, 1)
END = dt.date(2021, 12, 31)
IN = dt.date(2021, 6, 1)
BEFORE = dt.date(2020, 12, 31)
AFTER = dt.date(2022, 1, 1)


def build_year(center, *, n: int = 1):
    """`n` records of every kind in 2021 for `center`, plus a few outside the year.

    The figures each record type adds are fixed, so tests can state the document.
    """
    cctv = OutletFactory(center=center, name="中央电视台", level="central")
    lianbo = OutletFactory(center=center, name="新闻联播", level="central", parent=cctv)
    people = OutletFactory(center=center, name="人民日报", level="central")
    province = OutletFactory(center=center, name="青海日报", level="provincial")
    city = OutletFactory(center=center, name="海南日报", level="municipal")
    wechat = ChannelFactory(center=center, name="示范融媒微信公众号", platform="wechat")
    douyin = ChannelFactory(center=center, name="示范融媒抖音", platform="douyin")
    ChannelFactory(center=center, name="闲置渠道", platform="weibo")
    health = ColumnFactory(center=center, name="健康示范")
    news_column = ColumnFactory(center=center, name="示范新闻")
    news = ProgrammeFactory(center=center, name="示范新闻")
    health_campaign = CampaignFactory(center=center, name="爱卫创卫")
    CampaignFactory(center=center, name="无记录专题")

    for i in range(n):
        AdoptionFactory(center=center, outlet=lianbo, date=IN, campaigns=[health_campaign])
        AdoptionFactory(center=center, outlet=cctv, date=IN)
        AdoptionFactory(center=center, outlet=people, date=IN, placement="front_page_headline")
        AdoptionFactory(center=center, outlet=people, date=IN, placement="front_page")
        AdoptionFactory(center=center, outlet=province, date=IN)
        AdoptionFactory(center=center, outlet=city, date=END)
        PublicationFactory(
            center=center,
            channel=wechat,
            date=START,
            views=100,
            likes=1,
            shares=2,
            comments=3,
            column=health,
            campaigns=[health_campaign],
        )
        PublicationFactory(center=center, channel=wechat, date=END, views=50)
        PublicationFactory(center=center, channel=douyin, date=IN, views=1000, kind="short_video")
        EpisodeFactory(center=center, programme=news, date=START + dt.timedelta(days=i), items=12)
        LiveStreamFactory(center=center, date=IN, viewers=5000, campaigns=[health_campaign])
        ProductionFactory(center=center, date=IN, kind="special_film", campaigns=[health_campaign])
        ProductionFactory(center=center, date=IN, kind="psa")
        PartyActivityFactory(center=center, date=IN, kind="branch_committee")
        PartyActivityFactory(center=center, date=IN, kind="theme_day")
        PartyActivityFactory(center=center, date=IN, kind="community_service", hours=Decimal("2.5"))
        IntegrityRecordFactory(center=center, date=IN, kind="responsibility_letter", count=40)
        IntegrityRecordFactory(center=center, date=IN, kind="integrity_talk", count=1)
        ExposureCaseFactory(center=center, date=IN, status="received")
        ExposureCaseFactory(center=center, date=IN, status="rectified")
        NoticeFactory(center=center, date=IN, category="power")
        NoticeFactory(center=center, date=IN, category="agriculture")
        BroadcastIncidentFactory(
            center=center,
            started=dt.datetime(2021, 6, 1, 20, tzinfo=SHANGHAI),
            kind="outage",
            duration_seconds=30,
        )
        BroadcastIncidentFactory(
            center=center,
            started=dt.datetime(2021, 6, 2, 20, tzinfo=SHANGHAI),
            kind="filler",
            duration_seconds=100,
        )
        TrainingEventFactory(center=center, date=IN, attendees=20, hours=Decimal("1.5"))

    AudienceFigureFactory(center=center, channel=wechat, date=BEFORE, followers=1000, visits=7)
    AudienceFigureFactory(center=center, channel=wechat, date=IN, followers=1500, visits=10)
    AudienceFigureFactory(center=center, channel=wechat, date=END, followers=None, visits=5)
    AudienceFigureFactory(center=center, channel=wechat, date=AFTER, followers=9999, visits=1)
    AudienceFigureFactory(center=center, channel=douyin, date=IN, followers=300)

    # Outside the period: never counted in 2021.
    AdoptionFactory(center=center, outlet=cctv, date=BEFORE)
    PublicationFactory(center=center, channel=wechat, date=AFTER, views=7)
    EpisodeFactory(center=center, programme=news, date=AFTER, items=99)
    PartyActivityFactory(center=center, date=BEFORE, kind="theme_day")
    BroadcastIncidentFactory(
        center=center,
        started=dt.datetime(2021, 12, 31, 23, 59, tzinfo=SHANGHAI) + dt.timedelta(minutes=2),
        kind="outage",
        duration_seconds=999,
    )
    return {"news_column": news_column}


@pytest.fixture
def year(center):
    return build_year(center)
