"""Staff pages of outreach (外宣): the board, submissions with their outcomes, registering an
adoption found without a submission, and the evidence files. Thin adapters over
`services` and `selectors`; registered in the Wagtail admin by `wagtail_hooks.py`."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rongmei.accounts.selectors import has_role
from rongmei.core.audit import audit_record
from rongmei.core.middleware import current_center
from rongmei.core.models import AuditAction
from rongmei.core.tenancy import get_record_or_404

from . import selectors, services
from .evidence import evidence_content_type
from .exports import board_workbook
from .forms import AdoptForm, AdoptionRegisterForm, PeriodForm, SubmissionForm
from .models import Adoption, Outcome, SubmissionTarget

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _center(request):
    center = current_center(request)
    if center is None:
        raise Http404
    return center


def may_register(user, center) -> bool:
    return has_role(user, center, *services.REGISTER_ROLES)


def may_submit(user, center) -> bool:
    return has_role(user, center, *services.REGISTER_ROLES, *services.AUTHOR_ROLES)


def _errors(request, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def board(request):
    center = _center(request)
    if not may_submit(request.user, center):
        raise PermissionDenied
    period = PeriodForm(request.GET or None)
    start, end, chosen = period.bounds()
    data = selectors.outreach_board(center=center, start=start, end=end)
    if request.GET.get("export") == "xlsx":
        content = board_workbook(center=center, start=start, end=end, data=data)
        audit_record(
            action=AuditAction.EXPORT,
            by=request.user,
            center=center,
            verb=_("导出外宣看板"),
            changes={"start": str(start), "end": str(end)},
        )
        name = f"外宣看板-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    query = request.GET.copy()
    query["export"] = "xlsx"
    return TemplateResponse(
        request,
        "outreach/board.html",
        {
            "page_title": _("外宣看板"),
            "header_title": _("外宣看板"),
            "header_icon": "globe",
            "center": center,
            "period_form": period,
            "period": chosen,
            "start": start,
            "end": end,
            "export_query": query.urlencode(),
            "may_register": may_register(request.user, center),
            "has_outlets": bool(selectors.outlet_list(center=center)),
            **data,
        },
    )


def submission_new(request):
    center = _center(request)
    if not may_submit(request.user, center):
        raise PermissionDenied
    own_only = not may_register(request.user, center)
    form = SubmissionForm(request.POST or None, center=center, user=request.user, own_only=own_only)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                by=request.user, center=center, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记报送。"))
            return redirect(reverse("outreach_submission", args=[submission.pk]))
    return TemplateResponse(
        request,
        "outreach/form.html",
        {
            "page_title": _("新建报送"),
            "header_title": _("新建报送"),
            "header_icon": "upload",
            "form": form,
            "submit_label": _("登记报送"),
        },
    )


def submission_detail(request, pk: int):
    submission = selectors.submission_get_for_user(user=request.user, pk=pk)
    registering = may_register(request.user, submission.center)
    forms = {}
    if registering:
        forms = {
            t.pk: AdoptForm(center=submission.center, prefix=f"t{t.pk}")
            for t in submission.targets.all()
            if t.outcome != Outcome.ADOPTED
        }
    targets = [(t, forms.get(t.pk)) for t in submission.targets.all()]
    return TemplateResponse(
        request,
        "outreach/submission.html",
        {
            "page_title": submission.title,
            "header_title": _("外宣报送"),
            "header_icon": "upload",
            "submission": submission,
            "targets": targets,
            "may_register": registering,
        },
    )


def _target(request, pk: int, target_pk: int) -> SubmissionTarget:
    submission = selectors.submission_get_for_user(user=request.user, pk=pk)
    return get_object_or_404(
        SubmissionTarget.objects.select_related("submission", "outlet"),
        pk=target_pk,
        submission=submission,
    )


@require_POST
def target_adopt(request, pk: int, target_pk: int):
    target = _target(request, pk, target_pk)
    form = AdoptForm(
        request.POST, request.FILES, center=target.submission.center, prefix=f"t{target.pk}"
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("credited", None)
        try:
            services.submission_adopt(
                by=request.user, target=target, credits=form.credits(), **data
            )
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("已登记采用：%(outlet)s。") % {"outlet": target.outlet})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("outreach_submission", args=[pk]))


@require_POST
def target_decline(request, pk: int, target_pk: int):
    target = _target(request, pk, target_pk)
    try:
        services.submission_decline(by=request.user, target=target)
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已登记未采用：%(outlet)s。") % {"outlet": target.outlet})
    return redirect(reverse("outreach_submission", args=[pk]))


def adoption_register(request):
    center = _center(request)
    if not may_register(request.user, center):
        raise PermissionDenied
    form = AdoptionRegisterForm(
        request.POST or None, request.FILES or None, center=center, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("credited", None)
        try:
            services.adoption_register(
                by=request.user, center=center, credits=form.credits() or (), **data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已登记采用。"))
            return redirect(reverse("outreach_board"))
    return TemplateResponse(
        request,
        "outreach/form.html",
        {
            "page_title": _("直接登记采用"),
            "header_title": _("直接登记采用"),
            "header_icon": "doc-full",
            "form": form,
            "multipart": True,
            "submit_label": _("登记采用"),
            "intro": _("用于事后发现、没有报送记录的采用（例如在报纸上看到本中心的稿件）。"),
        },
    )


def adoption_evidence(request, pk: int):
    adoption = get_record_or_404(Adoption.objects.all(), request.user, pk=pk)
    if not adoption.evidence:
        raise Http404
    return FileResponse(
        adoption.evidence.open("rb"),
        content_type=evidence_content_type(adoption.evidence.name),
        filename=adoption.evidence.name.rsplit("/", 1)[-1],
    )


@require_POST
def starter_load(request):
    center = _center(request)
    if not may_register(request.user, center):
        raise PermissionDenied
    created = services.outlet_load_starter(center, by=request.user)
    messages.success(request, _("已载入 %(n)d 家中央媒体。") % {"n": len(created)})
    return redirect(reverse("outreach_board"))
