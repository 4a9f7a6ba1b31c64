"""The upload form of the admin import page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LedgerImportForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("Excel 工作簿（.xlsx，每种台账一个工作表）或 UTF-8 编码的 .csv 文件。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("只校验，不导入"),
        required=False,
        help_text=_("检查每一行并报告将新建、不变和更新的数量，不写入任何数据。"),
    )
