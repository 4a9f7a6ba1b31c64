"""The staff home: the current center, and per role what waits for the user.

Apps add to-do items through the Wagtail hook `rongmei_dashboard_items`: a function
`(request, center, roles) -> list[TodoItem]`, `roles` being the user's role codes in
the current center.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .middleware import current_center
from .models import Center
from .roles import GROUP_ROLE_CODES, Role
from .tenancy import record_center_ids, stats_center_ids


@dataclass
class TodoItem:
    role: str
    label: str
    count: int | None
    url: str


# What each role does, shown on the dashboard (../shared/guide/domain.md).
ROLE_DUTIES = {
    Role.REPORTER: _("领取派工任务，提交稿件、图片与视频。"),
    Role.CAMERA: _("领取派工任务，上传图片与视频素材。"),
    Role.EDITOR: _("初审稿件，制作各渠道版本并发布。"),
    Role.DESK_HEAD: _("复审稿件，策划选题并派发任务。"),
    Role.CHIEF_EDITOR: _("终审签发稿件，一票否决。"),
    Role.CHANNEL_OPERATOR: _("运营微信、抖音、快手、头条与客户端账号，登记传播数据。"),
    Role.ENGINEER: _("维护发射设备，填写值班日志，登记播出事故。"),
    Role.PARTY_BRANCH: _("登记三会一课、主题党日等党建活动。"),
    Role.INTEGRITY_OFFICER: _("登记责任书、承诺书、廉政谈话与监督检查。"),
    Role.DIRECTOR: _("查看统计看板与排行，生成工作总结。"),
    Role.ADMINISTRATOR: _("维护系统运行：部门、渠道、台账导入、备份与系统设置。"),
    Role.SECURITY_ADMIN: _("管理人员账号与角色授权，解锁被锁定的账号。"),
    Role.AUDIT_ADMIN: _("查阅与导出审计日志，核验日志完整性。"),
    Role.CITY_VIEWER: _("查看下辖各中心的统计与排行。"),
    Role.PROVINCE_VIEWER: _("查看下辖各中心的统计与排行。"),
}


def user_role_codes(user, center: Center | None) -> list[str]:
    if center is None:
        return []
    if user.is_superuser:
        return [Role.ADMINISTRATOR.value, Role.DIRECTOR.value]
    names = center.membership_set.filter(user=user, is_active=True).values_list(
        "roles__name", flat=True
    )
    order = list(Role.values)
    codes = {GROUP_ROLE_CODES[n] for n in names if n in GROUP_ROLE_CODES}
    return sorted(codes, key=order.index)


class CenterPanel(Component):
    name = "rongmei_center"
    template_name = "core/panels/center.html"
    order = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        request = self.request
        center = current_center(request)
        own = Center.objects.filter(pk__in=record_center_ids(request.user))
        below = Center.objects.filter(pk__in=stats_center_ids(request.user)).exclude(
            pk__in=record_center_ids(request.user)
        )
        return {
            "center": center,
            "centers": own,
            "stats_only_centers": below,
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
        }


class TodoPanel(Component):
    name = "rongmei_todo"
    template_name = "core/panels/todo.html"
    order = 20

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        request = self.request
        center = current_center(request)
        roles = user_role_codes(request.user, center)
        items: list[TodoItem] = []
        if center is not None:
            for fn in hooks.get_hooks("rongmei_dashboard_items"):
                items.extend(fn(request, center, roles))
        by_role = []
        for code in roles:
            role = Role(code)
            by_role.append(
                {
                    "code": code,
                    "label": role.label,
                    "duty": ROLE_DUTIES.get(role, ""),
                    "items": [i for i in items if i.role == code],
                }
            )
        return {"center": center, "roles": by_role}
