"""The shared kernel: centers (tenancy), the tenant base model and the audit log."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

division_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码必须是6位数字。"))


class CenterLevel(models.TextChoices):
    COUNTY = "county", _("县级融媒体中心")
    CITY = "city", _("市级平台")
    PROVINCE = "province", _("省级平台")


class Center(models.Model):
    """A converged media center, or a city/provincial platform above several of them."""

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[division_code_validator],
        help_text=_("6位行政区划代码，例如 632224。"),
    )
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(
        _("层级"), max_length=10, choices=CenterLevel.choices, default=CenterLevel.COUNTY
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级平台"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("融媒体中心")
        verbose_name_plural = _("融媒体中心")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class CenterOwned(models.Model):
    """Base of every business record: it belongs to exactly one center.

    `center` comes first in indexes and unique constraints of subclasses, so that
    per-center queries stay fast when one database serves many centers.
    """

    center = models.ForeignKey(
        "core.Center", verbose_name=_("融媒体中心"), on_delete=models.PROTECT, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    TRANSITION = "transition", _("状态变更")
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    REFUSED = "refused", _("拒绝")


class AuditEntry(models.Model):
    """One thing someone did. Written only by `core.audit`; never edited.

    Append-only in the database: triggers (migration 0003) refuse UPDATE and DELETE, and
    DELETE passes only through the guarded retention purge (`core.audit.audit_purge`).
    Each entry is chained to the one before it in its chain (its center; entries with no
    center form chain 0) by `hash` = HMAC-SHA256(RONGMEI_AUDIT_KEY, prev_hash + fields).
    On SQLite a migration that alters this table rebuilds it and drops the triggers:
    such a migration must call `core.audit.audit_triggers_create` again
    (`test_audit_append_only` checks they are there after every migration).
    """

    center = models.ForeignKey(
        "core.Center",
        verbose_name=_("融媒体中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Set when the entry is appended (after the chain's lock is taken); a default rather
    # than auto_now so that the retention tests can write old entries.
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and nothing done on delete: deleting an account would
    # otherwise rewrite its entries (SET NULL is an UPDATE the trigger refuses). Accounts
    # are deactivated, not deleted; `actor_name` keeps the name either way.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    verb = models.CharField(_("事项"), max_length=100, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    # The hash chain (see the class docstring).
    chain = models.PositiveBigIntegerField(_("链"), default=0, editable=False)
    seq = models.PositiveBigIntegerField(_("序号"), default=0, editable=False)
    prev_hash = models.CharField(_("前一条摘要"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("摘要"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["center", "-at"], name="core_audit_center_at"),
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="core_audit_chain_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"


class AuditChainHead(models.Model):
    """The last link of one audit chain, locked while an entry is appended.

    `base_seq`/`base_hash` are the last entry the retention purge removed (0/"" before
    any purge): the first entry kept must follow it. Not audit data itself: `audit_verify`
    checks the entries against it, so a removed tail is found too.
    """

    chain = models.PositiveBigIntegerField(_("链"), unique=True)
    seq = models.PositiveBigIntegerField(_("序号"), default=0)
    hash = models.CharField(_("摘要"), max_length=64, blank=True)
    base_seq = models.PositiveBigIntegerField(_("已清理至序号"), default=0)
    base_hash = models.CharField(_("已清理至摘要"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")

    def __str__(self) -> str:
        return f"{self.chain}:{self.seq}"
