"""The staff menu, grouped by the areas of the mission.

Each app puts its admin viewsets into an area by setting
`menu_hook = area_hook("<area>")` on them. Every area also has an overview page, so
an area shows in the menu (and says what it will hold) even before it has records.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    icon: str
    order: int
    description: str


AREAS: tuple[Area, ...] = (
    Area("planning", _("策划指挥"), "calendar-alt", 110, _("线索、选题、派工与报道日历。")),
    Area(
        "newsroom",
        _("采编审校"),
        "doc-full-inverse",
        120,
        _("稿件、渠道版本、栏目、专题、三审三校与机器初筛。"),
    ),
    Area(
        "distribution",
        _("发布与节目"),
        "upload",
        130,
        _("自有渠道、发布任务、传播数据、电视广播节目、直播与作品。"),
    ),
    Area("outreach", _("外宣与考核"), "globe", 140, _("外部媒体、报送与采用、稿分考核。")),
    Area("public", _("公共服务"), "comment", 150, _("曝光台、群众爆料与便民信息。")),
    Area("party", _("党建与队伍"), "group", 160, _("党建活动、党风廉政、人才培训。")),
    Area(
        "broadcast",
        _("安全播出与应急"),
        "warning",
        170,
        _("发射设备、值班日志、播出事故、应急广播。"),
    ),
    Area(
        "reporting",
        _("统计与总结"),
        "table",
        180,
        _("统计口径、数据看板、排行、台账导入与工作总结。"),
    ),
    Area("system", _("系统管理"), "cogs", 190, _("中心、部门、人员与角色、审计日志。")),
)
AREAS_BY_CODE = {a.code: a for a in AREAS}


def area_hook(code: str) -> str:
    """The Wagtail hook name whose menu items make up the area's submenu."""
    if code not in AREAS_BY_CODE:
        raise KeyError(code)
    return f"rongmei_area_{code}"
