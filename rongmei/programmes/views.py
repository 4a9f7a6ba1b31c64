"""Staff pages of episodes' rundowns (串联单): the list of episodes, one episode's rundown
with its add / edit / reorder / lock actions, and its CSV and prompter PDF exports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rongmei.core.audit import audit_record
from rongmei.core.middleware import current_center
from rongmei.core.models import AuditAction

from . import selectors, services
from .exports import duration_text, prompter_pdf, rundown_csv
from .forms import RundownAddForm, RundownItemForm
from .models import RundownStatus

VIEW_PERM = "programmes.view_episode"
CHANGE_PERM = "programmes.change_episode"


def _errors(request, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        text = " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    else:
        text = " ".join(getattr(exc, "messages", None) or [str(exc)])
    messages.error(request, text)


def _episode(request, pk: int, perm: str = VIEW_PERM):
    episode = selectors.episode_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return episode


def _back(episode) -> HttpResponse:
    return redirect(reverse("programmes_rundown", args=[episode.pk]))


def rundown_index(request):
    """Episodes around today with the size and length of their rundowns."""
    if not request.user.has_perm(VIEW_PERM):
        raise PermissionDenied
    center = current_center(request)
    if center is None:
        raise Http404
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = today
    start, end = day - dt.timedelta(days=30), day + dt.timedelta(days=14)
    episodes = selectors.episodes_for_rundown(center=center, start=start, end=end)
    for e in episodes:
        e.total_text = duration_text(e.seconds or 0)
    return TemplateResponse(
        request,
        "programmes/rundown_index.html",
        {
            "page_title": _("节目编排"),
            "header_title": _("节目编排"),
            "header_icon": "list-ol",
            "episodes": episodes,
            "start": start,
            "end": end,
            "day": day,
        },
    )


def rundown(request, pk: int):
    episode = _episode(request, pk)
    items = selectors.rundown_items(episode=episode)
    for item in items:
        item.duration_text = duration_text(item.duration_seconds)
    total = selectors.rundown_total_seconds(items)
    can_change = request.user.has_perm(CHANGE_PERM)
    editable = can_change and episode.rundown_status != RundownStatus.LOCKED
    add_form = None
    if editable:
        versions = selectors.rundown_versions_available(center=episode.center)
        add_form = RundownAddForm(versions=versions)
    return TemplateResponse(
        request,
        "programmes/rundown.html",
        {
            "page_title": str(episode),
            "header_title": _("串联单"),
            "header_icon": "list-ol",
            "episode": episode,
            "items": items,
            "total_seconds": total,
            "total_text": duration_text(total),
            "counted": episode.items,
            "can_change": can_change,
            "editable": editable,
            "add_form": add_form,
            "locked": episode.rundown_status == RundownStatus.LOCKED,
            "has_rundown": episode.rundown_status != RundownStatus.NONE,
        },
    )


@require_POST
def rundown_add(request, pk: int):
    episode = _episode(request, pk, CHANGE_PERM)
    versions = selectors.rundown_versions_available(center=episode.center)
    form = RundownAddForm(request.POST, versions=versions)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(episode)
    data = form.cleaned_data
    try:
        item = services.rundown_item_add(
            episode=episode,
            by=request.user,
            version=data["version"],
            title=data["title"],
            kind=data["kind"],
            duration_seconds=data["duration_seconds"] or 0,
            presenter_notes=data["presenter_notes"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已加入串联单：%(title)s") % {"title": item.title})
    return _back(episode)


def rundown_item_edit(request, pk: int, item_pk: int):
    episode = _episode(request, pk, CHANGE_PERM)
    item = selectors.rundown_item_get_for_user(user=request.user, episode=episode, pk=item_pk)
    if request.method == "POST":
        form = RundownItemForm(request.POST)
        if form.is_valid():
            try:
                services.rundown_item_update(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("条目已保存。"))
                return _back(episode)
    else:
        form = RundownItemForm(
            initial={
                "title": item.title,
                "kind": item.kind,
                "duration_seconds": duration_text(item.duration_seconds),
                "presenter_notes": item.presenter_notes,
                "script": item.script,
            }
        )
    return TemplateResponse(
        request,
        "programmes/rundown_item.html",
        {
            "page_title": item.title,
            "header_title": _("编辑串联单条目"),
            "header_icon": "list-ol",
            "episode": episode,
            "item": item,
            "form": form,
        },
    )


@require_POST
def rundown_item_move(request, pk: int, item_pk: int, direction: str):
    episode = _episode(request, pk, CHANGE_PERM)
    item = selectors.rundown_item_get_for_user(user=request.user, episode=episode, pk=item_pk)
    try:
        services.rundown_item_move(item=item, by=request.user, direction=direction)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(reverse("programmes_rundown", args=[episode.pk]) + f"#item-{item.pk}")


@require_POST
def rundown_item_remove(request, pk: int, item_pk: int):
    episode = _episode(request, pk, CHANGE_PERM)
    item = selectors.rundown_item_get_for_user(user=request.user, episode=episode, pk=item_pk)
    try:
        services.rundown_item_remove(item=item, by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已从串联单移除：%(title)s") % {"title": item.title})
    return _back(episode)


@require_POST
def rundown_lock(request, pk: int):
    episode = _episode(request, pk, CHANGE_PERM)
    locked = request.POST.get("locked") == "1"
    try:
        services.rundown_lock(episode=episode, by=request.user, locked=locked)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("串联单已锁定。") if locked else _("串联单已解除锁定。"))
    return _back(episode)


def _export(request, episode, fmt: str, rows: int) -> None:
    audit_record(
        action=AuditAction.EXPORT,
        by=request.user,
        obj=episode,
        verb=_("导出串联单（%(fmt)s）") % {"fmt": fmt},
        changes={"format": fmt, "rows": rows},
    )


def _filename(episode, ext: str) -> str:
    from urllib.parse import quote

    name = f"{episode.programme.name}-{episode.date:%Y%m%d}-串联单.{ext}"
    return (
        f"attachment; filename=rundown-{episode.date:%Y%m%d}.{ext}; filename*=UTF-8''{quote(name)}"
    )


def rundown_export_csv(request, pk: int):
    episode = _episode(request, pk)
    items = selectors.rundown_items(episode=episode)
    _export(request, episode, "CSV", len(items))
    response = HttpResponse(
        rundown_csv(episode=episode, items=items), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(episode, "csv")
    return response


def rundown_export_pdf(request, pk: int):
    episode = _episode(request, pk)
    items = selectors.rundown_items(episode=episode)
    _export(request, episode, "PDF", len(items))
    response = HttpResponse(
        prompter_pdf(episode=episode, items=items), content_type="application/pdf"
    )
    response["Content-Disposition"] = _filename(episode, "pdf").replace("attachment", "inline", 1)
    return response
