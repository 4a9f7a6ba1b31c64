"""The center's own website and app: the article is already online, only its link is read.

The website app puts a story's web version online at sign-off (hook
`rongmei_story_published`) and takes it down on withdrawal; the publish job of a
website or app channel records that publication and its address. Distribution sits
below `website` in the layers, so the page model is looked up by label at run time.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

from . import Connector, ConnectorError, PublishResult, register


def _article(story_id: int):
    model = apps.get_model("website", "ArticlePage")
    return model.objects.filter(story_id=story_id).first()


@register
class SiteConnector(Connector):
    platform = "website"
    can_withdraw = True
    needs_credentials = False

    def publish(self, *, job) -> PublishResult:
        page = _article(job.version.story_id)
        if page is None or not page.live:
            raise ConnectorError(_("网站文章尚未上线，稍后重试。"))
        return PublishResult(
            external_id=str(page.pk), url=page.get_full_url() or "", data={"page_id": page.pk}
        )

    def lookup(self, *, job) -> PublishResult | None:
        page = _article(job.version.story_id)
        if page is None or not page.live:
            return None
        return self.publish(job=job)

    def withdraw(self, *, job) -> None:
        page = _article(job.version.story_id)
        if page is not None and page.live:
            raise ConnectorError(_("网站文章仍在线上，稍后重试。"))


@register
class AppConnector(SiteConnector):
    """The center's app shows the website's articles."""

    platform = "app"
