"""The center's own website and app: the one path by which a web version reaches the site.

At sign-off distribution makes a publish job for the center's website channel (the
channel is made where the center has none) and, the site being in this database, runs it
at once (`immediate`): the connector puts the article online through the website's
publisher, and the job's completion writes the one publication of the web version — the
page, the job and the publication commit together with the sign-off.

`website` sits above distribution in the layers, so it lends its publisher through two
Wagtail hooks instead of being imported:

- `rongmei_site_article_publish(story, version, by)` puts the version online;
- `rongmei_site_article(story_id)` returns the story's page as stored (`pk`, `live`,
  `get_full_url()`), or None.

The website takes its article down itself at withdrawal (hook `rongmei_story_withdrawn`);
the withdrawal job checks that it is down. The app shows the website's articles: its job
only reads the page's address once the site has it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from wagtail import hooks

from . import Connector, ConnectorError, PublishResult, register

PUBLISH_HOOK = "rongmei_site_article_publish"
ARTICLE_HOOK = "rongmei_site_article"


def site_installed() -> bool:
    """Whether a public site lends its publisher (the website app is installed)."""
    return bool(hooks.get_hooks(PUBLISH_HOOK))


def _article(story_id: int) -> Any | None:
    for fn in hooks.get_hooks(ARTICLE_HOOK):
        page = fn(story_id=story_id)
        if page is not None:
            return page
    return None


def _result(page: Any) -> PublishResult:
    return PublishResult(
        external_id=str(page.pk), url=page.get_full_url() or "", data={"page_id": page.pk}
    )


@register
class SiteConnector(Connector):
    platform = "website"
    immediate = True
    can_withdraw = True
    needs_credentials = False

    def publish(self, *, job) -> PublishResult:
        publishers = hooks.get_hooks(PUBLISH_HOOK)
        if not publishers:
            raise ConnectorError(_("本系统未启用门户网站，无法发布到网站。"), retryable=False)
        version = job.version
        for fn in publishers:
            fn(story=version.story, version=version, by=job.created_by)
        page = _article(version.story_id)  # as stored: publishing updated another copy
        if page is None or not page.live:
            raise ConnectorError(_("网站文章尚未上线，稍后重试。"))
        return _result(page)

    def lookup(self, *, job) -> PublishResult | None:
        page = _article(job.version.story_id)
        if page is None or not page.live:
            return None
        return _result(page)

    def withdraw(self, *, job) -> None:
        page = _article(job.version.story_id)
        if page is not None and page.live:
            raise ConnectorError(_("网站文章仍在线上，稍后重试。"))


@register
class AppConnector(SiteConnector):
    """The center's app shows the website's articles: its job reads the page's address."""

    platform = "app"
    immediate = False

    def publish(self, *, job) -> PublishResult:
        result = self.lookup(job=job)
        if result is None:
            raise ConnectorError(_("网站文章尚未上线，稍后重试。"))
        return result
