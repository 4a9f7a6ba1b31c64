"""Records that scoring reads: signed-off stories with authors, and adoptions."""

import datetime as dt
from zoneinfo import ZoneInfo

from rongmei.newsroom.models import ChannelVersion, Story
from rongmei.newsroom.services import story_create

TZ = ZoneInfo("Asia/Shanghai")


def signed_off_story(
    center, authors, *, title="稿件", genre="news", body="", day=dt.date(2021, 6, 10), channels=()
):
    """A story as the review leaves it after sign-off on `day`, with published versions.

    Sign-off itself belongs to the newsroom's workflow; tests of scoring only need its
    result, so the stage is set directly here.
    """
    story = story_create(
        by=authors[0][0], center=center, title=title, body=body, genre=genre, authors=authors
    )
    when = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
    Story.objects.filter(pk=story.pk).update(stage="published", published_at=when, live=True)
    for kind in channels:
        ChannelVersion.objects.create(
            center=center,
            story=story,
            kind=kind,
            title=title,
            status="published",
            published_at=when,
        )
    story.refresh_from_db()
    return story
