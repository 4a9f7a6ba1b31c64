"""Reporting's own records: the Word template a center writes its work summary with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned
from rongmei.core.storage import private_storage


class SummaryTemplate(CenterOwned):
    """A center's own docxtpl template of the work summary (工作总结).

    At most one per center is active; without one the project's template is used.
    Earlier uploads stay (inactive) so that a reset or a new upload loses nothing.
    """

    file = models.FileField(
        _("模板文件"), upload_to="summary-templates/%Y/", storage=private_storage
    )
    filename = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveIntegerField(_("文件大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("正在使用"), default=True)

    class Meta:
        verbose_name = _("工作总结模板")
        verbose_name_plural = _("工作总结模板")
        ordering = ["center", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center"],
                condition=models.Q(is_active=True),
                name="reporting_summary_template_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.filename
