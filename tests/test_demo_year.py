"""The demo year fills every figure of the statistics and of the work summary, and building
it again adds nothing. The year is built once per run, by the one test here (the same seed
building the same records is checked builder by builder on a small year, in
rongmei/demo/tests/test_determinism.py)."""

import datetime as dt
import io
import re

import docx
import pytest
from django.utils import timezone
from wagtail.models import Revision

from rongmei.core.models import Center
from rongmei.demo.services import demo_seed
from rongmei.distribution.models import AudienceFigure, Publication
from rongmei.exposure.models import ExposureCase
from rongmei.integrity.models import IntegrityRecord
from rongmei.newsroom.models import ReviewRecord, Story
from rongmei.notices.models import Notice
from rongmei.outreach.models import Adoption
from rongmei.party.models import PartyActivity
from rongmei.programmes.models import Episode, LiveStream, Production
from rongmei.reporting import summary
from rongmei.reporting.services import stats_document
from rongmei.reporting.wording import count_words
from rongmei.training.models import TrainingEvent

pytestmark = pytest.mark.django_db

CODE = "632224"
NAME = "示范县融媒体中心"
START = dt.date(2021, 1, 1)
END = dt.date(2021, 12, 31)

# What a snapshot compares, per model: the fields that make a record what it is.
SNAPSHOT_FIELDS = {
    Publication: ("ref", "channel__name", "date", "title", "kind", "column__name", "views",
                  "likes", "shares", "comments", "authors", "campaigns__name"),
    AudienceFigure: ("channel__name", "date", "followers", "visits"),
    Episode: ("programme__name", "date", "items", "duration_minutes"),
    LiveStream: ("date", "title", "viewers", "campaigns__name"),
    Production: ("date", "title", "kind", "column__name", "campaigns__name"),
    Adoption: ("ref", "outlet__name", "date", "title", "kind", "placement", "campaigns__name"),
    PartyActivity: ("date", "kind", "title", "attendees", "hours"),
    IntegrityRecord: ("date", "kind", "count", "subject"),
    TrainingEvent: ("date", "title", "kind", "attendees", "hours"),
    ExposureCase: ("date", "title", "status", "rectified_date"),
    Notice: ("date", "category", "title", "valid_until"),
}  # fmt: skip


def _snapshot(center: Center) -> dict[str, list[tuple]]:
    return {
        model.__name__: sorted(model.objects.filter(center=center).values_list(*fields), key=repr)
        for model, fields in SNAPSHOT_FIELDS.items()
    }


def _record_counts(center: Center) -> dict[str, int]:
    return {m.__name__: m.objects.filter(center=center).count() for m in SNAPSHOT_FIELDS}


def _rerun_adds_nothing(center):
    before = (_record_counts(center), _snapshot(center))
    assert len(before[1]["Publication"]) >= 4000
    again = demo_seed(code=CODE, name=NAME, year=2021)
    assert again.center == center
    assert set(again.counts.values()) == {0}
    assert (_record_counts(center), _snapshot(center)) == before


def _outreach_reaches_every_level_with_front_page_headlines(stats):
    outreach = stats["outreach"]
    assert outreach["by_level"]["central"] >= 100  # 学习强国 included
    assert outreach["by_level"]["provincial"] >= 100
    assert outreach["by_level"]["municipal"] >= 300
    assert outreach["front_page_headline"] > 0
    assert outreach["front_page"] >= outreach["front_page_headline"]
    rows = {r["outlet"]: r for r in outreach["by_outlet"]}
    assert rows["中央电视台"]["adoptions"] >= rows["新闻联播"]["adoptions"] > 0
    assert rows["人民日报"]["front_page_headline"] > 0
    assert rows["新华网"]["parent"] == "新华社"


def _own_channels_publish_thousands_with_growing_followers(stats):
    assert stats["published_total"] >= 4000
    assert stats["views_total"] > stats["published_total"] * 100
    channels = {c["platform"]: c for c in stats["channels"]}
    assert 600 <= channels["wechat"]["published"] <= 800
    assert channels["app"]["published"] >= 1800
    assert channels["douyin"]["published"] >= 380
    for platform in ("wechat", "douyin", "kuaishou", "toutiao", "app", "xuexi"):
        assert channels[platform]["followers_growth"] > 0, platform
    assert channels["app"]["visits"] > 0
    assert channels["website"]["visits"] > 0


