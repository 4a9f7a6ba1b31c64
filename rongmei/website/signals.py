"""Purge the site's cached pages when pages are published, unpublished, moved or deleted
in the Wagtail page editor, and when a site's hostname or root page changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import site_purge, sites_purge
from .models import HomePage


def _center_of(page: Page) -> int | None:
    home = HomePage.objects.ancestor_of(page, inclusive=True).values_list("center_id", flat=True)
    return next(iter(home), None)


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, HomePage):
        # A home page's center may have changed: the hostname now shows another center.
        sites_purge()
    site_purge(center_id=_center_of(instance))


def _page_moved(sender, instance, **kwargs):
    # A page moved between two sites: both sites' pages are stale.
    sites_purge()


def _site_changed(sender, instance, **kwargs):
    sites_purge()


def connect() -> None:
    for signal in (page_published, page_unpublished, page_slug_changed):
        signal.connect(_page_changed, dispatch_uid=f"website_cache_{id(signal)}")
    post_page_move.connect(_page_moved, dispatch_uid="website_cache_move")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid="website_cache_delete")
    for signal in (post_save, post_delete):
        signal.connect(_site_changed, sender=Site, dispatch_uid=f"website_site_{id(signal)}")
