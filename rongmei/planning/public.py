"""The public tip-off form (/tips/): a thin adapter over `tips.tip_submit`."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect
from wagtail.models import Site

from rongmei.core.net import client_ip

from .tips import MAX_IMAGES, MAX_TEXT, tip_submit


class TipForm(forms.Form):
    content = forms.CharField(
        label=_("爆料内容"),
        widget=forms.Textarea(
            attrs={"rows": 7, "placeholder": _("发生了什么？在哪里？什么时间？")}
        ),
        max_length=MAX_TEXT * 2,
        error_messages={
            "required": _("请填写爆料内容。"),
            "max_length": _("内容过长，请控制在5000字以内。"),
        },
    )
    contact = forms.CharField(
        label=_("联系方式"),
        max_length=200,
        help_text=_("手机号或微信号，仅用于记者核实，不会公开。"),
        error_messages={
            "required": _("请留下联系方式，便于记者核实。"),
            "max_length": _("联系方式过长。"),
        },
    )


def _center_of_site(request):
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    center = getattr(home, "center", None)
    if center is None:
        raise Http404
    return home, center


@csrf_protect
def tip_form(request):
    home, center = _center_of_site(request)
    errors: list[str] = []
    done = False
    if request.method == "POST":
        form = TipForm(request.POST)
        if form.is_valid():
            images = request.FILES.getlist("images")
            video = request.FILES.get("video")
            try:
                tip_submit(
                    center=center,
                    content=form.cleaned_data["content"],
                    contact=form.cleaned_data["contact"],
                    images=images,
                    video=video,
                    address=client_ip(request) or "",
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                done = True
                form = TipForm()
        else:
            errors = [str(e) for field in form.errors.values() for e in field]
    else:
        form = TipForm()
    return render(
        request,
        "planning/tip_form.html",
        {
            "page": home,
            "form": form,
            "errors": errors,
            "done": done,
            "max_images": MAX_IMAGES,
        },
        status=400 if errors else 200,
    )
