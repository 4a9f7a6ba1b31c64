"""The center's public site (Wagtail pages). Issue #3 grows it into the full news site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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

    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")
