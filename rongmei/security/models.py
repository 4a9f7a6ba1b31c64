"""Password history, the account's current session and its second factor (TOTP device,
recovery codes) (GB/T 22239-2019 8.1.4.1)."""

from binascii import unhexlify

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from rongmei.core.fields import EncryptedTextField


class PasswordHistory(models.Model):
    """One password an account has had: its hash, when and by whom it was set.

    The newest row is the current password: its age is the password's age. Its holder
    chose it (`chosen_by_user`), or another person assigned it (`set_by`, e.g. an
    administrator creating the account: it must be changed at the next sign-in), or
    neither (set outside any request: a command, the demo, tests' factories).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    password = models.CharField(_("密码散列"), max_length=128)
    chosen_by_user = models.BooleanField(_("本人设置"), default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A default rather than auto_now_add so that tests can set a password's age.
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["user", "-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="security_pwhist_user_at")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"


class AccountSession(models.Model):
    """The one session an account may have where RONGMEI_SINGLE_SESSION is on.

    Also carries the permission to unlock a locked account (the lockout records are
    django-axes' own)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("会话标识"), max_length=64)
    started_at = models.DateTimeField(_("登录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("当前会话")
        verbose_name_plural = _("当前会话")
        permissions = [("unlock_account", _("解除账号登录锁定"))]

    def __str__(self) -> str:
        return str(self.user)


class TotpDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app's TOTP secret (RFC 6238: 6 digits every 30 seconds), one per
    account: unconfirmed while being set up, confirmed once a code from the app matched.

    django-otp's own `otp_totp.TOTPDevice` keeps the key in plain hex; here the `seed`
    (hex) is encrypted at rest through `core.crypto` (GB/T 22239-2019 8.1.4.8).
    Verification is `django_otp.oath.TOTP` (services.py); the throttle is django-otp's
    (`ThrottlingMixin`: after n failures in a row the next try waits 2^(n-1) seconds ×
    RONGMEI_2FA_THROTTLE_SECONDS), and `last_t` refuses a code used before.
    """

    seed = EncryptedTextField(_("密钥"), mask="text")
    step = models.PositiveSmallIntegerField(_("步长（秒）"), default=30)
    t0 = models.BigIntegerField(_("起始时间"), default=0)
    digits = models.PositiveSmallIntegerField(_("位数"), default=6)
    tolerance = models.PositiveSmallIntegerField(_("容差（步）"), default=1)
    drift = models.SmallIntegerField(_("时钟偏差（步）"), default=0)
    last_t = models.BigIntegerField(_("最近使用的时间步"), default=-1)

    class Meta(Device.Meta):
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")
        constraints = [models.UniqueConstraint(fields=["user"], name="security_totp_one_per_user")]
        permissions = [("reset_two_factor", _("重置账号的双因素认证"))]

    def __str__(self) -> str:
        return f"{self.user} TOTP"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.seed.encode())

    def get_throttle_factor(self):
        return getattr(settings, "RONGMEI_2FA_THROTTLE_SECONDS", 1)


class RecoveryCode(models.Model):
    """One of the account's one-time recovery codes (恢复码), kept only as a keyed hash
    (HMAC-SHA256, `core.crypto.keyed_digest`): shown once when made, never again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    code_hash = models.CharField(_("恢复码散列"), max_length=64)
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="security_recovery_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
