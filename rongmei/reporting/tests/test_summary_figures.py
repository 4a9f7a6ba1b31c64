"""Figures of the work summary outside the statistics document: 公益广告播出条次,
学习APP安装使用率 and each member's reports to the community (双报到)."""

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rongmei.party.services import (
    community_service_report_create,
    party_activity_create,
    party_member_create,
    study_app_usage_record,
)
from rongmei.party.tests.factories import PartyActivityFactory
from rongmei.programmes.tests.factories import ProductionFactory
from rongmei.reporting.services import stats_document, summary_figures
from rongmei.reporting.summary import work_summary_build, work_summary_context

from .conftest import END, IN, START

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def _party_text(center, extras) -> str:
    doc = stats_document(center=center, start=START, end=END, compare="previous_year")
    sections = work_summary_context(doc, extras)["sections"]
    return "".join(s["text"] for s in sections if "党建" in s["heading"])


def test_summary_figures_are_empty_without_records_and_queries_do_not_grow(
    center, other_center, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as empty:
        figures = summary_figures(center=center, start=START, end=END)
    assert figures == {"psa_airings": 0, "study_apps": [], "community_service": None}
    assert len(empty.captured_queries) <= 3

    # Another center with records of every figure, many of them: the same queries.
    for n in range(12):
        ProductionFactory(center=other_center, date=IN, kind="psa", airings=n + 1)
        study_app_usage_record(
            by=None, center=other_center, date=END, app=f"学习APP{n}", members=9, installed=9,
            active=9,
        )  # fmt: skip
    member = party_member_create(by=None, center=other_center, name="党员甲")
    activity = party_activity_create(
        by=None, center=other_center, date=IN, kind="community_service", hours=Decimal(2),
        title="双报到",
    )  # fmt: skip
    for n in range(5):
        community_service_report_create(
            by=None, center=other_center, member=member, date=IN + dt.timedelta(days=n),
            activity=activity, hours=Decimal(1),
        )  # fmt: skip
    with django_assert_num_queries(len(empty.captured_queries)):
        figures = summary_figures(center=other_center, start=START, end=END)
    assert figures["psa_airings"] == sum(range(1, 13))
    assert len(figures["study_apps"]) == 12


def test_study_apps_are_written_with_their_rate(center, other_center):
    PartyActivityFactory(center=center, date=IN, kind="theme_day")
    for app, active in (("学习强国", 30), ("青海党建", 30), ("灯塔在线", 27)):
        study_app_usage_record(
            by=None, center=center, date=END, app=app, members=30, installed=30, active=active
        )
    study_app_usage_record(
        by=None, center=other_center, date=END, app="邻县APP", members=9, installed=9, active=9
    )
    text = _party_text(center, summary_figures(center=center, start=START, end=END))
    assert "“学习强国”“青海党建”APP安装使用率达100%，“灯塔在线”APP安装使用率达90%" in text
    assert "邻县APP" not in text


def test_each_members_reports_are_written_from_records(center):
    members = [party_member_create(by=None, center=center, name=f"党员{i}") for i in range(4)]
    activity = party_activity_create(
        by=None,
        center=center,
        date=IN,
        kind="community_service",
        hours=Decimal(12),
        title="到太和社区开展“双报到双服务”",
    )
    for member in members:
        for day in (IN, IN + dt.timedelta(days=30)):
            community_service_report_create(
                by=None,
                center=center,
                member=member,
                date=day,
                hours=Decimal("1.5"),
                activity=activity,
            )
    text = _party_text(center, summary_figures(center=center, start=START, end=END))
    assert (
        "组织党员干部开展“双报到双服务”1次，累计服务时长12小时，"
        "每名党员累计报到2次，累计服务时长3小时。"
    ) in text

    # One member more, who served once: the figures become averages.
    extra = party_member_create(by=None, center=center, name="新党员")
    community_service_report_create(by=None, center=center, member=extra, date=IN, hours=Decimal(2))
    text = _party_text(center, summary_figures(center=center, start=START, end=END))
    assert "平均每名党员累计报到1.8次，累计服务时长2.8小时" in text


def test_without_these_records_the_summary_says_nothing_of_them(center):
    PartyActivityFactory(center=center, date=IN, kind="community_service", hours=Decimal(3))
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert "累计服务时长3小时。" in text
    assert "每名党员" not in text
    assert "APP" not in text
    assert "条次" not in text


def test_psa_airings_are_written_in_ten_thousands(center):
    ProductionFactory(center=center, date=IN, kind="psa", airings=12_345)
    ProductionFactory(center=center, date=IN, kind="psa", airings=600)
    ProductionFactory(center=center, date=IN, kind="special_film", airings=99)
    ProductionFactory(center=center, date=dt.date(2020, 6, 1), kind="psa", airings=5_000)
    figures = summary_figures(center=center, start=START, end=END)
    assert figures["psa_airings"] == 12_945
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert "摄制专题片1部、公益广告2条，播出公益广告1.2万余条次" in text


def test_psa_airings_are_written_after_the_productions(center, other_center):
    ProductionFactory(center=center, date=IN, kind="psa", airings=12_945)
    ProductionFactory(center=other_center, date=IN, kind="psa", airings=70_000)
    assert summary_figures(center=center, start=START, end=END)["psa_airings"] == 12_945
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert "摄制公益广告1条，播出公益广告1.2万余条次，广泛宣传和普及健康教育知识。" in text
