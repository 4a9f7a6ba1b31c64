"""The password page, the lockout page (django-axes' AXES_LOCKOUT_CALLABLE), the
security administrator's list of locked accounts, and the pages of the second factor
(setting it up, the code step of a sign-in, the security administrator's reset)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.views.account import get_user_login_form, password_reset_enabled

from rongmei.core.middleware import current_center
from rongmei.core.net import client_ip
from rongmei.core.records import require_perm

from . import selectors, services
from .forms import CodeForm


def lockout_message(lock: selectors.Lockout | None) -> str:
    minutes = settings.RONGMEI_LOCKOUT_MINUTES
    if lock is None:
        return _("登录失败次数过多，已被锁定%(m)d分钟，请稍后再试。") % {"m": minutes}
    until = date_format(timezone.localtime(lock.until), "H:i")
    if lock.username:
        text = _(
            "登录失败次数过多，该账号已被锁定%(m)d分钟（至%(until)s），请届时再试；"
            "如需提前解锁，请联系本中心安全管理员。"
        )
    else:
        text = _(
            "本地址登录失败次数过多，已被锁定%(m)d分钟（至%(until)s），请届时再试；"
            "如需帮助，请联系本中心安全管理员。"
        )
    return text % {"m": minutes, "until": until}


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, saying that and for how long sign-in is locked."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    lock = selectors.lockout_get(username=username, ip_address=client_ip(request))
    context = {
        "form": get_user_login_form()(request),
        "lockout_message": lockout_message(lock),
        "show_password_reset": password_reset_enabled(),
        "next": request.POST.get("next", ""),
    }
    return render(
        request, "security/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


def _center_with(request, perm: str):
    """The current center, where the user holds `perm`."""
    center = current_center(request)
    if center is None:
        raise PermissionDenied
    require_perm(request.user, center, perm)
    return center


def _account_action(request, center, service, *, done: str, back: str):
    """Run `service(by, username, center)` for the account named in the POST."""
    username = request.POST.get("username", "")
    try:
        service(by=request.user, username=username, center=center)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done % {"u": username})
    return redirect(back)


@require_http_methods(["GET", "POST"])
def lockouts(request):
    """The center's locked accounts, each with a button that unlocks it (POST)."""
    center = _center_with(request, services.UNLOCK_PERM)
    if request.method == "POST":
        return _account_action(
            request,
            center,
            services.unlock_account,
            done=_("已解除账号“%(u)s”的登录锁定。"),
            back="security_lockouts",
        )
    return render(
        request,
        "security/lockouts.html",
        {
            "lockouts": selectors.lockout_list_for_center(center=center),
            "center": center,
            "minutes": settings.RONGMEI_LOCKOUT_MINUTES,
            "failures": settings.RONGMEI_LOCKOUT_FAILURES,
            "page_title": _("账号锁定"),
            "header_title": _("账号锁定"),
        },
    )


@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change one's own password: the old one, the new one twice, today's rules."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.password_change(
            by=request.user, new_password=form.cleaned_data["new_password1"]
        )
        # The session stays signed in with the new password.
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("wagtailadmin_home")
    return render(
        request,
        "security/password_change.html",
        {
            "form": form,
            "rules": password_validators_help_texts(),
            "page_title": _("修改密码"),
            "header_title": _("修改密码"),
        },
    )


# -- two-factor sign-in -------------------------------------------------------------------

