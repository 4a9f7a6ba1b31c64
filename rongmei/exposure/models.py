"""The exposure board (曝光台): reports from the public, their exposure and rectification."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.fields import EncryptedTextField
from rongmei.core.models import CenterOwned


class ExposureStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    PUBLISHED = "published", _("已曝光")
    RECTIFIED = "rectified", _("已整改")
    REJECTED = "rejected", _("不予受理")


class ExposureCase(CenterOwned):
    date = models.DateField(_("受理日期"))
    title = models.CharField(_("标题"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=20, choices=ExposureStatus.choices, default=ExposureStatus.RECEIVED
    )
    rectified_date = models.DateField(_("整改日期"), null=True, blank=True)
    description = models.TextField(_("情况描述"), blank=True)
    # Who reported it: encrypted at rest, in full only to holders of
    # `exposure.view_complainant_contact` (masked to everyone else, core.masking).
    complainant_name = EncryptedTextField(_("举报人"), max_length=50, blank=True, mask="name")
    complainant_contact = EncryptedTextField(_("举报人联系方式"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("曝光台")
        verbose_name_plural = _("曝光台")
        ordering = ["center", "-date"]
        permissions = [("view_complainant_contact", _("查看举报人联系方式"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.rectified_date and self.date and self.rectified_date < self.date:
            raise ValidationError({"rectified_date": _("整改日期不能早于受理日期。")})
