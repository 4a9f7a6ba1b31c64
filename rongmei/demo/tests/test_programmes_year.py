"""The demo year's rundowns, live-stream details and PSA airings keep the year's figures."""

import datetime as dt
import random

import pytest
from django.db.models import Sum

from rongmei.demo import services
from rongmei.demo.programmes_year import build_programme_details
from rongmei.demo.services import demo_seed
from rongmei.demo.year import build_live_streams, build_productions, build_programmes
from rongmei.programmes.models import (
    COUNTED_KINDS,
    Episode,
    LiveStream,
    Production,
    RundownItem,
    RundownStatus,
)
from rongmei.programmes.tests.factories import signed_off_version

pytestmark = pytest.mark.django_db


def _quiet(*_args):
    pass


def test_rundowns_keep_item_counts_and_rerun_adds_nothing(monkeypatch):
    monkeypatch.setattr(services, "YEAR_BUILDERS", [])
    center = demo_seed(code="632224", name="示范县融媒体中心", year=2021).center
    kw = {"center": center, "year": 2021, "scale": 1, "progress": _quiet}
    for builder in (build_programmes, build_live_streams, build_productions):
        builder(rng=random.Random(1), **kw)
    tv = signed_off_version(center, title="全县冬季征兵工作启动")
    tv.story.published_at = dt.datetime(2021, 12, 20, 10, tzinfo=dt.UTC)
    tv.story.save()
    before = Episode.objects.filter(center=center).aggregate(n=Sum("items"))["n"]

    counts = build_programme_details(rng=random.Random(2), **kw)

    assert counts["rundown_episodes"] > 40
    assert counts["rundown_versions"] == 1
    assert Episode.objects.filter(center=center).aggregate(n=Sum("items"))["n"] == before
    planned = Episode.objects.filter(center=center).exclude(rundown_status=RundownStatus.NONE)
    for episode in planned[:10]:
        assert episode.items == episode.rundown_items.filter(kind__in=COUNTED_KINDS).count()
        positions = list(episode.rundown_items.values_list("position", flat=True))
        assert sorted(positions) == list(range(1, len(positions) + 1))
    assert RundownItem.objects.get(version=tv).episode.date >= dt.date(2021, 12, 20)
    stream = LiveStream.objects.filter(center=center).first()
    assert stream.duty_staff.exists()
    assert stream.links.startswith("https://")
    assert not Production.objects.filter(center=center, kind="psa", airings=0).exists()

    again = build_programme_details(rng=random.Random(2), **kw)
    assert not any(again.values())
