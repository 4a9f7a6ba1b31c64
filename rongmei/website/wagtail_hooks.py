"""The site lends its publisher to distribution's site connector (the one path by which a
signed-off story goes online), and listens to the newsroom: a withdrawn story comes off,
a corrected one shows its correction note."""

from wagtail import hooks

from . import services
from .cache import site_purge
from .models import ArticlePage, HomePage


@hooks.register("rongmei_site_article_publish")
def publish_article(story, version, by):
    return services.article_publish(story=story, version=version, by=by)


@hooks.register("rongmei_site_article")
def article_of(story_id):
    return ArticlePage.objects.filter(story_id=story_id).first()


@hooks.register("rongmei_story_withdrawn")
def withdraw_article(story, by):
    return services.article_withdraw(story=story, by=by)


@hooks.register("rongmei_story_corrected")
def correct_article(story, correction, by):
    """The article shows its public corrections: its center's cached pages go."""
    site_purge(center_id=story.center_id)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_of_current_center(pages, request):
    """The page chooser browses and searches only the current center's site."""
    from wagtail.models import Page

    from rongmei.core.middleware import current_center
    from rongmei.core.tenancy import record_center_ids

    if request.user.is_superuser:
        return pages
    center = current_center(request)
    if center is None or center.pk not in record_center_ids(request.user):
        return pages.none()
    homes = HomePage.objects.filter(center=center)
    allowed = Page.objects.none()
    for home in homes:
        allowed = allowed | Page.objects.descendant_of(home, inclusive=True)
    return pages.filter(pk__in=allowed.values("pk"))
