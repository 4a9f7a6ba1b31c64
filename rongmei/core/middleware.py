"""Per request: remember the request for the audit log; the current center on demand."""

from .context import current_request
from .models import Center
from .tenancy import record_center_ids

SESSION_KEY = "rongmei_center_id"
_CACHE = "_rongmei_current_center"


def current_center(request) -> Center | None:
    """The center the user works in now: chosen in the switcher, else their first."""
    if hasattr(request, _CACHE):
        return getattr(request, _CACHE)
    ids = record_center_ids(getattr(request, "user", None))
    center = None
    if ids:
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        if chosen not in ids:
            chosen = min(ids)
        center = Center.objects.filter(pk=chosen).first()
    setattr(request, _CACHE, center)
    return center


class CurrentCenterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
