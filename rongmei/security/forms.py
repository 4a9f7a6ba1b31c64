"""The staff sign-in form (WAGTAILADMIN_USER_LOGIN_FORM) and the code forms of the
second factor."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from . import selectors, services

# Set on the user by a password sign-in; read when the session starts (signals.py).
PASSWORD_REASON_ATTR = "_rongmei_password_change_reason"  # noqa: S105 - a name
OTP_OWED_ATTR = "_rongmei_otp_owed"
BREAK_GLASS_ATTR = "_rongmei_break_glass"


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, noting whether the password must be changed first (first
    sign-in with an assigned password, expired, or weaker than today's rules) and whether
    a second factor may be owed (SignInStepsMiddleware asks for it before anything else).

    A superuser (the bootstrap account) is refused once some center's three
    administrators are in place, unless RONGMEI_BREAK_GLASS is on: then the sign-in is a
    break-glass one, loud in the audit log and on the dashboards."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_superuser and selectors.separated_admins_in_place():
            if not settings.RONGMEI_BREAK_GLASS:
                services.superuser_signin_refused(request=self.request, user=user)
                raise ValidationError(
                    _(
                        "本系统已由系统管理员、安全管理员、审计管理员三员分别管理，"
                        "超级管理员账号已停用，请使用本人账号登录。"
                        "紧急情况下须由运维人员开启紧急登录（RONGMEI_BREAK_GLASS）。"
                    ),
                    code="superuser_disabled",
                )
            setattr(user, BREAK_GLASS_ATTR, True)

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None:
            reason = selectors.password_change_reason(user=user, password=cleaned.get("password"))
            setattr(user, PASSWORD_REASON_ATTR, reason)
            setattr(user, OTP_OWED_ATTR, selectors.two_factor_may_be_owed(user=user))
        return cleaned


class CodeForm(forms.Form):
    """One code: the authenticator app's 6 digits (or, where `recovery`, a recovery code)."""

    code = forms.CharField(
        label=_("动态口令"),
        max_length=32,
        error_messages={"required": _("请输入动态口令。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery:
            field = self.fields["code"]
            field.label = _("动态口令或恢复码")
            field.help_text = _("输入身份验证器上的6位数字；手机不在身边时，可输入一个恢复码。")
            field.widget.attrs["inputmode"] = "text"
