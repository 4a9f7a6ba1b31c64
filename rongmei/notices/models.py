"""Service notices (便民信息): power and water cuts, traffic control, farm produce."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class NoticeCategory(models.TextChoices):
    POWER = "power", _("停电")
    WATER = "water", _("停水")
    TRAFFIC = "traffic", _("交通")
    AGRICULTURE = "agriculture", _("农特产品")
    WEATHER = "weather", _("气象")
    OTHER = "other", _("其他")


class Notice(CenterOwned):
    date = models.DateField(_("发布日期"))
    category = models.CharField(_("类别"), max_length=20, choices=NoticeCategory.choices)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("便民信息")
        verbose_name_plural = _("便民信息")
        ordering = ["center", "-date"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.valid_until and self.date and self.valid_until < self.date:
            raise ValidationError({"valid_until": _("有效期不能早于发布日期。")})
