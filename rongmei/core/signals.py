"""Sign-ins, failed sign-ins and sign-outs go to the audit log.

These are Django's own authentication signals; the project's own logic never uses signals.
An entry is written for each center the account belongs to, so that every center's
administrators see their own staff's sign-ins; an unknown account name is recorded
without a center (visible to platform superusers).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit_record
from .models import AuditAction, Center


def _record_per_center(*, action, user, request, verb, actor_name=""):
    centers = list(Center.objects.filter(membership__user=user).distinct()) if user else []
    for center in centers or [None]:
        audit_record(
            action=action,
            by=user if action != AuditAction.LOGIN_FAILED else None,
            center=center,
            request=request,
            verb=verb,
            actor_name=actor_name,
        )


@receiver(user_logged_in, dispatch_uid="rongmei_audit_login")
def audit_login(sender, request, user, **kwargs):
    _record_per_center(action=AuditAction.LOGIN, user=user, request=request, verb="登录")


@receiver(user_login_failed, dispatch_uid="rongmei_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the account name is kept, never the password that was tried.
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first() if username else None
    _record_per_center(
        action=AuditAction.LOGIN_FAILED,
        user=user,
        request=request,
        verb="登录失败",
        actor_name=username,
    )


@receiver(user_logged_out, dispatch_uid="rongmei_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        _record_per_center(action=AuditAction.LOGOUT, user=user, request=request, verb="退出")
