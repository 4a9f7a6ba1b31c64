"""TV/radio programmes and their episodes, live streams, and produced works."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class ProductionKind(models.TextChoices):
    SPECIAL_FILM = "special_film", _("专题片")
    PSA = "psa", _("公益广告")
    MICRO_VIDEO = "micro_video", _("微视频")
    OTHER = "other", _("其他")


class RundownStatus(models.TextChoices):
    """Whether an episode is planned in a rundown (串联单), and whether it may still change.

    `NONE`: no rundown; its item count is what was recorded (imported ledgers).
    Otherwise the item count is the number of news items in the rundown.
    """

    NONE = "none", _("无串联单")
    DRAFT = "draft", _("编排中")
    LOCKED = "locked", _("已锁定")


class RundownKind(models.TextChoices):
    NEWS = "news", _("新闻")
    READ = "read", _("口播")
    INTRO = "intro", _("导语")
    TEASER = "teaser", _("片花")
    AD = "ad", _("广告")
    OTHER = "other", _("其他")


# Items counted as the episode's news items (条) in statistics.
COUNTED_KINDS = (RundownKind.NEWS, RundownKind.READ)


class LiveStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    LIVE = "live", _("直播中")
    ENDED = "ended", _("已结束")
    CANCELLED = "cancelled", _("取消")


def link_lines(text: str) -> list[str]:
    """The non-blank lines of a links field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def validate_links(text: str) -> None:
    """One http(s) address per line."""
    check = URLValidator(schemes=["http", "https"])
    bad = []
    for line in link_lines(text):
        try:
            check(line)
        except ValidationError:
            bad.append(line)
    if bad:
        raise ValidationError(
            _("以下链接不是有效网址（每行一个，以 http:// 或 https:// 开头）：%(links)s"),
            params={"links": "、".join(bad)},
        )


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
    rundown_status = models.CharField(
        _("串联单"),
        max_length=10,
        choices=RundownStatus.choices,
        default=RundownStatus.NONE,
        editable=False,
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


class RundownItem(CenterOwned):
    """One line of an episode's rundown (串联单): a story's TV/radio version or a free item."""

    episode = models.ForeignKey(
        "programmes.Episode",
        verbose_name=_("节目播出"),
        on_delete=models.CASCADE,
        related_name="rundown_items",
    )
    position = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(
        _("类型"), max_length=10, choices=RundownKind.choices, default=RundownKind.NEWS
    )
    story = models.ForeignKey(
        "newsroom.Story",
        verbose_name=_("稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rundown_items",
    )
    version = models.ForeignKey(
        "newsroom.ChannelVersion",
        verbose_name=_("渠道版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rundown_items",
    )
    duration_seconds = models.PositiveIntegerField(_("时长（秒）"), default=0)
    presenter_notes = models.TextField(_("口播/导语"), blank=True)
    script = models.TextField(_("稿本"), blank=True)

    class Meta:
        verbose_name = _("串联单条目")
        verbose_name_plural = _("串联单条目")
        ordering = ["episode", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "version"],
                condition=models.Q(version__isnull=False),
                name="programmes_rundown_version_once",
            )
        ]
        indexes = [
            models.Index(fields=["center", "episode", "position"], name="programmes_rundown_order")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class LiveStream(CenterOwned):
    """A live broadcast on one or more platforms, with its viewer count afterwards."""

    date = models.DateField(_("直播日期"))
    title = models.CharField(_("直播标题"), max_length=300)
    starts_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=LiveStatus.choices, default=LiveStatus.PLANNED
    )
    platforms = models.CharField(_("直播平台"), max_length=300, blank=True)
    channels = models.ManyToManyField(
        "distribution.Channel", verbose_name=_("直播渠道"), blank=True, related_name="live_streams"
    )
    links = models.TextField(
        _("直播链接"), blank=True, help_text=_("每行一个网址。"), validators=[validate_links]
    )
    duty_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("值班人员"),
        blank=True,
        related_name="live_stream_duties",
    )
    viewers = models.PositiveBigIntegerField(
        _("观看量"), default=0, help_text=_("直播结束后填写。")
    )
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="live_streams"
    )

    class Meta:
        verbose_name = _("直播")
        verbose_name_plural = _("直播")
        ordering = ["center", "-date"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("结束时间不能早于开始时间。")
        # Viewers are a figure of a stream that has ended.
        if self.viewers and self.status != LiveStatus.ENDED:
            errors["viewers"] = _("直播结束后才能填写观看量。")
        if errors:
            raise ValidationError(errors)


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
