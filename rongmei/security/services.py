"""Security owns sign-in policy: password rules and history, lockout and unlock, the
limits of a session, the second factor (TOTP and recovery codes) and break-glass sign-in
of the bootstrap superuser (GB/T 22239-2019 8.1.4.1, 8.1.4.2)."""

from __future__ import annotations

import base64
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.util import random_hex

from rongmei.accounts.models import Membership, User
from rongmei.core.acting import acting_center_id
from rongmei.core.audit import audit_record
from rongmei.core.context import current_request
from rongmei.core.crypto import keyed_digest
from rongmei.core.middleware import current_center
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import require_perm

from . import selectors
from .models import AccountSession, PasswordHistory, RecoveryCode, TotpDevice

UNLOCK_PERM = "security.unlock_account"
RESET_TWO_FACTOR_PERM = "security.reset_two_factor"

# Session keys (names, not secrets).
SIGNED_IN_AT = "rongmei_signed_in_at"
SEEN_AT = "rongmei_seen_at"
SESSION_TOKEN = "rongmei_session_token"  # noqa: S105
PASSWORD_CHANGE = "rongmei_password_change"  # noqa: S105
OTP_OWED = "rongmei_otp_owed"  # a password sign-in not yet past its second factor
OTP_FAILURES = "rongmei_otp_failures"  # wrong codes in a row in this session

# Why a session ended (SessionLimitMiddleware).
IDLE = "idle"
LIFETIME = "lifetime"
REPLACED = "replaced"
END_VERBS = {
    IDLE: "会话超时",
    LIFETIME: "会话超时",
    REPLACED: "会话结束（已在别处登录）",
}


def _audit_account(
    *,
    user,
    action: str,
    verb: str,
    by=None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_name: str = "",
) -> None:
    """One entry in each center the account belongs to (none: one without a center)."""
    centers = list(Center.objects.filter(membership__user=user).distinct()) if user else []
    for center in centers or [None]:
        audit_record(
            action=action,
            by=by,
            center=center,
            verb=verb,
            changes=changes,
            request=request,
            actor_name=actor_name,
        )


def password_fingerprint(user) -> str:
    """Stands for the account's current password hash in the session (never the hash)."""
    return salted_hmac("rongmei.security.password", user.password).hexdigest()[:20]


@transaction.atomic
def password_record(*, user: User) -> PasswordHistory:
    """A password was just set for `user` (Django calls this through the history
    validator after saving it): keep its hash, forget the ones beyond the history, and
    audit it where a request set it.

    The holder chose it where they set it themselves, signed in or through a reset link.
    One another signed-in person set (an administrator creating the account on the staff
    pages) is assigned: it must be changed at the next sign-in. One set outside any
    request (commands, the demo, tests' factories) is neither (`selectors`)."""
    request = current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    if actor is not None and not actor.is_authenticated:
        actor = None
    chosen = request is not None and (actor is None or actor.pk == user.pk)
    entry = PasswordHistory.objects.create(
        user=user, password=user.password, chosen_by_user=chosen, set_by=actor
    )
    keep = max(settings.RONGMEI_PASSWORD_HISTORY, 1)
    stale = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[keep:]
    )
    if stale:
        PasswordHistory.objects.filter(pk__in=stale).delete()
    if request is None:
        # A command or the system: the account's creation is audited by its own service.
        return entry
    _audit_account(
        user=user,
        action=AuditAction.UPDATE,
        verb=_("修改密码") if chosen else _("设置初始密码"),
        by=actor,
        actor_name="" if actor is not None else user.get_username(),
        changes={"account": user.get_username(), "chosen_by_user": chosen},
        request=request,
    )
    return entry


@transaction.atomic
def password_change(*, by: User, new_password: str) -> User:
    """`by` changes their own password (the old one already checked by the form): today's
    rules and the history apply; the history validator records and audits it."""
    validate_password(new_password, by)
    by.set_password(new_password)
    by.save(update_fields=["password"])
    return by


