"""Per request: remember the request for the audit log; the current center on demand."""

from .audit import audit_refusals_flush
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
        response = None
        try:
            response = self.get_response(request)
            return response
        finally:
            # Refusals seen inside the view's (rolled back) transactions, and 403s.
            center = None
            if response is not None and response.status_code == 403:
                center = current_center(request)
            audit_refusals_flush(request, response, center)
            current_request.reset(token)


# -- request body cap (hostile input, docs/security.md) ---------------------------------

DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024


def request_byte_limit(path: str) -> int:
    """The largest body accepted at `path`: `RONGMEI_MAX_REQUEST_BYTES`, or the cap of
    the longest prefix in `RONGMEI_UPLOAD_REQUEST_BYTES` (the pages that take videos)."""
    from django.conf import settings

    limit = int(getattr(settings, "RONGMEI_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))
    prefixes = getattr(settings, "RONGMEI_UPLOAD_REQUEST_BYTES", {}) or {}
    best = ""
    for prefix, size in prefixes.items():
        if path.startswith(prefix) and len(prefix) > len(best):
            best, limit = prefix, int(size)
    return limit


def _too_large(request, size: int | None, limit: int):
    from django.http import HttpResponse, JsonResponse
    from django.utils.translation import gettext as _

    if size is None:
        message = _("提交的内容过大，超过 %(limit)s 的上限，请压缩或分批上传。") % {
            "limit": f"{limit / 1024 / 1024:.0f} MB"
        }
    else:
        message = _("提交的内容过大（%(size)s），超过 %(limit)s 的上限，请压缩或分批上传。") % {
            "size": f"{size / 1024 / 1024:.1f} MB",
            "limit": f"{limit / 1024 / 1024:.0f} MB",
        }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """Refuse a request body over the cap with 413, before anything reads it.

    By its declared Content-Length; a body sent without one (chunked) is read here up to
    the cap and refused as soon as it passes it, then handed on with its length. Django's
    own `DATA_UPLOAD_MAX_MEMORY_SIZE` still bounds the form fields within the cap.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_byte_limit(request.path)
        declared = request.META.get("CONTENT_LENGTH")
        if declared:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                from django.http import HttpResponseBadRequest

                return HttpResponseBadRequest()
            if size > limit:
                return _too_large(request, size, limit)
        elif "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            refused = self._read_chunked(request, limit)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _read_chunked(self, request, limit: int):
        import tempfile

        from django.conf import settings
        from django.core.handlers.wsgi import LimitedStream

        source = request.META.get("wsgi.input")
        if source is None:
            return None
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - handed on to the request
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        )
        size = 0
        while True:
            chunk = source.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                spool.close()
                return _too_large(request, None, limit)
            spool.write(chunk)
        spool.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        request._stream = LimitedStream(spool, size)
        request._rongmei_body_spool = spool  # closed with the request
        return None
