"""Receivers of Django's and django-axes' sign-in signals (events from outside our code)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services
from .forms import BREAK_GLASS_ATTR, OTP_OWED_ATTR, PASSWORD_REASON_ATTR


@receiver(user_logged_in, dispatch_uid="rongmei_security_signin_start")
def start_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # Set by the sign-in form: a session begun otherwise (a test's force_login) owes
    # no second factor; the password sign-in is the only one mounted.
    services.signin_start(
        request=request,
        user=user,
        password_reason=getattr(user, PASSWORD_REASON_ATTR, None),
        otp_owed=getattr(user, OTP_OWED_ATTR, False),
        break_glass=getattr(user, BREAK_GLASS_ATTR, False),
    )


@receiver(user_locked_out, dispatch_uid="rongmei_security_locked_out")
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # django-axes sets the failure count on the request when this failure starts the
    # lock; a sign-in refused during the lock has none.
    started = getattr(request, "axes_failures_since_start", None) is not None
    services.lockout_record(
        request=request, username=username, ip_address=ip_address, started=started
    )
