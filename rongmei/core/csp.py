"""Content-Security-Policy: one policy for the public site, a wider one for staff pages.

django-csp (`CONTENT_SECURITY_POLICY`) writes the header. Its policy, the strict one, is
the public site's: scripts, styles and images from this origin only, no inline script.
Paths under `RONGMEI_CSP_STAFF["PREFIXES"]` (Wagtail's admin, where every staff page is
mounted, and the API's documentation) get `RONGMEI_CSP_STAFF["DIRECTIVES"]` instead: inline
styles (Wagtail sets `style` attributes) and `data:`/`blob:` images, but still no inline
script. The few inline scripts Wagtail itself writes (date pickers, inline panels,
choosers) carry the response's nonce: the templates are overridden in
`core/templates/wagtailadmin/`, and the choosers' `render` is wrapped here
(`patch_wagtail_choosers`, called once from `CoreConfig.ready`). docs/security.md lists
the allowances.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .context import current_request


def is_staff_path(path: str) -> bool:
    prefixes = getattr(settings, "RONGMEI_CSP_STAFF", {}).get("PREFIXES", ())
    return path.startswith(tuple(prefixes))


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the staff policy by path."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_staff_path(request.path_info):
            parts.config = default_config(settings.RONGMEI_CSP_STAFF["DIRECTIVES"])
        return parts


def request_nonce(request=None) -> str:
    """The nonce of the response being made (the current request's), or "" outside one.

    Reading it adds it to the response's `script-src`.
    """
    request = request if request is not None else current_request.get()
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    # A lazy object, false until read: compare with None, never test its truth.
    return str(nonce) if nonce is not None else ""


def nonce_attr(request=None) -> SafeString:
    nonce = request_nonce(request)
    return format_html(' nonce="{}"', nonce) if nonce else mark_safe("")


def patch_wagtail_choosers() -> None:
    """Give the `<script>` that Wagtail's choosers append to their HTML the nonce.

    `BaseChooser.render` returns `{widget_html}<script>{js}</script>`, the script last;
    only that last tag is changed.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.render
    if getattr(original, "_rongmei_nonce", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        html = str(original(self, name, value, attrs=attrs, renderer=renderer))
        at = html.rfind("<script>")
        attr = nonce_attr()
        if at < 0 or not attr:
            return mark_safe(html)  # noqa: S308 - Wagtail's own output, unchanged
        return mark_safe(f"{html[:at]}<script{attr}>{html[at + len('<script>') :]}")  # noqa: S308

    render._rongmei_nonce = True  # type: ignore[attr-defined]
    BaseChooser.render = render
