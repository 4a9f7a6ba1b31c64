"""Accounts own staff, departments and their roles in each center."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_create, audit_record, audit_update, snapshot
from rongmei.core.models import AuditAction, Center
from rongmei.core.records import record_delete, record_update, require_perm
from rongmei.core.roles import ROLE_GROUP_NAMES, SEPARATED_ADMIN_ROLES

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


GRANT_ROLES_PERM = "accounts.grant_roles"


def _check_grant(
    *, by: User | None, center: Center | int, user: User, old: list[str], new: list[str]
) -> None:
    """Changing roles needs the role-granting permission in that center, never on oneself."""
    if by is None or sorted(old) == sorted(new):
        return
    if by.pk == user.pk:
        raise PermissionDenied(_("不能给自己分配或撤销角色，请由本中心其他管理员操作。"))
    require_perm(by, center, GRANT_ROLES_PERM, _("您在该中心没有分配角色的权限。"))


def _check_duties(group_names: Iterable[str]) -> None:
    """三员分立: one person holds at most one of the three administrator roles in a center."""
    separated = {ROLE_GROUP_NAMES[r] for r in SEPARATED_ADMIN_ROLES}
    held = sorted(separated.intersection(group_names))
    if len(held) > 1:
        raise ValidationError(
            _("三员分立：系统管理员、安全管理员、审计管理员不能由同一人兼任（所选：%(roles)s）。")
            % {"roles": "、".join(held)}
        )


def _audit_roles(*, by: User | None, membership: Membership, old: list[str], new: list[str]):
    """A change of roles, with the role names before and after (nothing if none)."""
    if old != new:
        audit_record(
            action=AuditAction.UPDATE,
            by=by,
            obj=membership,
            changes={"roles": [old, new]},
            verb=_("分配角色"),
        )


@transaction.atomic
def department_create(
    *, center: Center, name: str, by: User | None = None, sort_order: int = 0
) -> Department:
    require_perm(by, center, "accounts.add_department", _("您在该中心没有新增部门的权限。"))
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
def department_update(*, by: User | None, department: Department, **changes) -> Department:
    require_perm(
        by, department.center_id, "accounts.change_department", _("您在该中心没有修改部门的权限。")
    )
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        clash = Department.objects.filter(center_id=department.center_id, name=changes["name"])
        if clash.exclude(pk=department.pk).exists():
            raise ValidationError({"name": _("本中心已有同名部门。")})
    return record_update(by=by, obj=department, allowed={"name", "sort_order"}, changes=changes)


@transaction.atomic
def department_delete(*, by: User | None, department: Department) -> None:
    record_delete(by=by, obj=department)


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
    require_perm(by, center, "accounts.add_membership", _("您在该中心没有新增人员的权限。"))
    username = username.strip()
    if not username:
        raise ValidationError(_("账号不能为空。"))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("账号“%(u)s”已存在。") % {"u": username})
    if department is not None and department.center_id != center.pk:
        raise ValidationError(_("部门不属于该中心。"))
    groups = role_groups(roles)
    _check_duties(g.name for g in groups)
    if by is not None and groups:
        require_perm(by, center, GRANT_ROLES_PERM, _("您在该中心没有分配角色的权限。"))
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
    audit_create(by=by, obj=membership, verb=_("新建人员"))
    _audit_roles(by=by, membership=membership, old=[], new=sorted(g.name for g in groups))
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
    existing = Membership.objects.filter(center=center, user=user).first()
    old = sorted(existing.roles.values_list("name", flat=True)) if existing else []
    new = sorted({*old, *(g.name for g in groups)})
    if existing is None:
        require_perm(by, center, "accounts.add_membership", _("您在该中心没有新增人员的权限。"))
    _check_grant(by=by, center=center, user=user, old=old, new=new)
    _check_duties(new)
    membership, created = Membership.objects.get_or_create(
        center=center, user=user, defaults={"department": department}
    )
    membership.roles.add(*groups)
    if created:
        audit_create(by=by, obj=membership)
    _audit_roles(by=by, membership=membership, old=old, new=new)
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    by: User | None,
    roles: Iterable[Group] | None = None,
    **fields,
) -> Membership:
    """Change a membership's department, title, state or roles; recorded with what changed.

    Needs the staff-editing permission in the membership's center, and for a change of
    roles the role-granting one, never on one's own membership."""
    require_perm(
        by, membership.center_id, "accounts.change_membership", _("您在该中心没有修改人员的权限。")
    )
    before = snapshot(membership)
    old_roles = sorted(membership.roles.values_list("name", flat=True))
    if roles is not None:
        roles = list(roles)
        unknown = [g.name for g in roles if g.name not in ROLE_GROUP_NAMES.values()]
        if unknown:
            raise ValidationError(_("未知角色：%(roles)s") % {"roles": "、".join(unknown)})
        _check_grant(
            by=by,
            center=membership.center_id,
            user=membership.user,
            old=old_roles,
            new=[g.name for g in roles],
        )
        _check_duties(g.name for g in roles)
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.full_clean()
    membership.save()
    if roles is not None:
        membership.roles.set(roles)
    new_roles = sorted(membership.roles.values_list("name", flat=True))
    audit_update(by=by, obj=membership, before=before)
    _audit_roles(by=by, membership=membership, old=old_roles, new=new_roles)
    return membership


@transaction.atomic
def staff_rename(*, membership: Membership, by: User | None, display_name: str) -> User:
    """Change a staff member's name, as someone allowed to edit staff of that center."""
    require_perm(
        by, membership.center_id, "accounts.change_membership", _("您在该中心没有修改人员的权限。")
    )
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": _("姓名不能为空。")})
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if user.display_name == display_name:
        return user
    old = user.display_name
    user.display_name = display_name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name"])
    # Recorded on the membership, so that the entry belongs to the center's log.
    audit_record(
        action=AuditAction.UPDATE,
        by=by,
        obj=membership,
        changes={"display_name": [old, display_name]},
        verb=_("修改姓名"),
    )
    return user


@transaction.atomic
def membership_delete(*, by: User | None, membership: Membership) -> None:
    """Remove a staff member from a center (the account stays, with other centers)."""
    if by is not None and by.pk == membership.user_id:
        raise PermissionDenied(_("不能把自己移出本中心，请由本中心其他管理员操作。"))
    record_delete(by=by, obj=membership, verb=_("移出本中心"))
