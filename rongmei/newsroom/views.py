"""Staff pages of a story beyond Wagtail's editor: the desk (versions, pre-check, review),
channel-version editing and the printable review sheet (审签单)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rongmei.accounts.selectors import has_role
from rongmei.proofing.highlight import segments
from rongmei.proofing.models import Severity
from rongmei.proofing.services import finding_accept, proofread

from . import review, services
from .choices import Stage, VersionKind
from .drafts import version_draft_for
from .forms import OpinionForm, VersionDraftForm, VersionForm
from .models import ChannelVersion, ReviewTask
from .selectors import (
    review_sheet,
    story_get_for_user,
    version_compare,
    version_get_for_user,
    version_revisions,
)
from .stories import CORRECT_ROLES, WITHDRAW_ROLES


class NewVersionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("渠道类型"), choices=VersionKind.choices)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤稿理由"), max_length=300)


class CorrectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("更正理由"), max_length=300, required=False)
    note = forms.CharField(
        label=gettext_lazy("更正说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("向读者说明更正了什么。"),
        required=False,
    )
    is_public = forms.BooleanField(label=gettext_lazy("在网站显示"), required=False, initial=True)


def _errors(request, exc: Exception) -> None:
    messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))


def _current_review(story, user):
    """(task, actions the user may take) at the story's current level, or (None, [])."""
    state = story.current_workflow_state
    if state is None or state.status != "in_progress" or state.current_task_state is None:
        return None, []
    task = state.current_task_state.task.specific
    if not isinstance(task, ReviewTask):
        return task, []
    return task, review.task_actions(task=task, story=story, user=user)


class AcceptFindingForm(forms.Form):
    """Keep one pre-check warning of the master or a channel version, with the reason."""

    source = forms.CharField(max_length=20)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    rule_key = forms.CharField(max_length=300)
    reason = forms.CharField(label=gettext_lazy("保留理由"), max_length=300, required=False)


def _proofs(story) -> list[dict]:
    """Each text the pre-check reads, its findings, and the text cut for highlighting."""
    out = []
    for key, label, text in review.precheck_sources(story):
        result = proofread(center=story.center, text=text)
        rows = [
            {
                "n": n,
                "finding": f,
                "span": f.span,
                "rule": f.span.rule,
                "severity_label": Severity(f.span.rule.severity).label,
            }
            for n, f in enumerate(result.findings, start=1)
        ]
        out.append(
            {
                "key": key,
                "label": label,
                "result": result,
                "rows": rows,
                "segments": segments(result.text, result.findings),
            }
        )
    return out


def story_desk(request, pk: int):
    story = story_get_for_user(user=request.user, pk=pk)
    task, actions = _current_review(story, request.user)
    existing = set(story.versions.values_list("kind", flat=True))
    new_form = NewVersionForm()
    new_form.fields["kind"].choices = [c for c in VersionKind.choices if c[0] not in existing]
    return TemplateResponse(
        request,
        "newsroom/desk.html",
        {
            "page_title": story.title,
            "header_title": _("稿件工作台"),
            "story": story,
            "versions": story.versions.all(),
            "new_version_form": new_form if new_form.fields["kind"].choices else None,
            "proofs": _proofs(story),
            "task": task,
            "actions": actions,
            "opinion_form": OpinionForm(),
            "records": story.review_records.select_related("by"),
            "can_submit": story.stage in (Stage.DRAFT, Stage.NEEDS_CHANGES)
            or (story.stage == Stage.PUBLISHED and story.has_unpublished_changes),
            "can_withdraw": story.stage == Stage.PUBLISHED
            and has_role(request.user, story.center_id, *WITHDRAW_ROLES),
            "withdraw_form": WithdrawForm(),
            "can_correct": story.stage == Stage.PUBLISHED
            and has_role(request.user, story.center_id, *CORRECT_ROLES),
            "correct_form": CorrectForm(prefix="correct"),
            "corrections": story.corrections.select_related("by"),
        },
    )


