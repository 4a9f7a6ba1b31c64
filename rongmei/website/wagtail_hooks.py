"""The site listens to the newsroom: a signed-off story goes online, a withdrawn one comes off,
a corrected one shows its correction note."""

from wagtail import hooks

from . import services
from .cache import site_purge


@hooks.register("rongmei_story_published")
def publish_article(story, version, by):
    return services.article_publish(story=story, version=version, by=by)


@hooks.register("rongmei_story_withdrawn")
def withdraw_article(story, by):
    return services.article_withdraw(story=story, by=by)


@hooks.register("rongmei_story_corrected")
def correct_article(story, correction, by):
    """The article shows its public corrections: its center's cached pages go."""
    site_purge(center_id=story.center_id)
