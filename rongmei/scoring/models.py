"""Staff performance points (稿分): rules by month, monthly results, adjustments, grades."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class Grade(models.TextChoices):
    A = "A", _("A 级（重大原创）")
    B = "B", _("B 级（一般原创）")
    C = "C", _("C 级（编发、转载）")


class MultiLevelPolicy(models.TextChoices):
    HIGHEST = "highest", _("只计最高级别")
    SUM = "sum", _("各级分别计分")


class MonthStatus(models.TextChoices):
    OPEN = "open", _("未结账")
    CLOSED = "closed", _("已结账")


class LineSource(models.TextChoices):
    STORY = "story", _("稿件")
    ADOPTION = "adoption", _("外宣采用")


def _points(label, default):
    return models.DecimalField(
        label,
        max_digits=7,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
    )


class ScoreRule(CenterOwned):
    """The points of a center from the month it takes effect until the next rule's month.

    Edited by the director. A month is always scored with the rule in force then, so a
    change never rewrites earlier months.
    """

    effective_month = models.DateField(
        _("生效月份"), help_text=_("从该月1日起生效，直到下一条规则的生效月份。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # Points of a signed-off story by genre.
    genre_news = _points(_("体裁分：消息"), "2")
    genre_feature = _points(_("体裁分：通讯特写"), "4")
    genre_commentary = _points(_("体裁分：评论"), "4")
    genre_photo = _points(_("体裁分：图片新闻"), "1")
    genre_short_video = _points(_("体裁分：短视频"), "2")
    genre_live = _points(_("体裁分：直播"), "5")
    # Originality grade, as a factor.
    grade_a = _points(_("A 级系数"), "1.5")
    grade_b = _points(_("B 级系数"), "1")
    grade_c = _points(_("C 级系数"), "0.5")
    # Length bands (characters of the body), as factors.
    short_below = models.PositiveIntegerField(_("短稿字数上限"), default=300)
    long_from = models.PositiveIntegerField(_("长稿字数下限"), default=1500)
    short_factor = _points(_("短稿系数"), "0.8")
    long_factor = _points(_("长稿系数"), "1.5")
    # Added for each channel version published.
    channel_web = _points(_("网站/客户端加分"), "0")
    channel_wechat = _points(_("微信公众号加分"), "0.5")
    channel_short_video = _points(_("短视频加分"), "0.5")
    channel_toutiao = _points(_("头条号加分"), "0")
    channel_tv = _points(_("电视加分"), "1")
    channel_radio = _points(_("广播加分"), "0.5")
    # Adoptions by the outlet's level.
    adoption_central = _points(_("中央媒体采用"), "5")
    adoption_provincial = _points(_("省级媒体采用"), "5")
    adoption_municipal = _points(_("市级媒体采用"), "3")
    adoption_county = _points(_("县级媒体采用"), "1")
    adoption_other = _points(_("其他媒体采用"), "0")
    front_page_bonus = _points(_("头版加分"), "1")
    headline_bonus = _points(_("头版头条加分"), "2")
    multi_level = models.CharField(
        _("多级采用"),
        max_length=10,
        choices=MultiLevelPolicy.choices,
        default=MultiLevelPolicy.HIGHEST,
        help_text=_("同一稿件被多级媒体采用时的计分办法。"),
    )
    # Shares of co-authors by role: each author's weight over the sum of all weights.
    share_writer = _points(_("文字权重"), "6")
    share_camera = _points(_("摄像摄影权重"), "3")
    share_editor = _points(_("编辑权重"), "1")

    class Meta:
        verbose_name = _("稿分规则")
        verbose_name_plural = _("稿分规则")
        ordering = ["center", "-effective_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "effective_month"], name="scoring_rule_unique_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.effective_month:%Y年%m月}起"

    def clean(self) -> None:
        super().clean()
        if (
            self.short_below is not None
            and self.long_from is not None
            and self.short_below > self.long_from
        ):
            raise ValidationError({"long_from": _("长稿字数下限不能小于短稿字数上限。")})


class StoryGrade(CenterOwned):
    """The originality grade the chief editor gives a story at sign-off (原创等级)."""

    story = models.OneToOneField(
        "newsroom.Story", verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="grade"
    )
    grade = models.CharField(_("原创等级"), max_length=1, choices=Grade.choices)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("原创等级")
        verbose_name_plural = _("原创等级")

    def __str__(self) -> str:
        return f"{self.story} {self.grade}"


class ScoreMonth(CenterOwned):
    """A center's scores of one month: computed from the records until it is closed."""

    month = models.DateField(_("月份"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=MonthStatus.choices,
        default=MonthStatus.OPEN,
        editable=False,
    )
    rule = models.ForeignKey(
        "scoring.ScoreRule",
        verbose_name=_("适用规则"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="months",
        editable=False,
    )
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结账时间"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结账人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("月度稿分")
        verbose_name_plural = _("月度稿分")
        ordering = ["center", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["center", "month"], name="scoring_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}"


class ScoreLine(CenterOwned):
    """One item one person scored in a month, and the rule that scored it."""

    score_month = models.ForeignKey(
        "scoring.ScoreMonth", verbose_name=_("月份"), on_delete=models.CASCADE, related_name="lines"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="score_lines",
    )
    source = models.CharField(_("来源"), max_length=10, choices=LineSource.choices)
    story = models.ForeignKey(
        "newsroom.Story",
        verbose_name=_("稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adoption = models.ForeignKey(
        "outreach.Adoption",
        verbose_name=_("外宣采用"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=300)
    role = models.CharField(_("分工"), max_length=20, blank=True)
    item_points = models.DecimalField(_("条目分"), max_digits=9, decimal_places=2)
    share = models.DecimalField(_("分配比例"), max_digits=6, decimal_places=4)
    points = models.DecimalField(_("得分"), max_digits=9, decimal_places=2)
    rule_text = models.CharField(_("计分依据"), max_length=300)

    class Meta:
        verbose_name = _("稿分明细")
        verbose_name_plural = _("稿分明细")
        ordering = ["score_month", "user", "date", "id"]
        indexes = [models.Index(fields=["score_month", "user"], name="scoring_line_month_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.title} {self.points}"


class ScoreAdjustment(CenterOwned):
    """Points added or taken by the director, with the reason (奖惩调整); never edited."""

    score_month = models.ForeignKey(
        "scoring.ScoreMonth",
        verbose_name=_("月份"),
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="score_adjustments",
    )
    points = models.DecimalField(_("调整分"), max_digits=9, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=300)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("稿分调整")
        verbose_name_plural = _("稿分调整")
        ordering = ["score_month", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.user} {self.points:+}"
