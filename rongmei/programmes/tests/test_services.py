"""Programmes services: one episode per programme and day."""

import datetime as dt

from rongmei.programmes.models import Episode
from rongmei.programmes.services import episode_record, programme_create


def test_recording_a_day_again_updates_its_episode(center):
    news = programme_create(by=None, center=center, name="示范新闻")
    episode_record(
        by=None,
        center=center,
        programme=news,
        date=dt.date(2021, 1, 4),
        items=8,
        duration_minutes=15,
    )

    episode_record(by=None, center=center, programme=news, date=dt.date(2021, 1, 4), items=9)

    episode = Episode.objects.get()
    assert (episode.items, episode.duration_minutes) == (9, 15)
