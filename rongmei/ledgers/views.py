"""The admin import page (统计与总结 › 台账导入): upload, validate, import."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from rongmei.core.middleware import current_center

from .forms import LedgerImportForm
from .permissions import can_import
from .schema import SHEETS
from .services import ledger_import


def ledger_import_view(request):
    center = current_center(request)
    if center is None or not can_import(request.user, center):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = LedgerImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = ledger_import(
                file=upload.file,
                filename=upload.name,
                center=center,
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = LedgerImportForm()
    return render(
        request,
        "ledgers/import.html",
        {
            "form": form,
            "result": result,
            "center": center,
            "sheets": SHEETS,
            "page_title": _("台账导入"),
            "header_title": _("台账导入"),
            "header_icon": "upload",
        },
    )
