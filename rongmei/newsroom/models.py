"""Stories and what they are filed under: columns (栏目) and campaigns (专题)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class Column(CenterOwned):
    """A recurring programme or section (栏目), counted in publications and episodes."""

    name = models.CharField(_("栏目名称"), max_length=100)
    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("所属渠道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="columns",
    )
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="newsroom_column_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(CenterOwned):
    """A special topic (专题) tagged across stories, videos, live streams and adoptions."""

    name = models.CharField(_("专题名称"), max_length=100)
    start = models.DateField(_("开始日期"), null=True, blank=True)
    end = models.DateField(_("结束日期"), null=True, blank=True)
    goal = models.TextField(_("宣传目标"), blank=True)

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["center", "-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="newsroom_campaign_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
