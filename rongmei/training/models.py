"""Training (人才培训): courses, skill contests, exchanges."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class TrainingKind(models.TextChoices):
    COURSE = "course", _("培训")
    CONTEST = "contest", _("技能比武")
    EXCHANGE = "exchange", _("交流")


class TrainingEvent(CenterOwned):
    date = models.DateField(_("日期"))
    title = models.CharField(_("名称"), max_length=300)
    kind = models.CharField(
        _("类型"), max_length=20, choices=TrainingKind.choices, default=TrainingKind.COURSE
    )
    attendees = models.PositiveIntegerField(_("人次"), default=0)
    hours = models.DecimalField(_("学时"), max_digits=8, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["center", "-date"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.hours is not None and self.hours < 0:
            raise ValidationError({"hours": _("学时不能为负数。")})
