"""Outside media (外部媒体) and the center's stories they adopted (外宣刊播)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


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


class Outlet(CenterOwned):
    """An outside medium, possibly under a parent (新闻联播 under 中央电视台)."""

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

    class Meta:
        verbose_name = _("外部媒体")
        verbose_name_plural = _("外部媒体")
        ordering = ["center", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="outreach_outlet_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


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
