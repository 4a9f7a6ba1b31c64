"""Broadcast safety (安全播出): incidents off air, wrong, degraded or filler."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class IncidentKind(models.TextChoices):
    OUTAGE = "outage", _("停播")
    WRONG = "wrong", _("错播")
    DEGRADED = "degraded", _("劣播")
    FILLER = "filler", _("垫播")


class BroadcastIncident(CenterOwned):
    started = models.DateTimeField(_("开始时间"))
    system = models.CharField(_("系统/频率"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=IncidentKind.choices)
    duration_seconds = models.PositiveIntegerField(_("时长（秒）"))
    cause = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("播出事故")
        verbose_name_plural = _("播出事故")
        ordering = ["center", "-started"]

    def __str__(self) -> str:
        return f"{self.started:%Y-%m-%d %H:%M} {self.system} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        if self.duration_seconds is not None and self.duration_seconds < 1:
            raise ValidationError({"duration_seconds": _("时长应大于零。")})
