"""The center's own channels, what was published on them, and their audience figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class Platform(models.TextChoices):
    WEBSITE = "website", _("网站")
    APP = "app", _("客户端")
    WECHAT = "wechat", _("微信")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    KUAISHOU = "kuaishou", _("快手")
    TOUTIAO = "toutiao", _("今日头条")
    BILIBILI = "bilibili", _("哔哩哔哩")
    XUEXI = "xuexi", _("学习强国")
    TV = "tv", _("电视")
    RADIO = "radio", _("广播")
    NEWSPAPER = "newspaper", _("报纸")
    OTHER = "other", _("其他")


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("图文")
    VIDEO = "video", _("视频")
    SHORT_VIDEO = "short_video", _("短视频")
    AUDIO = "audio", _("音频")
    LIVE = "live", _("直播")
    NOTICE = "notice", _("通知")


class Origin(models.TextChoices):
    PLATFORM = "platform", _("平台发布")
    IMPORTED = "imported", _("台账导入")
    MANUAL = "manual", _("手工登记")


class Channel(CenterOwned):
    """One of the center's own outlets: its site, an official account, a TV channel…"""

    name = models.CharField(_("渠道名称"), max_length=100)
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("自有渠道")
        verbose_name_plural = _("自有渠道")
        ordering = ["center", "platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "name"], name="distribution_channel_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Publication(CenterOwned):
    """Something that went out on an own channel, with its reach figures."""

    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("渠道"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    date = models.DateField(_("发布日期"))
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(
        _("类型"), max_length=20, choices=PublicationKind.choices, default=PublicationKind.ARTICLE
    )
    column = models.ForeignKey(
        "newsroom.Column",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="publications"
    )
    views = models.PositiveBigIntegerField(_("阅读量"), default=0)
    likes = models.PositiveBigIntegerField(_("点赞"), default=0)
    shares = models.PositiveBigIntegerField(_("转发"), default=0)
    comments = models.PositiveBigIntegerField(_("评论"), default=0)
    authors = models.CharField(_("作者"), max_length=300, blank=True)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    ref = models.CharField(_("编号"), max_length=100, blank=True)
    origin = models.CharField(
        _("来源"), max_length=20, choices=Origin.choices, default=Origin.MANUAL
    )

    class Meta:
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        ordering = ["center", "-date", "-id"]
        indexes = [
            models.Index(fields=["center", "date"], name="distribution_pub_center_date"),
            models.Index(fields=["center", "channel", "date"], name="distribution_pub_chan_date"),
            models.Index(fields=["center", "column", "date"], name="distribution_pub_column_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "ref"],
                condition=~models.Q(ref=""),
                name="distribution_publication_unique_ref",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AudienceFigure(CenterOwned):
    """A channel's followers (total on the day) and visits (on the day)."""

    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("渠道"),
        on_delete=models.CASCADE,
        related_name="audience",
    )
    date = models.DateField(_("日期"))
    followers = models.PositiveBigIntegerField(_("关注数"), null=True, blank=True)
    visits = models.PositiveBigIntegerField(_("访问量"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户数据")
        verbose_name_plural = _("用户数据")
        ordering = ["center", "channel", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "channel", "date"], name="distribution_audience_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.date}"
