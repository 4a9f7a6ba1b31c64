"""Staff pages of the kernel: an overview per menu area and the center chooser."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.admin.menu import Menu

from .areas import AREAS_BY_CODE, area_hook
from .middleware import current_center
from .tenancy import user_centers


def area_overview(request, code: str):
    area = AREAS_BY_CODE.get(code)
    if area is None:
        raise Http404
    menu = Menu(register_hook_name=area_hook(code))
    entries = [
        item
        for item in menu.menu_items_for_request(request)
        if item.name != f"area-{code}-overview"
    ]
    return render(
        request,
        "core/area_overview.html",
        {"area": area, "entries": entries, "page_title": area.label, "header_title": area.label},
    )


def center_choose(request):
    return render(
        request,
        "core/center_choose.html",
        {
            "centers": user_centers(request.user),
            "center": current_center(request),
            "page_title": _("切换中心"),
            "header_title": _("切换中心"),
        },
    )
