"""Reads of sign-in policy: a password's state, current lockouts, the second factor an
account has or owes, the three administrators in place, recent break-glass sign-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone

from rongmei.accounts.models import Membership
from rongmei.core.models import AuditEntry, Center
from rongmei.core.roles import GROUP_ROLE_CODES, ROLE_GROUP_NAMES, SEPARATED_ADMIN_ROLES, Role

from .models import PasswordHistory, RecoveryCode, TotpDevice

# Why a password must be changed before anything else (SignInStepsMiddleware).
INITIAL = "initial"  # assigned by another person (first sign-in), or never recorded
EXPIRED = "expired"  # older than RONGMEI_PASSWORD_MAX_AGE_DAYS
WEAK = "weak"  # set before today's rules and failing them


def password_current(*, user) -> PasswordHistory | None:
    """The newest history row: the password the account has now."""
    return PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").first()


def password_hashes_recent(*, user, count: int) -> list[str]:
    """The hashes of the account's current password and the ones before it, `count` in all."""
    hashes = list(
        PasswordHistory.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("password", flat=True)[:count]
    )
    if user.password and user.password not in hashes:
        hashes = [user.password, *hashes][:count]
    return hashes


def password_expires_at(entry: PasswordHistory) -> dt.datetime | None:
    days = settings.RONGMEI_PASSWORD_MAX_AGE_DAYS
    return entry.created_at + dt.timedelta(days=days) if days > 0 else None


def password_change_reason(*, user, password: str | None = None) -> str | None:
    """INITIAL, EXPIRED or WEAK where the account must change its password at this
    sign-in; None where it may go on. `password` (just typed) is checked against today's
    rules, the history rule apart."""
    if not user.has_usable_password():
        return None
    current = password_current(user=user)
    if current is None or (not current.chosen_by_user and current.set_by_id is not None):
        return INITIAL
    expires = password_expires_at(current)
    if expires is not None and timezone.now() >= expires:
        return EXPIRED
    if password is not None:
        for validator in get_default_password_validators():
            if type(validator).__name__ == "PasswordHistoryValidator":
                continue
            try:
                validator.validate(password, user)
            except ValidationError:
                return WEAK
    return None


@dataclass(frozen=True)
class Lockout:
    """A sign-in lock: of an account (username) or of a client address."""

    username: str | None
    ip_address: str | None
    failures: int
    until: dt.datetime


def _cool_off() -> dt.timedelta:
    return settings.AXES_COOLOFF_TIME


def _locks(field: str, values=None) -> list[Lockout]:
    now = timezone.now()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=now - _cool_off())
    if values is not None:
        attempts = attempts.filter(**{f"{field}__in": list(values)})
    rows = (
        attempts.exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        Lockout(
            username=row[field] if field == "username" else None,
            ip_address=row[field] if field == "ip_address" else None,
            failures=row["failures"],
            until=row["last"] + _cool_off(),
        )
        for row in rows
    ]


def lockout_get(*, username: str | None, ip_address: str | None) -> Lockout | None:
    """The lock that keeps this account or address from signing in now, if any."""
    if username:
        found = _locks("username", [username])
        if found:
            return found[0]
    if ip_address:
        found = _locks("ip_address", [ip_address])
        if found:
            return found[0]
    return None


def lockout_list_for_center(*, center) -> list[Lockout]:
    """The locked accounts among the center's staff, the latest first (bounded by staff)."""
    usernames = Membership.objects.filter(center=center).values_list("user__username", flat=True)
    return _locks("username", usernames)


# -- two-factor sign-in ------------------------------------------------------------------

# What a signed-in session still owes for its second factor (SignInStepsMiddleware).
VERIFY = "verify"  # a confirmed device: its code (or a recovery code)
ENROL = "enrol"  # a role that requires one, and no device yet


def totp_device(*, user, confirmed: bool | None = True) -> TotpDevice | None:
    """The account's TOTP device (confirmed, unconfirmed, or either with None)."""
    devices = TotpDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.first()


