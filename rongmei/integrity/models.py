"""Integrity records (党风廉政): letters signed, talks held, inspections, problems."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.fields import EncryptedTextField
from rongmei.core.models import CenterOwned


class IntegrityKind(models.TextChoices):
    RESPONSIBILITY_LETTER = "responsibility_letter", _("责任书")
    COMMITMENT_LETTER = "commitment_letter", _("承诺书")
    INTEGRITY_TALK = "integrity_talk", _("廉政谈话")
    INSPECTION = "inspection", _("监督检查")
    PROBLEM = "problem", _("问题整改")


class IntegrityRecord(CenterOwned):
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=30, choices=IntegrityKind.choices)
    count = models.PositiveIntegerField(_("份数/次数"), default=1)
    subject = models.CharField(_("对象/事项"), max_length=300, blank=True)
    # What was said in a talk, found in an inspection, who is concerned: restricted
    # (受限) — encrypted at rest, shown only to holders of `integrity.view_restricted_details`
    # (the integrity officer), every full read audited.
    details = EncryptedTextField(
        _("情况记录（受限）"),
        blank=True,
        mask="text",
        help_text=_("谈话内容、发现的问题、涉及人员等；仅纪检人员可见。"),
    )

    class Meta:
        verbose_name = _("廉政记录")
        verbose_name_plural = _("廉政记录")
        ordering = ["center", "-date"]
        indexes = [models.Index(fields=["center", "date"], name="integrity_record_center_date")]
        permissions = [("view_restricted_details", _("查看廉政记录受限内容"))]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.subject}".strip()

    def clean(self) -> None:
        super().clean()
        if self.count is not None and self.count < 1:
            raise ValidationError({"count": _("份数/次数应大于零。")})
