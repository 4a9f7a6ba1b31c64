"""TV/radio programmes and their episodes, live streams, and produced works."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class ProductionKind(models.TextChoices):
    SPECIAL_FILM = "special_film", _("专题片")
    PSA = "psa", _("公益广告")
    MICRO_VIDEO = "micro_video", _("微视频")
    OTHER = "other", _("其他")


class Programme(CenterOwned):
    """A recurring broadcast programme, e.g. 《XX新闻》."""

    name = models.CharField(_("节目名称"), max_length=100)
    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("播出渠道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )

    class Meta:
        verbose_name = _("节目")
        verbose_name_plural = _("节目")
        ordering = ["center", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "name"], name="programmes_programme_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Episode(CenterOwned):
    """One aired episode (期) of a programme, with its item count (条)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("节目"),
        on_delete=models.PROTECT,
        related_name="episodes",
    )
    date = models.DateField(_("播出日期"))
    items = models.PositiveIntegerField(_("条数"), default=0)
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"), null=True, blank=True)
    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("播出渠道"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
    )

    class Meta:
        verbose_name = _("节目播出")
        verbose_name_plural = _("节目播出")
        ordering = ["center", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "programme", "date"], name="programmes_episode_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.date}"


class LiveStream(CenterOwned):
    """A live broadcast on one or more platforms, with its viewer count afterwards."""

    date = models.DateField(_("直播日期"))
    title = models.CharField(_("直播标题"), max_length=300)
    platforms = models.CharField(_("直播平台"), max_length=300, blank=True)
    viewers = models.PositiveBigIntegerField(_("观看量"), default=0)
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="live_streams"
    )

    class Meta:
        verbose_name = _("直播")
        verbose_name_plural = _("直播")
        ordering = ["center", "-date"]

    def __str__(self) -> str:
        return self.title


class Production(CenterOwned):
    """A produced work: special film, public-service ad, micro-video."""

    date = models.DateField(_("完成日期"))
    title = models.CharField(_("作品名称"), max_length=300)
    kind = models.CharField(_("类型"), max_length=20, choices=ProductionKind.choices)
    airings = models.PositiveIntegerField(
        _("播出条次"), default=0, help_text=_("公益广告等在各渠道累计播出的条次。")
    )
    column = models.ForeignKey(
        "newsroom.Column",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="productions",
    )
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="productions"
    )

    class Meta:
        verbose_name = _("作品")
        verbose_name_plural = _("作品")
        ordering = ["center", "-date"]

    def __str__(self) -> str:
        return self.title