def signin_start(
    *,
    request: HttpRequest,
    user: User,
    password_reason: str | None,
    otp_owed: bool = False,
    break_glass: bool = False,
) -> None:
    """A sign-in has just happened: start the session's clocks, claim the account's one
    session where that is the rule, remember a second factor and a password change still
    owed, and record a break-glass sign-in."""
    now = timezone.now().timestamp()
    session = request.session
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.pop(OTP_FAILURES, None)
    if otp_owed:
        session[OTP_OWED] = True
    else:
        session.pop(OTP_OWED, None)
    if break_glass:
        break_glass_record(request=request, user=user)
    if settings.RONGMEI_SINGLE_SESSION:
        token = secrets.token_hex(16)
        AccountSession.objects.update_or_create(
            user=user, defaults={"token": token, "started_at": timezone.now()}
        )
        session[SESSION_TOKEN] = token
    if password_reason:
        session[PASSWORD_CHANGE] = {
            "reason": password_reason,
            "mark": password_fingerprint(user),
        }
    else:
        session.pop(PASSWORD_CHANGE, None)


def session_end_reason(request: HttpRequest) -> str | None:
    """IDLE, LIFETIME or REPLACED where the signed-in session must end now."""
    session = request.session
    now = timezone.now().timestamp()
    signed_in = session.get(SIGNED_IN_AT)
    seen = session.get(SEEN_AT)
    if signed_in is None or seen is None:
        # Signed in before these limits existed: the clocks start now.
        session.setdefault(SIGNED_IN_AT, now)
        session[SEEN_AT] = now
        return None
    if now - seen > settings.RONGMEI_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if now - signed_in > settings.RONGMEI_SESSION_MAX_HOURS * 3600:
        return LIFETIME
    if settings.RONGMEI_SINGLE_SESSION:
        token = (
            AccountSession.objects.filter(user=request.user).values_list("token", flat=True).first()
        )
        if token is not None and token != session.get(SESSION_TOKEN):
            return REPLACED
    return None


def session_touch(request: HttpRequest, *, every_seconds: int = 60) -> None:
    """The session was used now (written at most once a minute, not on every request)."""
    now = timezone.now().timestamp()
    if now - request.session.get(SEEN_AT, 0) >= every_seconds:
        request.session[SEEN_AT] = now


