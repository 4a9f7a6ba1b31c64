"""Outside media (外部媒体), what the center sent them (报送) and what they adopted (外宣刊播)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned

from .evidence import evidence_upload_to, validate_evidence


class OutletLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")
    OTHER = "other", _("其他")


class AdoptionKind(models.TextChoices):
    TEXT = "text", _("文字")
    PHOTO = "photo", _("图片")
    VIDEO = "video", _("视频")
    AUDIO = "audio", _("音频")


class Placement(models.TextChoices):
    FRONT_PAGE_HEADLINE = "front_page_headline", _("头版头条")
    FRONT_PAGE = "front_page", _("头版")
    OTHER = "other", _("其他")


class SubmissionMethod(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    PLATFORM = "platform", _("投稿平台")
    SYSTEM = "system", _("报送系统")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    """What became of a submission at one outlet; changed only by `services`."""

    PENDING = "pending", _("待反馈")
    ADOPTED = "adopted", _("已采用")
    NOT_ADOPTED = "not_adopted", _("未采用")


class CreditRole(models.TextChoices):
    """The same codes as the newsroom's author roles, so that scoring shares apply to both."""

    WRITER = "writer", _("文字")
    CAMERA = "camera", _("摄像摄影")
    EDITOR = "editor", _("编辑")


class Outlet(CenterOwned):
    """An outside medium, possibly under a parent (新闻联播 under 中央电视台).

    Outlets are per center even for the nationwide ones: each center keeps its own
    contacts and submission addresses, renames or retires outlets without touching
    another center, and its statistics never depend on rows another center can edit.
    The shared starter list (`data/starter_outlets.json`) is copied into a center by
    `services.outlet_load_starter`.
    """

    name = models.CharField(_("媒体名称"), max_length=100)
    level = models.CharField(_("级别"), max_length=20, choices=OutletLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级媒体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    contacts = models.TextField(
        _("联系人"), blank=True, help_text=_("编辑姓名、电话等，每行一位。")
    )
    submission_address = models.CharField(
        _("投稿地址"), max_length=300, blank=True, help_text=_("投稿邮箱或投稿平台网址。")
    )

    class Meta:
        verbose_name = _("外部媒体")
        verbose_name_plural = _("外部媒体")
        ordering = ["center", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="outreach_outlet_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The parent is one of the same center's outlets, and never the outlet itself or
        one below it."""
        parent = self.parent if self.parent_id else None
        if parent is None:
            return
        if parent.center_id != self.center_id:
            raise ValidationError({"parent": _("上级媒体不属于本中心。")})
        seen = set()
        node: Outlet | None = parent
        while node is not None:
            if (self.pk is not None and node.pk == self.pk) or node.pk in seen:
                raise ValidationError({"parent": _("上级媒体不能形成循环。")})
            seen.add(node.pk)
            node = node.parent


class Adoption(CenterOwned):
    """A story of the center's carried by an outside outlet (采用/刊播/转载)."""

    outlet = models.ForeignKey(
        "outreach.Outlet",
        verbose_name=_("媒体"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    date = models.DateField(_("刊播日期"))
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(_("类型"), max_length=10, choices=AdoptionKind.choices, blank=True)
    placement = models.CharField(
        _("版面"), max_length=20, choices=Placement.choices, default=Placement.OTHER
    )
    url = models.URLField(_("链接"), max_length=500, blank=True)
    authors = models.CharField(_("作者"), max_length=300, blank=True)
    campaigns = models.ManyToManyField(
        "newsroom.Campaign", verbose_name=_("专题"), blank=True, related_name="adoptions"
    )
    ref = models.CharField(_("编号"), max_length=100, blank=True)
    programme = models.CharField(
        _("栏目或版面"), max_length=100, blank=True, help_text=_("例如 新闻联播、第1版、要闻。")
    )
    story = models.ForeignKey(
        "newsroom.Story",
        verbose_name=_("稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    evidence = models.FileField(
        _("采用凭证"),
        upload_to=evidence_upload_to,
        blank=True,
        validators=[validate_evidence],
        help_text=_("截图（PNG、JPG）、PDF 版面或视频片段（MP4）。"),
    )
    credited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="outreach.AdoptionCredit",
        verbose_name=_("署名人员"),
        blank=True,
        related_name="adoptions_credited",
    )

    class Meta:
        verbose_name = _("外宣刊播")
        verbose_name_plural = _("外宣刊播")
        ordering = ["center", "-date", "-id"]
        indexes = [models.Index(fields=["center", "date"], name="outreach_adoption_center_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "ref"],
                condition=~models.Q(ref=""),
                name="outreach_adoption_unique_ref",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.outlet_id and self.outlet.center_id != self.center_id:
            errors["outlet"] = _("该媒体不属于本中心。")
        if self.story_id and self.story.center_id != self.center_id:
            errors["story"] = _("只能选择本中心的稿件。")
        if errors:
            raise ValidationError(errors)


class AdoptionCredit(models.Model):
    """A staff member credited for an adoption, in a role; scoring shares by the role."""

    adoption = models.ForeignKey(
        "outreach.Adoption",
        verbose_name=_("外宣刊播"),
        on_delete=models.CASCADE,
        related_name="credits",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="adoption_credits",
    )
    role = models.CharField(
        _("分工"), max_length=20, choices=CreditRole.choices, default=CreditRole.WRITER
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["adoption", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "user", "role"], name="outreach_credit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}（{self.get_role_display()}）"


class Submission(CenterOwned):
    """Something the center sent to outside outlets (报送): a story, a version or a title."""

    title = models.CharField(_("标题"), max_length=300)
    story = models.ForeignKey(
        "newsroom.Story",
        verbose_name=_("稿件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    version = models.ForeignKey(
        "newsroom.ChannelVersion",
        verbose_name=_("渠道版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    date = models.DateField(_("报送日期"))
    method = models.CharField(
        _("报送方式"),
        max_length=20,
        choices=SubmissionMethod.choices,
        default=SubmissionMethod.EMAIL,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_submissions",
    )
    note = models.TextField(_("备注"), blank=True)
    outlets = models.ManyToManyField(
        "outreach.Outlet",
        through="outreach.SubmissionTarget",
        verbose_name=_("报送媒体"),
        related_name="submissions",
    )

    class Meta:
        verbose_name = _("外宣报送")
        verbose_name_plural = _("外宣报送")
        ordering = ["center", "-date", "-id"]
        indexes = [models.Index(fields=["center", "date"], name="outreach_submission_date")]

    def __str__(self) -> str:
        return self.title


class SubmissionTarget(models.Model):
    """One outlet a submission went to, and what it did with it."""

    submission = models.ForeignKey(
        "outreach.Submission",
        verbose_name=_("报送"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    outlet = models.ForeignKey(
        "outreach.Outlet", verbose_name=_("媒体"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        _("结果"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING, editable=False
    )
    adoption = models.OneToOneField(
        "outreach.Adoption",
        verbose_name=_("采用记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission_target",
        editable=False,
    )
    decided_at = models.DateTimeField(_("登记时间"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("报送去向")
        verbose_name_plural = _("报送去向")
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "outlet"], name="outreach_target_unique_outlet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.outlet}"