def _programmes_columns_campaigns_productions_and_live(stats):
    episodes = {p["programme"]: p for p in stats["programmes"]}
    assert 235 <= episodes["示范新闻"]["episodes"] <= 260
    assert episodes["示范新闻"]["items"] >= 5 * episodes["示范新闻"]["episodes"]
    assert episodes["健康示范"]["episodes"] == 18
    columns = {c["column"] for c in stats["columns"]}
    assert {"健康示范", "两会直播间", "人才建功正当时"} <= columns
    campaigns = {c["campaign"]: c for c in stats["campaigns"]}
    assert set(campaigns) == {"爱卫创卫", "党史学习教育", "庆祝建党100周年", "县两会"}
    assert campaigns["爱卫创卫"]["productions"] >= 90
    assert all(c["published"] and c["adoptions"] for c in campaigns.values())
    by_kind = stats["productions"]["by_kind"]
    assert by_kind["special_film"] == 8
    assert by_kind["psa"] > 0
    assert by_kind["micro_video"] >= 90
    assert stats["live"]["events"] == 6
    assert stats["live"]["viewers"] >= 60_000


def _records_of_the_year_fill_every_kind(stats):
    party = stats["party"]
    assert party["branch_committee"] == 12
    assert party["member_meeting"] == 4
    assert 4 <= party["party_lecture"] <= 6
    assert party["theme_day"] > 12
    assert all(party.values()), party
    assert all(stats["integrity"].values()), stats["integrity"]
    assert stats["integrity"]["responsibility_letter"] == stats["integrity"]["commitment_letter"]
    assert stats["integrity"]["inspection"] == 7
    exposures = stats["exposures"]
    assert exposures["received"] >= 140
    assert exposures["rectified"] > exposures["received"] / 2
    assert exposures["rejected"] > 0
    notices = stats["notices"]
    assert notices["total"] >= 100
    assert all(notices["by_category"][k] for k in ("power", "water", "traffic", "agriculture"))
    broadcast = stats["broadcast"]
    assert 3 <= broadcast["incidents"] <= 6
    assert broadcast["outage_seconds"] > 0
    assert broadcast["by_kind"]["filler"]
    assert broadcast["by_kind"]["degraded"]
    training = stats["training"]
    assert training["events"] >= 10
    assert training["attendees"] > 0
    assert training["hours"] > 0


def _work_summary_has_every_section_and_no_blanks(center, stats):
    data = summary.work_summary_build(center=center, start=START, end=END)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert not re.search("xx", text, re.IGNORECASE)
    for number, (heading, _build) in zip(summary.NUMERALS, summary.SECTIONS, strict=False):
        assert f"（{number}）{heading}" in text
    adoptions = count_words(stats["outreach"]["adoptions"], "条")
    assert f"累计刊播转载新闻信息{adoptions}" in text
    assert "制作播出《示范新闻》240余期" in text
    assert "《健康示范》18期" in text
    # Figures that come from records beyond the statistics document.
    assert "APP安装使用率达100%" in text
    assert "每名党员累计报到" in text
    assert "播出公益广告" in text


def _stories_are_dated_through_the_year(center):
    stories = list(Story.objects.filter(center=center))
    day = timezone.localdate
    assert all(START <= day(s.created_at) <= END for s in stories)
    assert len({day(s.created_at).month for s in stories}) >= 10
    published = [s for s in stories if s.published_at]
    assert published
    assert all(START <= day(s.published_at) <= END for s in published)
    assert all(s.created_at <= s.published_at for s in published)
    records = ReviewRecord.objects.filter(center=center)
    assert all(START <= day(r.created_at) <= END for r in records)
    revisions = Revision.objects.filter(
        content_type__app_label="newsroom",
        content_type__model="story",
        object_id__in=[str(s.pk) for s in stories],
    )
    assert revisions.exists()
    assert all(START <= day(r.created_at) <= END for r in revisions)


def test_the_demo_year_fills_every_figure_and_a_rerun_adds_nothing():
    center = demo_seed(code=CODE, name=NAME, year=2021).center
    stats = stats_document(center=center, start=START, end=END)
    _outreach_reaches_every_level_with_front_page_headlines(stats)
    _own_channels_publish_thousands_with_growing_followers(stats)
    _programmes_columns_campaigns_productions_and_live(stats)
    _records_of_the_year_fill_every_kind(stats)
    _work_summary_has_every_section_and_no_blanks(center, stats)
    _stories_are_dated_through_the_year(center)
    _rerun_adds_nothing(center)