def session_end(*, request: HttpRequest, reason: str) -> None:
    """End the signed-in session (idle, too old, or replaced), audited as a sign-out."""
    user = request.user
    session = request.session
    changes = {"reason": reason}
    seen = session.get(SEEN_AT)
    if seen is not None:
        changes["idle_minutes"] = int((timezone.now().timestamp() - seen) // 60)
    _audit_account(
        user=user,
        action=AuditAction.LOGOUT,
        verb=END_VERBS[reason],
        by=user,
        changes=changes,
        request=request,
    )
    # Not django.contrib.auth.logout(): that would also record a plain "退出".
    session.flush()
    request.user = AnonymousUser()


def lockout_record(
    *, request: HttpRequest | None, username: str | None, ip_address: str | None, started: bool
) -> None:
    """Audit a lock starting (the N-th failure) or a sign-in refused while locked."""
    user = User.objects.filter(username=username).first() if username else None
    changes: dict[str, Any] = {"account": username or "", "ip_address": ip_address or ""}
    if started:
        changes["failures"] = settings.AXES_FAILURE_LIMIT
        changes["minutes"] = settings.RONGMEI_LOCKOUT_MINUTES
    _audit_account(
        user=user,
        action=AuditAction.TRANSITION if started else AuditAction.REFUSED,
        verb=_("登录锁定") if started else _("锁定期间登录被拒绝"),
        changes=changes,
        request=request,
        actor_name=(username or "")[:150],
    )


@transaction.atomic
def unlock_account(*, by: User, username: str, center: Center | int | None = None) -> int:
    """Lift an account's sign-in lock before it runs out, as a security administrator of
    a center the account belongs to. Returns how many failures were cleared."""
    center_id = center.pk if isinstance(center, Center) else center
    if center_id is None:
        center_id = acting_center_id()
    if center_id is None:
        raise PermissionDenied(_("请先选择所在的融媒体中心。"))
    require_perm(by, center_id, UNLOCK_PERM, _("您在该中心没有解除账号锁定的权限。"))
    username = (username or "").strip()
    if not Membership.objects.filter(center_id=center_id, user__username=username).exists():
        raise ValidationError(_("本中心没有账号“%(u)s”。") % {"u": username})
    lock = selectors.lockout_get(username=username, ip_address=None)
    if lock is None:
        raise ValidationError(_("账号“%(u)s”当前没有被锁定。") % {"u": username})
    cleared = axes_reset(username=username)
    audit_record(
        action=AuditAction.TRANSITION,
        by=by,
        center=Center.objects.get(pk=center_id),
        verb=_("解除登录锁定"),
        changes={
            "account": username,
            "failures": lock.failures,
            "locked_until": lock.until,
            "cleared": cleared,
        },
    )
    return cleared


# -- two-factor sign-in (GB/T 22239-2019 8.1.4.1 d) ----------------------------------------

RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
RECOVERY_LENGTH = 10
TOTP_RE = re.compile(r"^\d{6}$")


@dataclass
class CodeResult:
    """The outcome of a code typed in: `ok`, or the Chinese `error`; `signed_out` when
    too many wrong codes ended the session; `codes`: new recovery codes to show once."""

    ok: bool
    error: str = ""
    signed_out: bool = False
    recovery_used: bool = False
    codes: list[str] = field(default_factory=list)


def totp_secret(device: TotpDevice) -> str:
    """The secret as the authenticator app takes it by hand (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_uri(device: TotpDevice) -> str:
    """The otpauth:// URI of the enrolment QR code (Key Uri Format)."""
    issuer = settings.RONGMEI_2FA_ISSUER.replace(":", "")
    label = quote(f"{issuer}:{device.user.get_username()}")
    params = urlencode(
        {
            "secret": totp_secret(device),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


def _totp_match(device: TotpDevice, token: str) -> bool:
    """Whether `token` is the device's code now (± its tolerance) and newer than the last
    one used; on a match the device's `last_t` and `drift` move (not saved here)."""
    if not TOTP_RE.match(token):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), device.tolerance, device.last_t + 1):
        return False
    device.last_t = totp.t()
    device.drift = totp.drift
    return True


def _recovery_normal(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _recovery_hash(user, code: str) -> str:
    return keyed_digest(f"{user.pk}:{_recovery_normal(code)}", purpose="security.recovery_code")


def _recovery_use(user, code: str) -> bool:
    """Spend one unused recovery code of `user` that equals `code`."""
    if len(_recovery_normal(code)) != RECOVERY_LENGTH:
        return False
    spent = RecoveryCode.objects.filter(
        user=user, code_hash=_recovery_hash(user, code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return spent == 1


def _recovery_codes_new(user) -> list[str]:
    """Replace the account's recovery codes with RONGMEI_2FA_RECOVERY_CODES new ones."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    while len(codes) < settings.RONGMEI_2FA_RECOVERY_CODES:
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_recovery_hash(user, c)) for c in codes]
    )
    return codes


def _wait_message(info: dict | None) -> str:
    until = (info or {}).get("locked_until")
    seconds = max(int((until - timezone.now()).total_seconds()) + 1, 1) if until else 1
    return _("动态口令错误次数较多，请%(s)d秒后再试。") % {"s": seconds}


def _check_code(device: TotpDevice, user, token: str, *, recovery: bool) -> tuple[bool, bool, str]:
    """(matched, by a recovery code, error) for `token` against the device (locked for
    update by the caller), under django-otp's throttle; the device's throttle moves."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return False, False, _wait_message(info)
    token = (token or "").strip()
    if _totp_match(device, token.replace(" ", "")):
        matched, by_recovery = True, False
    elif recovery and _recovery_use(user, token):
        matched, by_recovery = True, True
    else:
        matched, by_recovery = False, False
    if matched:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
        return True, by_recovery, ""
    device.throttle_increment(commit=True)
    if recovery:
        return False, False, _("动态口令或恢复码不正确，请重新输入。")
    return False, False, _("动态口令不正确，请重新输入身份验证器上当前显示的6位数字。")


def _mark_verified(request: HttpRequest, device: TotpDevice) -> None:
    otp_login(request, device)
    request.session.pop(OTP_OWED, None)
    request.session.pop(OTP_FAILURES, None)


def _audit_code_failed(*, request, user, stage: str, failures: int | None = None) -> None:
    changes: dict[str, Any] = {"stage": stage}
    if failures is not None:
        changes["failures"] = failures
    _audit_account(
        user=user,
        action=AuditAction.LOGIN_FAILED,
        verb=_("动态口令错误"),
        by=user,
        changes=changes,
        request=request,
    )


@transaction.atomic
def totp_setup_start(*, by: User) -> TotpDevice:
    """The account's device being set up (an unconfirmed one, made with a new random
    20-byte seed where there is none): what the enrolment page shows."""
    device = TotpDevice.objects.select_for_update().filter(user=by).first()
    if device is not None and device.confirmed:
        raise ValidationError(_("您已启用双因素认证。"))
    if device is None:
        device = TotpDevice.objects.create(
            user=by, name="TOTP", confirmed=False, seed=random_hex(20)
        )
    return device


def totp_setup_confirm(*, request: HttpRequest, token: str) -> CodeResult:
    """The signed-in account confirms its new device with a code from the app: the device
    counts from now, ten new recovery codes are made (shown once), the session has passed
    its second factor; audited as enrolled. A wrong code is audited and throttled."""
    user = request.user
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            return CodeResult(False, _("请先打开双因素认证页面，扫描二维码后再输入动态口令。"))
        token = (token or "").strip().replace(" ", "")
        if not TOTP_RE.match(token):
            return CodeResult(False, _("请输入身份验证器上显示的6位数字动态口令。"))
        matched, _recovery, error = _check_code(device, user, token, recovery=False)
        if matched:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_new(user)
            _mark_verified(request, device)
            _audit_account(
                user=user,
                action=AuditAction.CREATE,
                verb=_("启用双因素认证"),
                by=user,
                changes={"account": user.get_username(), "recovery_codes": len(codes)},
                request=request,
            )
            return CodeResult(True, codes=codes)
    _audit_code_failed(request=request, user=user, stage="enrol")
    return CodeResult(False, error)


def otp_signin_verify(*, request: HttpRequest, token: str) -> CodeResult:
    """The second step of a password sign-in: a code of the account's device, or one of
    its recovery codes (spent). RONGMEI_2FA_MAX_FAILURES wrong ones in a row end the
    session (signed out); each is audited, and throttled by the device across sessions."""
    user = request.user
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return CodeResult(False, _("您尚未启用双因素认证。"))
        matched, by_recovery, error = _check_code(device, user, token, recovery=True)
        if matched:
            _mark_verified(request, device)
            changes: dict[str, Any] = {"account": user.get_username()}
            if by_recovery:
                changes["recovery_codes_left"] = selectors.recovery_codes_left(user=user)
            _audit_account(
                user=user,
                action=AuditAction.LOGIN,
                verb=_("使用恢复码登录") if by_recovery else _("动态口令验证通过"),
                by=user,
                changes=changes,
                request=request,
            )
            return CodeResult(True, recovery_used=by_recovery)
    session = request.session
    failures = int(session.get(OTP_FAILURES, 0)) + 1
    session[OTP_FAILURES] = failures
    _audit_code_failed(request=request, user=user, stage="signin", failures=failures)
    limit = settings.RONGMEI_2FA_MAX_FAILURES
    if failures >= limit:
        _audit_account(
            user=user,
            action=AuditAction.LOGOUT,
            verb=_("动态口令错误次数过多，已退出"),
            by=user,
            changes={"failures": failures},
            request=request,
        )
        session.flush()
        request.user = AnonymousUser()
        return CodeResult(
            False,
            _("动态口令连续输入错误%(n)d次，已退出登录，请重新登录。") % {"n": failures},
            signed_out=True,
        )
    return CodeResult(False, error + _("（还可尝试%(n)d次）") % {"n": limit - failures})


def totp_remove(*, request: HttpRequest, token: str) -> CodeResult:
    """The signed-in account removes its device and recovery codes, proving it with a
    current code (or a recovery code); audited. Where its role in the current center
    requires a second factor, it must set up a new one before going on."""
    user = request.user
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return CodeResult(False, _("您尚未启用双因素认证。"))
        matched, by_recovery, error = _check_code(device, user, token, recovery=True)
        if matched:
            device.delete()
            RecoveryCode.objects.filter(user=user).delete()
            _audit_account(
                user=user,
                action=AuditAction.DELETE,
                verb=_("停用双因素认证"),
                by=user,
                changes={"account": user.get_username(), "by_recovery_code": by_recovery},
                request=request,
            )
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            if selectors.two_factor_required(user=user, center=current_center(request)):
                request.session[OTP_OWED] = True
            return CodeResult(True)
    _audit_code_failed(request=request, user=user, stage="remove")
    return CodeResult(False, error)


@transaction.atomic
def two_factor_reset(*, by: User, username: str, center: Center | int | None = None) -> None:
    """A security administrator of a center the account belongs to removes its second
    factor (a lost phone): device and recovery codes. Audited; where its role requires
    one, the account sets up a new one at its next sign-in."""
    center_id = center.pk if isinstance(center, Center) else center
    if center_id is None:
        center_id = acting_center_id()
    if center_id is None:
        raise PermissionDenied(_("请先选择所在的融媒体中心。"))
    require_perm(by, center_id, RESET_TWO_FACTOR_PERM, _("您在该中心没有重置双因素认证的权限。"))
    username = (username or "").strip()
    membership = (
        Membership.objects.filter(center_id=center_id, user__username=username)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise ValidationError(_("本中心没有账号“%(u)s”。") % {"u": username})
    user = membership.user
    devices = TotpDevice.objects.filter(user=user)
    if not devices.filter(confirmed=True).exists():
        raise ValidationError(_("账号“%(u)s”尚未启用双因素认证。") % {"u": username})
    devices.delete()
    codes = RecoveryCode.objects.filter(user=user).delete()[0]
    audit_record(
        action=AuditAction.DELETE,
        by=by,
        center=Center.objects.get(pk=center_id),
        verb=_("重置双因素认证"),
        changes={"account": username, "recovery_codes": codes},
    )


# -- break-glass sign-in of the bootstrap superuser (三员分立, 8.1.4.2) -----------------


def break_glass_record(*, request: HttpRequest | None, user: User) -> None:
    """A superuser signed in although the three administrators are in place (with
    RONGMEI_BREAK_GLASS on): "紧急登录" in every active center's audit log, which their
    dashboards show for RONGMEI_BREAK_GLASS_DAYS days."""
    for center in Center.objects.filter(is_active=True):
        audit_record(
            action=AuditAction.LOGIN,
            by=user,
            center=center,
            verb=selectors.BREAK_GLASS_VERB,
            changes={"account": user.get_username(), "superuser": True},
            request=request,
        )


def superuser_signin_refused(*, request: HttpRequest | None, user: User) -> None:
    """Audit a superuser's sign-in refused because the three administrators are in place
    (in each center that has them)."""
    for center_id in selectors.centers_with_separated_admins():
        audit_record(
            action=AuditAction.REFUSED,
            by=None,
            center=center_id,
            verb=_("超级管理员登录被拒绝"),
            changes={"account": user.get_username()},
            request=request,
            actor_name=user.get_username(),
        )
