"""Accounts own staff, departments and their roles in each center."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_record, audit_update, snapshot
from rongmei.core.models import AuditAction, Center
from rongmei.core.roles import ROLE_GROUP_NAMES

from .models import Department, Membership, User


def role_groups(codes: Iterable[str]) -> list[Group]:
    codes = list(codes)
    unknown = [c for c in codes if c not in ROLE_GROUP_NAMES]
    if unknown:
        raise ValidationError(_("未知角色：%(roles)s") % {"roles": "、".join(unknown)})
    names = [ROLE_GROUP_NAMES[c] for c in codes]
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(set(names)):
        raise ValidationError(_("角色尚未初始化，请先执行数据库迁移。"))
    return groups


def user_sync_groups(*, user: User) -> None:
    """A user's Django groups are the union of their roles in every active membership."""
    groups = Group.objects.filter(
        pk__in=Membership.roles.through.objects.filter(
            membership__user=user, membership__is_active=True
        ).values("group_id")
    )
    user.groups.set(groups)


@transaction.atomic
def department_create(
    *, center: Center, name: str, by: User | None = None, sort_order: int = 0
) -> Department:
    name = name.strip()
    if not name:
        raise ValidationError(_("部门名称不能为空。"))
    department, created = Department.objects.get_or_create(
        center=center, name=name, defaults={"sort_order": sort_order}
    )
    if created:
        audit_create(by=by, obj=department)
    return department


@transaction.atomic
def staff_create(
    *,
    center: Center,
    username: str,
    password: str | None,
    display_name: str,
    roles: Iterable[str] = (),
    department: Department | None = None,
    title: str = "",
    by: User | None = None,
) -> Membership:
    """Create a staff account and its membership in `center`."""
    username = username.strip()
    if not username:
        raise ValidationError(_("账号不能为空。"))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("账号“%(u)s”已存在。") % {"u": username})
    if department is not None and department.center_id != center.pk:
        raise ValidationError(_("部门不属于该中心。"))
    groups = role_groups(roles)
    user = User(username=username, display_name=display_name, is_staff=False)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    membership = Membership.objects.create(
        center=center, user=user, department=department, title=title
    )
    membership.roles.set(groups)
    user_sync_groups(user=user)
    audit_create(by=by, obj=membership, verb=_("新建人员"))
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=membership,
        changes={"roles": [[], sorted(g.name for g in groups)]},
        verb=_("分配角色"),
    )
    return membership


@transaction.atomic
def membership_add(
    *,
    center: Center,
    user: User,
    roles: Iterable[str] = (),
    department: Department | None = None,
    by: User | None = None,
) -> Membership:
    """Give an existing user a place in another center (multi-center staff)."""
    groups = role_groups(roles)
    membership, created = Membership.objects.get_or_create(
        center=center, user=user, defaults={"department": department}
    )
    membership.roles.add(*groups)
    user_sync_groups(user=user)
    if created:
        audit_create(by=by, obj=membership)
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    by: User | None,
    roles: Iterable[Group] | None = None,
    **fields,
) -> Membership:
    """Change a membership's department, title, state or roles; recorded with what changed."""
    before = snapshot(membership)
    old_roles = sorted(membership.roles.values_list("name", flat=True))
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.full_clean()
    membership.save()
    if roles is not None:
        membership.roles.set(list(roles))
    new_roles = sorted(membership.roles.values_list("name", flat=True))
    user_sync_groups(user=membership.user)
    audit_update(by=by, obj=membership, before=before)
    if new_roles != old_roles:
        audit_record(
            action=AuditAction.UPDATE,
            by=by,
            obj=membership,
            changes={"roles": [old_roles, new_roles]},
            verb=_("分配角色"),
        )
    return membership
