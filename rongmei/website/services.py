"""Website owns the public site: the page tree of each center's site and its articles."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, Site

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center

from . import cache as page_cache
from .cache import site_purge
from .models import ArticlePage, HomePage, SiteViewTally
from .selectors import token_field

if TYPE_CHECKING:
    from rongmei.accounts.models import User


@transaction.atomic
def site_home_ensure(*, center: Center, hostname: str = "127.0.0.1", port: int = 8000) -> HomePage:
    """Give `center` a public home page and make it the default site's root (idempotent)."""
    home = HomePage.objects.filter(center=center).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title=center.name, slug=f"home-{center.code}", center=center)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=center.name,
        )
    elif site.root_page_id != home.pk and not isinstance(site.root_page.specific, HomePage):
        site.root_page = home
        site.site_name = center.name
        site.save()
    return home


@transaction.atomic
def article_publish(*, story, version, by: User | None) -> ArticlePage:
    """Put a signed-off story's website version online under its center's home (idempotent).

    Called only by distribution's site connector, through the hook
    `rongmei_site_article_publish`, when the website channel's publish job runs at
    sign-off: that job writes the version's one publication.
    """
    home = HomePage.objects.filter(center_id=story.center_id).first() or site_home_ensure(
        center=story.center
    )
    authors = "、".join(str(a.user) for a in story.authors.select_related("user"))
    tokens = token_field(" ".join([version.title, story.summary, strip_tags(version.body)]))
    page = ArticlePage.objects.filter(story_id=story.pk).first()
    created = page is None
    if created:
        page = ArticlePage(
            title=version.title,
            slug=f"story-{story.pk}",
            story_id=story.pk,
            published_at=timezone.now(),
            live=False,
        )
    page.title = version.title
    page.summary = story.summary
    page.body = version.body
    page.authors = authors
    page.search_tokens = tokens
    if created:
        home.add_child(instance=page)
    page.columns.set(list(story.columns.all()))
    page.campaigns.set(list(story.campaigns.all()))
    revision = page.save_revision(user=None, log_action=False)
    revision.publish(user=None, log_action=True)
    # The article, the home page, its columns, campaigns and feeds change: all of the
    # center's cached pages go.
    site_purge(center_id=story.center_id)
    audit_record(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        by=by,
        obj=page,
        center=story.center,
        verb="网站发布",
    )
    return page


@transaction.atomic
def article_withdraw(*, story, by: User | None) -> bool:
    """Take a story's article off the site; False if it was not there."""
    page = ArticlePage.objects.filter(story_id=story.pk).first()
    if page is None or not page.live:
        return False
    UnpublishPageAction(page, user=None).execute(skip_permission_checks=True)
    site_purge(center_id=story.center_id)
    audit_record(action=AuditAction.UPDATE, by=by, obj=page, center=story.center, verb="网站撤稿")
    return True


# -- page views ---------------------------------------------------------------------------

FLUSH_CHUNK = 500


def _flush_one(*, story_id: int, center_id: int, day: dt.date, count: int) -> int:
    """Announce the views counted beyond the tally; returns how many were recorded.

    Distribution records them on the story's website publication (hook
    `rongmei_site_views_counted`); the tally moves only when one did, in the same
    transaction, so a flush never counts a view twice nor loses one.
    """
    with transaction.atomic():
        tally, _created = SiteViewTally.objects.select_for_update().get_or_create(
            center_id=center_id, story_id=story_id, date=day
        )
        # A counter lower than the tally restarted (evicted from the cache): all new.
        delta = count - tally.flushed if count >= tally.flushed else count
        if delta <= 0:
            return 0
        recorded = False
        for fn in hooks.get_hooks("rongmei_site_views_counted"):
            recorded = (
                bool(fn(story_id=story_id, center_id=center_id, day=day, views=delta)) or recorded
            )
        if not recorded:
            return 0
        tally.flushed = count
        tally.save(update_fields=["flushed", "updated_at"])
    return delta


def site_views_flush(*, days: int = 2) -> int:
    """Hand the site's counted article views (today and the days before) to each story's
    website publication figures. Idempotent: running it again adds nothing new.

    Returns the number of views added.
    """
    from rongmei.newsroom.models import Story

    today = timezone.localdate()
    added = 0
    story_ids = list(ArticlePage.objects.order_by("story_id").values_list("story_id", flat=True))
    for start in range(0, len(story_ids), FLUSH_CHUNK):
        chunk = story_ids[start : start + FLUSH_CHUNK]
        counted = {
            day: page_cache.view_counts(chunk, day)
            for day in (today - dt.timedelta(days=n) for n in range(days))
        }
        wanted = {pk for counts in counted.values() for pk in counts}
        if not wanted:
            continue
        centers = dict(Story.objects.filter(pk__in=wanted).values_list("pk", "center_id"))
        for day, counts in sorted(counted.items()):
            for story_id, count in counts.items():
                if story_id in centers:
                    added += _flush_one(
                        story_id=story_id, center_id=centers[story_id], day=day, count=count
                    )
    return added
