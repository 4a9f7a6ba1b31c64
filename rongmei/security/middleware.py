"""Session limits and the steps owed after signing in (GB/T 22239-2019 8.1.4.1 b).

`SessionLimitMiddleware` ends a signed-in session that was idle longer than
RONGMEI_SESSION_IDLE_MINUTES, is older than RONGMEI_SESSION_MAX_HOURS, or (with
RONGMEI_SINGLE_SESSION) was replaced by a newer sign-in of the same account: audited as a
sign-out ("会话超时"), then a staff page redirects to the sign-in page with a message.

`SignInStepsMiddleware` holds a signed-in session to the steps it still owes, in order:
the second factor (a code of the account's TOTP device, or setting one up where a role in
the current center requires it: 8.1.4.1 d), then a password change. A step owed keeps
every other page and the API closed until done; its own pages stay open.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rongmei.core.middleware import current_center

from . import selectors, services


def _signed_in(request: HttpRequest) -> bool:
    # The session is read first, so that anonymous requests load no user.
    session = getattr(request, "session", None)
    return session is not None and AUTH_SESSION_KEY in session and request.user.is_authenticated


def _staff_page(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("wagtailadmin_home"))


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def session_end_message(reason: str) -> str:
    if reason == services.REPLACED:
        return _("您的账号已在别处登录，本次会话已结束，请重新登录。")
    if reason == services.LIFETIME:
        return _("登录已超过%(h)d小时，会话已结束，请重新登录。") % {
            "h": settings.RONGMEI_SESSION_MAX_HOURS
        }
    return _("您已%(m)d分钟未操作，会话已超时结束，请重新登录。") % {
        "m": settings.RONGMEI_SESSION_IDLE_MINUTES
    }


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request):
            reason = services.session_end_reason(request)
            if reason is None:
                services.session_touch(request)
            else:
                services.session_end(request=request, reason=reason)
                messages.warning(request, session_end_message(reason))
                if _staff_page(request):
                    return redirect_to_login(
                        request.get_full_path(), login_url=reverse("wagtailadmin_login")
                    )
                # Elsewhere (the public site, the API) the request goes on signed out.
        return self.get_response(request)


class Step:
    """Something a signed-in session must do before it may use anything else."""

    # Whether the redirect to the step's page carries its message (a page that explains
    # itself needs none).
    flash = True

    def pending(self, request: HttpRequest) -> str | None:
        """The message saying what is owed, or None when nothing is."""
        raise NotImplementedError

    def url(self, request: HttpRequest) -> str:
        raise NotImplementedError

    def allows(self, request: HttpRequest) -> bool:
        """Requests that may go on while the step is owed (its own pages)."""
        return False


def _always_open(request: HttpRequest) -> bool:
    """Signing out, the sign-in page, the admin's script catalogue and icon sprite (which
    its pages load), static files and the language switch."""
    if request.path in (
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_javascript_catalog"),
        reverse("wagtailadmin_sprite"),
    ):
        return True
    return request.path.startswith((settings.STATIC_URL, "/i18n/"))


class TwoFactorStep(Step):
    """After a password sign-in: the code of the account's device (or a recovery code)
    on the "输入动态口令" page; without a device, where a role held in the current center
    requires one, setting one up on the "双因素认证" page."""

    flash = False

    def _owed(self, request) -> str | None:
        if not request.session.get(services.OTP_OWED):
            return None
        cache = "_rongmei_otp_owed"
        if not hasattr(request, cache):
            setattr(
                request,
                cache,
                selectors.two_factor_owed(user=request.user, center=current_center(request)),
            )
        return getattr(request, cache)

    def pending(self, request):
        owed = self._owed(request)
        if owed == selectors.VERIFY:
            return _("请输入动态口令，完成登录。")
        if owed == selectors.ENROL:
            return _("您的角色须使用双因素认证登录，请先设置动态口令后再继续使用。")
        return None

    def url(self, request):
        if self._owed(request) == selectors.VERIFY:
            url = reverse("security_two_factor_verify")
            if request.method == "GET" and _staff_page(request):
                url += "?" + urlencode({"next": request.get_full_path()})
            return url
        return reverse("security_two_factor")

    def allows(self, request):
        if self._owed(request) == selectors.VERIFY:
            own = (reverse("security_two_factor_verify"),)
        else:
            own = (reverse("security_two_factor"),)
        return request.path in own or _always_open(request)


class PasswordChangeStep(Step):
    """A first sign-in with an assigned password, an expired or a weak one: the password
    page until changed. (Wagtail 8's own is a panel of the account page,
    `wagtailadmin_account`, which cannot be saved without a name and an e-mail address;
    it stays allowed, and a change made there counts as well.)"""

    def pending(self, request):
        owed = request.session.get(services.PASSWORD_CHANGE)
        if not owed:
            return None
        if owed.get("mark") != services.password_fingerprint(request.user):
            # Changed since the sign-in (the history recorded it).
            del request.session[services.PASSWORD_CHANGE]
            return None
        reason = owed.get("reason")
        if reason == selectors.EXPIRED:
            return _("您的密码已超过%(d)d天未修改，请先修改密码后再继续使用。") % {
                "d": settings.RONGMEI_PASSWORD_MAX_AGE_DAYS
            }
        if reason == selectors.WEAK:
            return _("您的密码不符合现行密码规则，请先修改密码后再继续使用。")
        return _("首次登录须修改由管理员设置的初始密码，请先修改密码后再继续使用。")

    def url(self, request):
        return reverse("security_password_change")

    def allows(self, request):
        allowed = (reverse("security_password_change"), reverse("wagtailadmin_account"))
        return request.path in allowed or _always_open(request)


STEPS: tuple[Step, ...] = (TwoFactorStep(), PasswordChangeStep())


class SignInStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request):
            for step in STEPS:
                message = step.pending(request)
                if message is None:
                    continue
                if step.allows(request):
                    # The first step owed is being done; the later ones wait for it.
                    break
                if _api(request):
                    return JsonResponse({"detail": message}, status=403)
                if step.flash:
                    messages.warning(request, message)
                return redirect(step.url(request))
        return self.get_response(request)
