"""The center's own channels, what was published on them, and their audience figures."""

from django.conf import settings
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
    account_id = models.CharField(
        _("账号标识"), max_length=100, blank=True, help_text=_("如公众号 AppID、抖音号。")
    )
    api_base = models.URLField(
        _("接口地址"),
        max_length=200,
        blank=True,
        help_text=_("留空则使用平台的正式接口地址。"),
    )
    # Fernet token of a JSON object (see `credentials.py`); never shown back in full.
    credentials_encrypted = models.TextField(_("凭据（加密）"), blank=True, editable=False)
    credentials_hint = models.CharField(_("凭据摘要"), max_length=40, blank=True, editable=False)
    # A platform access token and when it stops working, kept by the connector.
    token_encrypted = models.TextField(blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

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
    version = models.ForeignKey(
        "newsroom.ChannelVersion",
        verbose_name=_("渠道版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    figures_updated_at = models.DateTimeField(_("数据更新时间"), null=True, blank=True)

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


class PublicationDay(models.Model):
    """Per center, channel and day: publications and their summed reach.

    Kept by database triggers on `Publication` (see `rollup.py`, ADR 0014), so every
    write, bulk ones and raw SQL included, moves it with the publication in the same
    transaction. Statistics read it instead of grouping every publication. Never
    written by Python code; a day whose publications are all gone has no row.
    """

    center = models.ForeignKey(
        "core.Center", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    date = models.DateField()
    published = models.BigIntegerField(default=0)
    views = models.BigIntegerField(default=0)
    likes = models.BigIntegerField(default=0)
    shares = models.BigIntegerField(default=0)
    comments = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("发布日汇总")
        verbose_name_plural = _("发布日汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "channel", "date"], name="distribution_pubday_unique"
            )
        ]
        indexes = [models.Index(fields=["center", "date"], name="distribution_pubday_date")]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.date}: {self.published}"


class PublicationCampaignDay(models.Model):
    """Per center, campaign (专题) and day: publications tagged with the campaign.

    Kept by database triggers like `PublicationDay` (ADR 0014). `campaign_id` is a
    plain number: distribution reads it without depending on newsroom's migrations.
    """

    center = models.ForeignKey(
        "core.Center", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    campaign_id = models.BigIntegerField()
    date = models.DateField()
    published = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("专题发布日汇总")
        verbose_name_plural = _("专题发布日汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "campaign_id", "date"], name="distribution_pubcampday_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.date}: {self.published}"


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


class FigureSource(models.TextChoices):
    SITE = "site", _("本站计数")
    API = "api", _("平台接口")
    IMPORT = "import", _("导出表导入")
    MANUAL = "manual", _("手工录入")


class PublicationFigure(CenterOwned):
    """A publication's cumulative reach as read on one day; the series tells growth."""

    publication = models.ForeignKey(
        "distribution.Publication",
        verbose_name=_("发布记录"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    date = models.DateField(_("日期"))
    views = models.PositiveBigIntegerField(_("阅读/播放"), default=0)
    likes = models.PositiveBigIntegerField(_("点赞"), default=0)
    shares = models.PositiveBigIntegerField(_("转发"), default=0)
    comments = models.PositiveBigIntegerField(_("评论"), default=0)
    source = models.CharField(
        _("数据来源"), max_length=20, choices=FigureSource.choices, default=FigureSource.MANUAL
    )

    class Meta:
        verbose_name = _("传播数据")
        verbose_name_plural = _("传播数据")
        ordering = ["publication", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"], name="distribution_figure_unique_day"
            )
        ]
        indexes = [models.Index(fields=["center", "date"], name="distribution_figure_center")]

    def __str__(self) -> str:
        return f"{self.publication} {self.date}"


class JobAction(models.TextChoices):
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤下")


class JobState(models.TextChoices):
    PENDING = "pending", _("待发布")
    IN_PROGRESS = "in_progress", _("发布中")
    RETRYING = "retrying", _("等待重试")
    MANUAL = "manual", _("待人工发布")
    PUBLISHED = "published", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


class PublishJob(CenterOwned):
    """One channel version going out on (or coming off) one own channel.

    `idempotency_key` is written before any call to the platform, so a job publishes at
    most once per channel version; `PUBLISHED`, `FAILED` and `CANCELLED` are final.
    """

    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("渠道"),
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    version = models.ForeignKey(
        "newsroom.ChannelVersion",
        verbose_name=_("渠道版本"),
        on_delete=models.PROTECT,
        related_name="publish_jobs",
    )
    action = models.CharField(
        _("操作"), max_length=20, choices=JobAction.choices, default=JobAction.PUBLISH
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=JobState.choices, default=JobState.PENDING
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100, unique=True)
    scheduled_at = models.DateTimeField(_("计划发布时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    # What the platform returned: e.g. WeChat media_id, publish_id, article_id.
    external_id = models.CharField(_("平台编号"), max_length=200, blank=True)
    external_data = models.JSONField(_("平台返回"), default=dict, blank=True)
    url = models.URLField(_("发布链接"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    publication = models.ForeignKey(
        "distribution.Publication",
        verbose_name=_("发布记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("发布任务")
        verbose_name_plural = _("发布任务")
        ordering = ["center", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "channel", "action"], name="distribution_job_once"
            )
        ]
        indexes = [
            models.Index(fields=["center", "state"], name="distribution_job_state"),
            models.Index(fields=["state", "next_attempt_at"], name="distribution_job_due"),
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.channel}"


class AttemptOutcome(models.TextChoices):
    OK = "ok", _("成功")
    ERROR = "error", _("失败")
    UNKNOWN = "unknown", _("结果未知")


class PublishAttempt(CenterOwned):
    """One try of a job against its platform, with what went wrong."""

    job = models.ForeignKey(
        "distribution.PublishJob",
        verbose_name=_("发布任务"),
        on_delete=models.CASCADE,
        related_name="attempts_log",
    )
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=20, choices=AttemptOutcome.choices, default=AttemptOutcome.UNKNOWN
    )
    error = models.TextField(_("错误"), blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("发布尝试")
        verbose_name_plural = _("发布尝试")
        ordering = ["job", "started_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class ReachImport(CenterOwned):
    """One upload of a platform's exported figures, with the rows it could not match."""

    channel = models.ForeignKey(
        "distribution.Channel",
        verbose_name=_("渠道"),
        on_delete=models.PROTECT,
        related_name="reach_imports",
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    file_sha256 = models.CharField(_("文件校验值"), max_length=64)
    layout = models.CharField(_("表格格式"), max_length=40)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    matched = models.PositiveIntegerField(_("已匹配"), default=0)
    unmatched = models.JSONField(_("未匹配行"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("传播数据导入")
        verbose_name_plural = _("传播数据导入")
        ordering = ["center", "-created_at"]

    def __str__(self) -> str:
        return self.file_name
