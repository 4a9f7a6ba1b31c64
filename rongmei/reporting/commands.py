"""What the reporting commands share: reading the period and the center from options."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from rongmei.core.models import Center

from .services import StatsError, check_period, parse_date


def add_period_arguments(parser: CommandParser) -> None:
    parser.add_argument("--start", required=True, help="开始日期 YYYY-MM-DD（含）")
    parser.add_argument("--end", required=True, help="结束日期 YYYY-MM-DD（含）")


def period_from_options(options: dict) -> tuple[dt.date, dt.date]:
    try:
        start = parse_date(options["start"], label=_("开始日期"))
        end = parse_date(options["end"], label=_("结束日期"))
        check_period(start, end)
    except StatsError as exc:
        raise CommandError(str(exc)) from exc
    return start, end


def center_from_option(code: str | None) -> Center:
    """The center named by code; without one, the deployment's only center."""
    if code:
        center = Center.objects.filter(code=code).first()
        if center is None:
            raise CommandError(_("未找到行政区划代码为 %(code)s 的融媒体中心。") % {"code": code})
        return center
    centers = list(Center.objects.all()[:2])
    if not centers:
        raise CommandError(_("尚未创建融媒体中心，请先执行 create_center。"))
    if len(centers) > 1:
        raise CommandError(_("本系统有多个融媒体中心，请用 --center 指定行政区划代码。"))
    return centers[0]
