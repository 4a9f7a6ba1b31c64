"""Staff pages of distribution: the publish-job board, one job with its attempts, and a
channel's credentials. Thin adapters over `publishing`, `credentials` and `selectors`;
registered in the Wagtail admin by `wagtail_hooks.py`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rongmei.core.middleware import current_center
from rongmei.core.tenancy import get_record_or_404

from . import credentials, publishing, selectors
from .clients import connector_for
from .forms import CredentialsForm, JobFilterForm, ManualConfirmForm
from .models import Channel, JobState


def _center(request):
    center = current_center(request)
    if center is None:
        raise Http404
    return center


def _require(user, center_id: int) -> None:
    if not publishing.may_operate(user, center_id):
        raise PermissionDenied


def _messages_of(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(reverse("distribution_jobs"))


def board(request):
    center = _center(request)
    _require(request.user, center.pk)
    channels = list(Channel.objects.filter(center=center).order_by("platform", "name"))
    form = JobFilterForm(request.GET or None, channels=channels)
    channel_id = state = None
    if form.is_valid():
        channel_id = form.cleaned_data.get("channel")
        state = form.cleaned_data.get("state") or None
    data = selectors.job_board(center=center, channel_id=channel_id, state=state)
    for row in data["channels"]:
        connector = connector_for(row["channel"])
        if connector.manual:
            row["mode"] = "manual"
        elif not getattr(type(connector), "needs_credentials", True):
            row["mode"] = "builtin"
        else:
            row["mode"] = "api"
    stale_before = timezone.now() - publishing.LEASE
    for job in data["jobs"]:
        job.is_stale = job.state == JobState.IN_PROGRESS and job.updated_at <= stale_before
        job.may_retry = (
            job.state in (JobState.FAILED, JobState.RETRYING)
            or job.is_stale
            or (job.state == JobState.MANUAL and bool(job.last_error))
        )
        job.may_cancel = job.state in publishing.OPEN_STATES
        job.may_confirm = job.state in (
            JobState.MANUAL,
            JobState.PENDING,
            JobState.RETRYING,
            JobState.FAILED,
        )
    return TemplateResponse(
        request,
        "distribution/board.html",
        {
            "page_title": _("发布任务"),
            "header_title": _("发布任务"),
            "header_icon": "upload",
            "center": center,
            "filter_form": form,
            "states": JobState.choices,
            "full_path": request.get_full_path(),
            **data,
        },
    )


def job_detail(request, pk: int):
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    _require(request.user, job.center_id)
    form = ManualConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.job_confirm_manual(
                job=job,
                by=request.user,
                url=form.cleaned_data["url"],
                published_at=form.cleaned_data["published_at"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已登记人工发布。"))
            return redirect(reverse("distribution_jobs"))
    return TemplateResponse(
        request,
        "distribution/job.html",
        {
            "page_title": _("发布任务"),
            "header_title": str(job.version),
            "header_icon": "upload",
            "job": job,
            "attempts": list(job.attempts_log.order_by("-started_at", "-pk")),
            "form": form,
            "may_confirm": job.state not in (JobState.PUBLISHED, JobState.CANCELLED),
            "needs_url": job.action == "publish"
            and job.channel.platform not in publishing.NO_URL_PLATFORMS,
        },
    )


@require_POST
def job_retry(request, pk: int):
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    try:
        publishing.job_retry(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
    else:
        messages.success(request, _("已重新提交发布。"))
    return _back(request)


@require_POST
def job_cancel(request, pk: int):
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    try:
        publishing.job_cancel(job=job, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
    else:
        messages.success(request, _("已取消发布任务。"))
    return _back(request)


def channel_credentials(request, pk: int):
    channel = get_record_or_404(Channel.objects.all(), request.user, pk=pk)
    _require(request.user, channel.center_id)
    form = CredentialsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["clear"]:
                credentials.credentials_clear(channel=channel, by=request.user)
                messages.success(request, _("已清除渠道凭据。"))
            else:
                credentials.credentials_set(
                    channel=channel,
                    data={
                        "appid": form.cleaned_data["appid"],
                        "secret": form.cleaned_data["secret"],
                    },
                    by=request.user,
                )
                messages.success(request, _("已保存渠道凭据。"))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect(reverse("distribution_channel_credentials", args=[channel.pk]))
    return TemplateResponse(
        request,
        "distribution/credentials.html",
        {
            "page_title": _("渠道凭据"),
            "header_title": _("渠道凭据：%(name)s") % {"name": channel.name},
            "header_icon": "key",
            "channel": channel,
            "form": form,
            "token_valid": bool(
                channel.token_expires_at and channel.token_expires_at > timezone.now()
            ),
        },
    )
