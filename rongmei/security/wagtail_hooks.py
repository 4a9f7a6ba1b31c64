"""The password and two-factor pages (under the account menu), the security
administrator's pages of locked accounts and of two-factor resets (under 系统管理), and
the break-glass warning on every center's dashboard."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from rongmei.core.areas import area_hook
from rongmei.core.dashboard import TodoItem
from rongmei.core.middleware import current_center
from rongmei.core.roles import SEPARATED_ADMIN_ROLES

from . import selectors, views
from .services import RESET_TWO_FACTOR_PERM, UNLOCK_PERM


@hooks.register("register_admin_urls")
def register_security_urls():
    return [
        path("security/lockouts/", views.lockouts, name="security_lockouts"),
        path("security/password/", views.password_change, name="security_password_change"),
        path("security/two-factor/", views.two_factor, name="security_two_factor"),
        path(
            "security/two-factor/verify/",
            views.two_factor_verify,
            name="security_two_factor_verify",
        ),
        path(
            "security/two-factor/resets/",
            views.two_factor_resets,
            name="security_two_factor_resets",
        ),
    ]


class PermMenuItem(MenuItem):
    def __init__(self, *args, perm: str, **kwargs):
        self.perm = perm
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        # A role counts in the current center only (rongmei/accounts/backends.py).
        return request.user.has_perm(self.perm)


@hooks.register(area_hook("system"))
def lockouts_menu_item():
    return PermMenuItem(
        _("账号锁定"),
        reverse("security_lockouts"),
        name="security-lockouts",
        icon_name="lock",
        order=40,
        perm=UNLOCK_PERM,
    )


@hooks.register(area_hook("system"))
def two_factor_resets_menu_item():
    return PermMenuItem(
        _("双因素认证管理"),
        reverse("security_two_factor_resets"),
        name="security-two-factor-resets",
        icon_name="key",
        order=41,
        perm=RESET_TWO_FACTOR_PERM,
    )


@hooks.register("register_account_menu_item")
def password_menu_item(request):
    return {
        "url": reverse("security_password_change"),
        "label": _("修改密码"),
        "help_text": _("修改登录密码。"),
    }


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("security_two_factor"),
        "label": _("双因素认证"),
        "help_text": _("设置或停用登录时的动态口令（身份验证器）。"),
    }


# -- break-glass on the dashboard ----------------------------------------------------------


class BreakGlassPanel(Component):
    """A red warning at the top of the dashboard while the current center has a
    break-glass sign-in of the last RONGMEI_BREAK_GLASS_DAYS days (everyone sees it)."""

    name = "rongmei_break_glass"
    order = 1

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        center = current_center(self.request)
        entries = selectors.break_glass_recent(center=center) if center is not None else []
        if not entries:
            return ""
        return render_to_string(
            "security/break_glass_panel.html",
            {"entries": entries, "days": settings.RONGMEI_BREAK_GLASS_DAYS},
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_break_glass_panel(request, panels):
    panels.insert(0, BreakGlassPanel(request))


@hooks.register("rongmei_dashboard_items")
def break_glass_todo_items(request, center, roles):
    """The three administrators each see the center's recent break-glass sign-ins."""
    held = [r for r in roles if r in SEPARATED_ADMIN_ROLES]
    if not held:
        return []
    count = len(selectors.break_glass_recent(center=center))
    if not count:
        return []
    url = reverse("audit:index") + "?q=" + selectors.BREAK_GLASS_VERB
    label = _("近%(d)d天紧急登录") % {"d": settings.RONGMEI_BREAK_GLASS_DAYS}
    return [TodoItem(role, label, count, url) for role in held]
