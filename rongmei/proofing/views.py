"""Staff pages in the admin: 在线校对 (paste a text, see findings in place) and import/export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rongmei.core.middleware import current_center

from . import services, transfer
from .highlight import segments
from .models import Severity
from .selectors import lexicon_editable_list, lexicon_get_for_user

MAX_CHECK_CHARS = 200_000


class CheckForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("待校对文本"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MAX_CHECK_CHARS,
        strip=False,
    )


class AcceptForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_CHECK_CHARS, strip=False)
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rule_key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = forms.CharField(label=gettext_lazy("保留理由"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（.txt 或 .xlsx）"))
    replace = forms.BooleanField(
        label=gettext_lazy("替换词库现有内容（不勾选则追加）"), required=False
    )


def check_view(request):
    center = current_center(request)
    if center is None:
        raise Http404
    result = None
    form = CheckForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "accept":
        accept = AcceptForm(request.POST)
        form = CheckForm({"text": request.POST.get("text", "")})
        if accept.is_valid():
            try:
                services.finding_accept(center=center, by=request.user, **accept.cleaned_data)
                messages.success(request, _("已记录保留理由。"))
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.error(request, _("请填写保留理由。"))
    if request.method == "POST" and form.is_valid():
        result = services.proofread(center=center, text=form.cleaned_data["text"])
    rows = []
    if result is not None:
        for n, finding in enumerate(result.findings, start=1):
            rows.append(
                {
                    "n": n,
                    "finding": finding,
                    "span": finding.span,
                    "rule": finding.span.rule,
                    "severity_label": Severity(finding.span.rule.severity).label,
                }
            )
    return TemplateResponse(
        request,
        "proofing/check.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "segments": segments(result.text, result.findings) if result else [],
            "center": center,
        },
    )


def transfer_view(request):
    lexicons = lexicon_editable_list(user=request.user)
    report = None
    if request.method == "POST":
        try:
            pk = int(request.POST.get("lexicon", ""))
        except ValueError as exc:
            raise Http404 from exc
        lexicon = lexicons.filter(pk=pk).first()
        if lexicon is None:
            raise Http404
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > transfer.MAX_IMPORT_BYTES:
                    # Refused before reading: the whole file never sits in memory.
                    report = services.ImportReport(
                        ok=False, errors=[transfer.too_large(upload.size)]
                    )
                else:
                    report = services.lexicon_import(
                        lexicon=lexicon,
                        filename=upload.name,
                        data=upload.read(),
                        by=request.user,
                        replace=form.cleaned_data["replace"],
                    )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                if report.ok:
                    messages.success(
                        request,
                        _("已导入 %(n)d 条，词库“%(name)s”现为第 %(v)d 版。")
                        % {"n": report.created, "name": lexicon.name, "v": report.version.number},
                    )
                    return redirect("proofing_transfer")
                report.lexicon = lexicon
    return TemplateResponse(
        request,
        "proofing/transfer.html",
        {"lexicons": lexicons, "form": ImportForm(), "report": report},
    )


def export_view(request, pk: int, fmt: str):
    lexicon = lexicon_get_for_user(user=request.user, pk=pk)
    if lexicon is None or fmt not in ("txt", "xlsx"):
        raise Http404
    filename, ctype, data = services.lexicon_export(lexicon=lexicon, fmt=fmt, by=request.user)
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
