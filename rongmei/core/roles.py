"""The roles of a center's staff (per ../shared/guide/domain.md) and their group names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REPORTER = "reporter", _("记者")
    CAMERA = "camera", _("摄像")
    EDITOR = "editor", _("编辑")
    DESK_HEAD = "desk_head", _("部门主任")
    CHIEF_EDITOR = "chief_editor", _("总编辑")
    CHANNEL_OPERATOR = "channel_operator", _("新媒体运营")
    ENGINEER = "engineer", _("技术值班员")
    PARTY_BRANCH = "party_branch", _("党支部")
    INTEGRITY_OFFICER = "integrity_officer", _("纪检")
    DIRECTOR = "director", _("主任")
    ADMINISTRATOR = "administrator", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    CITY_VIEWER = "city_viewer", _("市级平台")
    PROVINCE_VIEWER = "province_viewer", _("省级平台")


# Group names are fixed Chinese strings (not translated) so that the groups the
# migration creates can always be found again whatever the user's language.
ROLE_GROUP_NAMES: dict[str, str] = {
    "reporter": "记者",
    "camera": "摄像",
    "editor": "编辑",
    "desk_head": "部门主任",
    "chief_editor": "总编辑",
    "channel_operator": "新媒体运营",
    "engineer": "技术值班员",
    "party_branch": "党支部",
    "integrity_officer": "纪检",
    "director": "主任",
    "administrator": "系统管理员",
    "security_admin": "安全管理员",
    "audit_admin": "审计管理员",
    "city_viewer": "市级平台",
    "province_viewer": "省级平台",
}
GROUP_ROLE_CODES = {name: code for code, name in ROLE_GROUP_NAMES.items()}

# Platform viewers see statistics of the centers under theirs, never their records.
VIEWER_ROLES = frozenset({Role.CITY_VIEWER, Role.PROVINCE_VIEWER})

# 三员分立 (GB/T 22239-2019 8.1.4.2): these three are never held by one person in a center.
SEPARATED_ADMIN_ROLES = (Role.ADMINISTRATOR, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