@require_POST
def story_act(request, pk: int, action: str):
    story = story_get_for_user(user=request.user, pk=pk)
    try:
        if action == "submit":
            services.story_submit(story=story, by=request.user)
            messages.success(request, _("已送审。"))
        elif action == "version":
            form = NewVersionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择渠道类型。"))
            version = services.version_create(
                story=story, kind=form.cleaned_data["kind"], by=request.user
            )
            messages.success(request, _("已生成渠道版本，可单独修改。"))
            return redirect(reverse("newsroom_version_edit", args=[version.pk]))
        elif action in ("approve", "reject", "veto"):
            services.review_decide(
                story=story, by=request.user, action=action, opinion=request.POST.get("comment", "")
            )
            messages.success(request, _("审核意见已提交。"))
        elif action == "withdraw":
            services.story_withdraw(
                story=story, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已撤稿。"))
        elif action == "accept":
            _accept_finding(request, story)
            messages.success(request, _("已记录保留理由。"))
        elif action == "correct":
            form = CorrectForm(request.POST, prefix="correct")
            if not form.is_valid():
                raise ValidationError([e for errs in form.errors.values() for e in errs])
            data = form.cleaned_data
            services.story_correct(
                story=story,
                by=request.user,
                reason=data.get("reason") or "",
                note=data.get("note") or "",
                is_public=bool(data.get("is_public")),
            )
            messages.success(request, _("更正已发布。"))
        else:
            raise ValidationError(_("未知的操作。"))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(reverse("newsroom_story_desk", args=[pk]))


def _accept_finding(request, story) -> None:
    """The reviewer at the current level keeps a warning on purpose (proofing records it)."""
    _task, actions = _current_review(story, request.user)
    if not actions:
        raise PermissionDenied(_("只有当前环节的审核人可以保留校对提示。"))
    form = AcceptFindingForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("该提示已不存在，请刷新后重试。"))
    data = form.cleaned_data
    texts = {key: text for key, _label, text in review.precheck_sources(story)}
    if data["source"] not in texts:
        raise ValidationError(_("该提示已不存在，请刷新后重试。"))
    finding_accept(
        center=story.center,
        text=texts[data["source"]],
        start=data["start"],
        end=data["end"],
        rule_key=data["rule_key"],
        reason=data["reason"] or "",
        by=request.user,
    )


def version_history(request, pk: int):
    """The version's revisions; with `a` and `b`, what changed between those two."""
    version = version_get_for_user(user=request.user, pk=pk)
    revisions = version_revisions(version=version)
    comparison = None
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a and b:
        try:
            first, second = sorted((int(a), int(b)))
            comparison = version_compare(version=version, a=first, b=second)
        except (ValueError, ChannelVersion.DoesNotExist):
            messages.error(request, _("请选择本版本的两个历史版本进行比较。"))
    elif len(revisions) >= 2:
        a, b = str(revisions[1].pk), str(revisions[0].pk)
        comparison = version_compare(version=version, a=revisions[1].pk, b=revisions[0].pk)
    return TemplateResponse(
        request,
        "newsroom/version_history.html",
        {
            "version": version,
            "revisions": revisions,
            "comparison": comparison,
            "a": str(a),
            "b": str(b),
            "page_title": _("版本历史"),
            "header_title": _("版本历史：%(title)s") % {"title": version.title},
            "header_icon": "history",
        },
    )


def version_edit(request, pk: int):
    version = version_get_for_user(user=request.user, pk=pk)
    draft = None
    status = 200
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            status = 400
        else:
            try:
                services.version_update(version=version, by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                _errors(request, exc)
            else:
                messages.success(request, _("渠道版本已保存。"))
                return redirect(reverse("newsroom_story_desk", args=[version.story_id]))
    else:
        # What the user typed last time and never saved comes back instead of the version.
        draft = version_draft_for(version=version, user=request.user)
        text = draft or version
        form = VersionForm(
            initial={
                "title": text.title,
                "body": text.body,
                "caption": text.caption,
                "scheduled_at": version.scheduled_at,
            }
        )
    if version.kind != VersionKind.SHORT_VIDEO:
        form.fields["caption"].widget = forms.HiddenInput()
    return TemplateResponse(
        request,
        "newsroom/version_edit.html",
        {
            "page_title": str(version),
            "header_title": _("编辑渠道版本"),
            "version": version,
            "form": form,
            "draft": draft,
        },
        status=status,
    )


@require_POST
def version_autosave(request, pk: int):
    """Keep the edit form's text as the user's draft; answers with the status to show."""
    version = version_get_for_user(user=request.user, pk=pk)
    form = VersionDraftForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    context: dict = {"draft": None, "error": ""}
    if "body" in form.errors:
        context["error"] = " ".join(form.errors["body"])
        return TemplateResponse(request, "newsroom/_autosave_status.html", context, status=400)
    try:
        context["draft"] = services.version_autosave(
            version=version,
            by=request.user,
            title=data.get("title") or "",
            body=data.get("body") or "",
            caption=data.get("caption") or "",
        )
    except (ValidationError, PermissionDenied) as exc:
        context["error"] = " ".join(getattr(exc, "messages", None) or [str(exc)])
    return TemplateResponse(request, "newsroom/_autosave_status.html", context)


@require_POST
def version_draft_discard(request, pk: int):
    version = version_get_for_user(user=request.user, pk=pk)
    try:
        if services.version_draft_discard(version=version, by=request.user):
            messages.success(request, _("已放弃自动保存的草稿。"))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect(reverse("newsroom_version_edit", args=[version.pk]))


def story_sheet(request, pk: int):
    story = story_get_for_user(user=request.user, pk=pk)
    return TemplateResponse(request, "newsroom/sheet.html", review_sheet(story=story))


def story_sheet_pdf(request, pk: int):
    from urllib.parse import quote

    from .sheet_pdf import review_sheet_pdf

    story = story_get_for_user(user=request.user, pk=pk)
    response = HttpResponse(
        review_sheet_pdf(review_sheet(story=story)), content_type="application/pdf"
    )
    filename = _("审签单-%(pk)d.pdf") % {"pk": story.pk}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