def recovery_codes_left(*, user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def _required_roles() -> set[str]:
    return set(settings.RONGMEI_2FA_REQUIRED_ROLES)


def two_factor_required(*, user, center: Center | None) -> bool:
    """Whether the roles `user` holds in `center` (only there) require a second factor.
    A superuser counts as a system administrator."""
    required = _required_roles()
    if not required:
        return False
    if user.is_superuser and Role.ADMINISTRATOR.value in required:
        return True
    if center is None:
        return False
    names = [ROLE_GROUP_NAMES[r] for r in required if r in ROLE_GROUP_NAMES]
    return Membership.objects.filter(
        user=user, center=center, is_active=True, roles__name__in=names
    ).exists()


def two_factor_may_be_owed(*, user) -> bool:
    """At a password sign-in: whether the session may owe a second factor — the account
    has a confirmed device, or holds a role requiring one in any of its centers. (Which
    applies is decided per request, in the current center: `two_factor_owed`.)"""
    if TotpDevice.objects.filter(user=user, confirmed=True).exists():
        return True
    required = _required_roles()
    if not required:
        return False
    if user.is_superuser and Role.ADMINISTRATOR.value in required:
        return True
    names = [ROLE_GROUP_NAMES[r] for r in required if r in ROLE_GROUP_NAMES]
    return Membership.objects.filter(user=user, is_active=True, roles__name__in=names).exists()


def two_factor_owed(*, user, center: Center | None) -> str | None:
    """VERIFY, ENROL or None for a session signed in with a password and not yet past
    its second factor, working in `center`."""
    if TotpDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    if two_factor_required(user=user, center=center):
        return ENROL
    return None


@dataclass(frozen=True)
class TwoFactorRow:
    """A staff member of a center and their second factor (the reset page)."""

    username: str
    display_name: str
    required: bool
    enrolled: bool
    codes_left: int


def two_factor_list_for_center(*, center: Center) -> list[TwoFactorRow]:
    """The center's active staff with their second factor (bounded by the staff)."""
    memberships = list(
        Membership.objects.filter(center=center, is_active=True)
        .select_related("user")
        .prefetch_related("roles")
        .order_by("user__username")
    )
    user_ids = [m.user_id for m in memberships]
    enrolled = set(
        TotpDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    left: dict[int, int] = {}
    for user_id in RecoveryCode.objects.filter(
        user_id__in=user_ids, used_at__isnull=True
    ).values_list("user_id", flat=True):
        left[user_id] = left.get(user_id, 0) + 1
    required = _required_roles()
    return [
        TwoFactorRow(
            username=m.user.get_username(),
            display_name=getattr(m.user, "display_name", "") or m.user.get_username(),
            required=any(GROUP_ROLE_CODES.get(g.name) in required for g in m.roles.all()),
            enrolled=m.user_id in enrolled,
            codes_left=left.get(m.user_id, 0),
        )
        for m in memberships
    ]


# -- break-glass (三员分立) -----------------------------------------------------------

BREAK_GLASS_VERB = "紧急登录"


def centers_with_separated_admins() -> list[int]:
    """Active centers where each of the three administrators (系统/安全/审计管理员) is a
    role held by an active account: one query per role."""
    held: set[int] | None = None
    for role in SEPARATED_ADMIN_ROLES:
        ids = set(
            Membership.objects.filter(
                is_active=True,
                user__is_active=True,
                center__is_active=True,
                roles__name=ROLE_GROUP_NAMES[role],
            ).values_list("center_id", flat=True)
        )
        held = ids if held is None else held & ids
        if not held:
            return []
    return sorted(held or ())


def separated_admins_in_place() -> bool:
    """Whether some center has its three administrators: from then on the bootstrap
    superuser signs in only by break-glass (RONGMEI_BREAK_GLASS)."""
    return bool(centers_with_separated_admins())


def break_glass_recent(*, center: Center | int) -> list[AuditEntry]:
    """The center's break-glass sign-ins of the last RONGMEI_BREAK_GLASS_DAYS days, the
    latest first (at most 20)."""
    since = timezone.now() - dt.timedelta(days=settings.RONGMEI_BREAK_GLASS_DAYS)
    center_id = center.pk if isinstance(center, Center) else center
    return list(
        AuditEntry.objects.filter(
            center_id=center_id, verb=BREAK_GLASS_VERB, at__gte=since
        ).order_by("-at")[:20]
    )
