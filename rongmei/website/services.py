"""Website owns the public site: the page tree of each center's site and its articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, Site

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, Center

from .models import ArticlePage, HomePage
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

    Called by the newsroom on sign-off (through the `rongmei_story_published` hook).
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
    audit_record(action=AuditAction.UPDATE, by=by, obj=page, center=story.center, verb="网站撤稿")
    return True
