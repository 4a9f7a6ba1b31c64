"""Small HTTP endpoints of the kernel: the center switcher and a health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY
from .tenancy import record_center_ids


@require_POST
@login_required
def center_switch(request):
    """Make another of the user's centers the current one."""
    try:
        center_id = int(request.POST.get("center", ""))
    except ValueError as exc:
        raise Http404 from exc
    if center_id not in record_center_ids(request.user):
        raise Http404
    request.session[SESSION_KEY] = center_id
    target = request.POST.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(target)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})
