"""python manage.py staff_add USERNAME --center CODE --role ROLE [--role ROLE …]
[--name NAME] [--password-stdin]

Adds a staff member to a center, or roles to one already there, for deployment scripts:
the same services (rules and audit entries) as the staff pages of the admin.
"""

import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rongmei.accounts.models import User
from rongmei.accounts.services import membership_add, staff_create
from rongmei.core.models import Center
from rongmei.core.roles import ROLE_GROUP_NAMES


class Command(BaseCommand):
    help = "为融媒体中心添加人员或为已有人员添加角色（部署脚本用）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录账号")
        parser.add_argument("--center", required=True, help="中心的6位行政区划代码")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=sorted(ROLE_GROUP_NAMES),
            help="角色代码，可重复：" + "、".join(f"{c}={n}" for c, n in ROLE_GROUP_NAMES.items()),
        )
        parser.add_argument("--name", default="", help="姓名（新账号必填）")
        parser.add_argument(
            "--password-stdin", action="store_true", help="从标准输入读取初始密码（一行）"
        )

    def handle(self, *args, username, center, role, name, password_stdin, **options):
        center_obj = Center.objects.filter(code=center).first()
        if center_obj is None:
            raise CommandError(f"没有行政区划代码为 {center} 的中心。")
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("标准输入中没有密码。")
        user = User.objects.filter(username=username.strip()).first()
        try:
            with transaction.atomic():
                if user is None:
                    if not name.strip():
                        raise CommandError("新账号需要用 --name 给出姓名。")
                    if password:
                        validate_password(password)
                    staff_create(
                        center=center_obj,
                        username=username,
                        password=password,
                        display_name=name.strip(),
                        roles=role,
                    )
                    verb = "已新建人员"
                else:
                    if password:
                        raise CommandError("账号已存在：不通过本命令修改已有账号的密码。")
                    membership_add(center=center_obj, user=user, roles=role)
                    verb = "已更新人员"
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            raise CommandError("；".join(messages)) from exc
        names = "、".join(ROLE_GROUP_NAMES[r] for r in role) or "无"
        self.stdout.write(f"{verb}：{username}（{center_obj.name}），角色：{names}")
