"""The per-day rollup of publications follows every kind of write (ADR 0014)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rongmei.distribution import rollup
from rongmei.distribution.apps import _install_rollup
from rongmei.distribution.models import Publication, PublicationCampaignDay, PublicationDay
from rongmei.newsroom.tests.factories import CampaignFactory

from .factories import ChannelFactory, PublicationFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 3, 1)


def _day(center, channel, date=DAY):
    return PublicationDay.objects.filter(center=center, channel=channel, date=date).first()


def test_a_created_publication_counts_on_its_day(center):
    channel = ChannelFactory(center=center)
    PublicationFactory(center=center, channel=channel, date=DAY, views=10, likes=2)
    PublicationFactory(center=center, channel=channel, date=DAY, views=5, shares=1)

    day = _day(center, channel)
    assert (day.published, day.views, day.likes, day.shares, day.comments) == (2, 15, 2, 1, 0)


def test_changes_move_the_figures_and_an_emptied_day_goes(center):
    channel, other = ChannelFactory(center=center), ChannelFactory(center=center)
    publication = PublicationFactory(center=center, channel=channel, date=DAY, views=10)

    Publication.objects.filter(pk=publication.pk).update(views=40)
    assert _day(center, channel).views == 40

    publication.refresh_from_db()
    publication.channel, publication.date = other, DAY + dt.timedelta(days=1)
    publication.save()
    assert _day(center, channel) is None
    assert _day(center, other, DAY + dt.timedelta(days=1)).views == 40

    publication.delete()
    assert not PublicationDay.objects.exists()


def test_bulk_writes_are_counted(center, other_center):
    channel = ChannelFactory(center=center)
    theirs = ChannelFactory(center=other_center)
    Publication.objects.bulk_create(
        [
            Publication(center=center, channel=channel, date=DAY, title=f"稿{i}", views=i)
            for i in range(5)
        ]
        + [Publication(center=other_center, channel=theirs, date=DAY, title="邻县", views=7)]
    )
    assert (_day(center, channel).published, _day(center, channel).views) == (5, 10)
    assert _day(other_center, theirs).views == 7

    Publication.objects.filter(center=center, views__lt=2).delete()
    assert _day(center, channel).published == 3
    assert rollup.differences() == []


operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "views", "move", "delete", "bulk", "tag", "untag"]),
        st.integers(0, 2),  # channel
        st.integers(0, 3),  # day
        st.integers(0, 1000),  # figure
    ),
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_any_sequence_of_writes_leaves_the_rollup_equal_to_a_grouping(center, ops):
    channels = [ChannelFactory(center=center, name=f"渠道{i}") for i in range(3)]
    campaigns = [CampaignFactory(center=center, name=f"专题{i}") for i in range(3)]
    with transaction.atomic():
        for op, ch, day, figure in ops:
            date = DAY + dt.timedelta(days=day)
            existing = Publication.objects.filter(center=center).order_by("pk").first()
            if op == "create" or existing is None:
                PublicationFactory(center=center, channel=channels[ch], date=date, views=figure)
            elif op == "views":
                Publication.objects.filter(center=center, date=existing.date).update(
                    views=figure, comments=figure // 3
                )
            elif op == "move":
                existing.channel, existing.date, existing.likes = channels[ch], date, figure
                existing.save()
            elif op == "delete":
                existing.delete()
            elif op == "tag":
                existing.campaigns.add(campaigns[ch])
                Publication.objects.filter(center=center).last().campaigns.add(*campaigns[:ch])
            elif op == "untag":
                existing.campaigns.remove(campaigns[ch])
                campaigns[(ch + 1) % 3].publications.clear()
            else:
                Publication.objects.bulk_create(
                    Publication(center=center, channel=channels[ch], date=date, title="批", views=n)
                    for n in range(figure % 4)
                )
            assert rollup.differences() == []
        transaction.set_rollback(True)


def _trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass", [rollup.PUB]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [rollup.PUB],
            )
        return {row[0] for row in cursor.fetchall()}


def test_migrate_puts_back_triggers_a_table_rebuild_dropped(center):
    assert rollup.TRIGGERS[0] in _trigger_names()
    rollup.uninstall()
    assert not _trigger_names() & set(rollup.TRIGGERS)

    _install_rollup(sender=None, using="default")

    assert rollup.TRIGGERS[0] in _trigger_names()
    channel = ChannelFactory(center=center)
    PublicationFactory(center=center, channel=channel, date=DAY, views=3)
    assert _day(center, channel).views == 3


def test_campaign_days_follow_tags_and_moves(center):
    channel = ChannelFactory(center=center)
    campaign = CampaignFactory(center=center)
    first = PublicationFactory(center=center, channel=channel, date=DAY)
    second = PublicationFactory(center=center, channel=channel, date=DAY)
    first.campaigns.add(campaign)
    second.campaigns.add(campaign)
    days = PublicationCampaignDay.objects.filter(campaign_id=campaign.pk)
    assert list(days.values_list("date", "published")) == [(DAY, 2)]

    second.date = DAY + dt.timedelta(days=2)
    second.save()
    assert sorted(days.values_list("date", "published")) == [
        (DAY, 1),
        (DAY + dt.timedelta(days=2), 1),
    ]

    first.delete()
    second.campaigns.clear()
    assert not days.exists()


def test_rebuild_recomputes_from_the_publications(center):
    channel = ChannelFactory(center=center)
    PublicationFactory(center=center, channel=channel, date=DAY, views=3)
    PublicationDay.objects.update(views=999)
    assert rollup.differences() == [
        (center.pk, channel.pk, DAY, (1, 3, 0, 0, 0), (1, 999, 0, 0, 0))
    ]

    rollup.rebuild()

    assert rollup.differences() == []


def test_the_command_finds_a_disagreement_and_rebuilds(center):
    channel = ChannelFactory(center=center)
    PublicationFactory(center=center, channel=channel, date=DAY, views=3)
    out = StringIO()
    call_command("publication_rollup", "--check", stdout=out)
    assert "一致" in out.getvalue()

    PublicationDay.objects.update(views=999)
    with pytest.raises(CommandError, match="1处"):
        call_command("publication_rollup", "--check", stdout=StringIO())

    call_command("publication_rollup", "--rebuild", stdout=StringIO())
    assert _day(center, channel).views == 3
    assert rollup.differences() == []