SIGNIN_LAYOUT = "security/signin_step.html"  # during sign-in: the sign-in page's frame
STAFF_LAYOUT = "wagtailadmin/generic/base.html"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn here (no script, no CDN)."""
    qr = segno.make(uri, error="m")
    return qr.svg_inline(scale=4, border=2, title=_("双因素认证二维码"))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """双因素认证: set up a TOTP device (QR code and secret, then a code to confirm, then
    the recovery codes, once), or remove one (with a current code). During a sign-in that
    must set one up, the only page open (SignInStepsMiddleware)."""
    in_signin = bool(request.session.get(services.OTP_OWED))
    context = {
        "layout": SIGNIN_LAYOUT if in_signin else STAFF_LAYOUT,
        "in_signin": in_signin,
        "page_title": _("双因素认证"),
        "header_title": _("双因素认证"),
        "next": _next_url(request),
    }
    user = request.user
    device = selectors.totp_device(user=user, confirmed=None)
    enrolled = device is not None and device.confirmed
    action = request.POST.get("action") if request.method == "POST" else None
    if enrolled:
        form = CodeForm(request.POST if action == "remove" else None, recovery=True)
        if action == "remove" and form.is_valid():
            result = services.totp_remove(request=request, token=form.cleaned_data["code"])
            if result.ok:
                messages.success(request, _("已停用双因素认证。"))
                return redirect("security_two_factor")
            form.add_error("code", result.error)
        context.update(
            enrolled=True,
            device=device,
            form=form,
            codes_left=selectors.recovery_codes_left(user=user),
            required=selectors.two_factor_required(user=user, center=current_center(request)),
        )
        return render(request, "security/two_factor.html", context)
    try:
        device = services.totp_setup_start(by=user)
    except ValidationError as exc:  # confirmed meanwhile
        messages.error(request, "；".join(exc.messages))
        return redirect("security_two_factor")
    form = CodeForm(request.POST if action == "confirm" else None)
    if action == "confirm" and form.is_valid():
        result = services.totp_setup_confirm(request=request, token=form.cleaned_data["code"])
        if result.ok:
            context.update(codes=result.codes)
            return render(request, "security/two_factor_codes.html", context)
        form.add_error("code", result.error)
    secret = services.totp_secret(device)
    context.update(
        enrolled=False,
        form=form,
        qr_svg=mark_safe(_qr_svg(services.totp_uri(device))),  # noqa: S308 - segno's SVG
        secret=_grouped(secret),
        secret_plain=secret,
        required=selectors.two_factor_required(user=user, center=current_center(request)),
        digits=device.digits,
        step=device.step,
    )
    return render(request, "security/two_factor.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """输入动态口令: the second step of a password sign-in."""
    owed = request.session.get(services.OTP_OWED) and selectors.two_factor_owed(
        user=request.user, center=current_center(request)
    )
    if owed != selectors.VERIFY:
        return redirect("security_two_factor" if owed else "wagtailadmin_home")
    form = CodeForm(request.POST or None, recovery=True)
    if request.method == "POST" and form.is_valid():
        target = _next_url(request)
        result = services.otp_signin_verify(request=request, token=form.cleaned_data["code"])
        if result.ok:
            if result.recovery_used:
                left = selectors.recovery_codes_left(user=request.user)
                messages.warning(
                    request,
                    _("您使用了一个恢复码，还剩%(n)d个；恢复码用完前请重新设置双因素认证。")
                    % {"n": left},
                )
            return redirect(target)
        if result.signed_out:
            messages.error(request, result.error)
            return redirect("wagtailadmin_login")
        form.add_error("code", result.error)
    return render(
        request,
        "security/two_factor_verify.html",
        {
            "layout": SIGNIN_LAYOUT,
            "form": form,
            "next": _next_url(request),
            "page_title": _("输入动态口令"),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor_resets(request):
    """The center's staff and their second factor; the security administrator resets
    one (POST) when its holder lost the phone and the recovery codes."""
    center = _center_with(request, services.RESET_TWO_FACTOR_PERM)
    if request.method == "POST":
        return _account_action(
            request,
            center,
            services.two_factor_reset,
            done=_("已重置账号“%(u)s”的双因素认证。"),
            back="security_two_factor_resets",
        )
    return render(
        request,
        "security/two_factor_resets.html",
        {
            "rows": selectors.two_factor_list_for_center(center=center),
            "center": center,
            "page_title": _("双因素认证管理"),
            "header_title": _("双因素认证管理"),
        },
    )
