"""Staff accounts, departments and memberships (which center, which roles)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from rongmei.core.models import CenterOwned


class User(AbstractUser):
    """A staff member's account. Created by administrators; there is no public sign-up."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()


class Department(CenterOwned):
    name = models.CharField(_("部门名称"), max_length=50)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["center", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "name"], name="accounts_department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(CenterOwned):
    """A user works in a center, in a department, with roles there."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    roles = models.ManyToManyField(
        "auth.Group", verbose_name=_("角色"), blank=True, related_name="+"
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["center", "department__sort_order", "user__username"]
        permissions = [("grant_roles", _("分配角色"))]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user"], name="accounts_membership_unique_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}（{self.center.name}）"
