"""The site listens to the newsroom: a signed-off story goes online, a withdrawn one comes off."""

from wagtail import hooks

from . import services


@hooks.register("rongmei_story_published")
def publish_article(story, version, by):
    return services.article_publish(story=story, version=version, by=by)


@hooks.register("rongmei_story_withdrawn")
def withdraw_article(story, by):
    return services.article_withdraw(story=story, by=by)
