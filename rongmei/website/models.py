"""The center's public site (Wagtail pages): home, and articles published from signed-off stories."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from rongmei.core.models import CenterOwned


class HomePage(Page):
    """The public home page of one center's site."""

    center = models.ForeignKey(
        "core.Center",
        verbose_name=_("融媒体中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = RichTextField(_("简介"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("center")]
    max_count_per_parent = 1
    subpage_types = ["website.ArticlePage"]

    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    def get_context(self, request, *args, **kwargs):
        from .cache import mark
        from .selectors import article_latest, site_columns

        mark(request, center_id=self.center_id)
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = article_latest(home=self, limit=20)
        context["columns"] = site_columns(home=self)
        return context


class ArticlePage(Page):
    """A published website version of a story. Written only by `services.article_publish`."""

    story_id = models.PositiveBigIntegerField(_("稿件编号"), unique=True, editable=False)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)
    authors = models.CharField(_("作者"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    columns = ParentalManyToManyField(
        "newsroom.Column", verbose_name=_("栏目"), blank=True, related_name="+"
    )
    campaigns = ParentalManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="+"
    )
    search_tokens = models.TextField(_("检索词"), blank=True, editable=False)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    parent_page_types = ["website.HomePage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        from .cache import mark
        from .selectors import article_corrections

        home = self.get_parent().specific
        mark(request, center_id=getattr(home, "center_id", None), story_id=self.story_id)
        context = super().get_context(request, *args, **kwargs)
        context["home"] = home
        context["corrections"] = article_corrections(story_id=self.story_id)
        return context

    class Meta:
        verbose_name = _("新闻文章")
        verbose_name_plural = _("新闻文章")
        ordering = ["-published_at"]


class SiteViewTally(CenterOwned):
    """How many of a story's counted site views on a day are already in its figures.

    The page-view counter lives in the cache; the flush adds only what is beyond this
    tally and moves the tally in the same transaction, so running it twice adds nothing.
    """

    story_id = models.PositiveBigIntegerField(_("稿件编号"))
    date = models.DateField(_("日期"))
    flushed = models.PositiveBigIntegerField(_("已计入的浏览量"), default=0)

    class Meta:
        verbose_name = _("网站浏览计数")
        verbose_name_plural = _("网站浏览计数")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "story_id", "date"], name="website_view_tally_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.story_id} {self.date}: {self.flushed}"
