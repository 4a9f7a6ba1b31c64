"""The statistics for machines: `/api/v1/stats`, `/api/v1/stats/monthly`,
`/api/v1/stats/ranking` and `/api/v1/stats/trend`."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from rongmei.core.middleware import current_center
from rongmei.core.models import Center
from rongmei.core.tenancy import center_for_stats_or_404, stats_center_ids

from .series import stats_monthly, stats_trend
from .services import StatsError, check_period, parse_date, stats_document, stats_ranking

router = Router(tags=["reporting"])
# The years a period may span: the figures and their comparison periods (a year or a
# period earlier) stay within what a date holds (year 1 to 9999 gave a server error).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


def _period(start: str, end: str):
    try:
        start_date = parse_date(start, label=_("开始日期 start"))
        end_date = parse_date(end, label=_("结束日期 end"))
        check_period(start_date, end_date)
    except StatsError as exc:
        raise HttpError(400, str(exc)) from exc
    if start_date < FIRST_DAY or end_date > LAST_DAY:
        raise HttpError(400, _("统计期间须在 1900-01-01 至 2100-12-31 之间。"))
    return start_date, end_date


@router.get("/stats")
def stats(request, start: str = "", end: str = "", center: str = "", compare: str = ""):
    """The statistics document of one center (`contracts/statistics.md`).

    Without `center`, the user's current center. A center whose statistics the user
    may not see is answered as not found (404).
    """
    start_date, end_date = _period(start, end)
    center_obj = center_for_stats_or_404(request.user, center or None, current_center(request))
    try:
        return stats_document(
            center=center_obj, start=start_date, end=end_date, compare=compare or None
        )
    except StatsError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/stats/ranking")
def stats_ranking_view(request, start: str = "", end: str = "", metric: str = ""):
    """Centers ranked by one figure of their statistics.

    The contract ranks "every center of the deployment": `manage.py stats_ranking`
    does. Over the API the ranking holds only the centers whose statistics the
    signed-in user may see (their own, and for a city or provincial viewer every
    center below theirs), so no one learns another region's figures this way.
    """
    start_date, end_date = _period(start, end)
    if not metric:
        raise HttpError(400, _("缺少统计指标 metric，例如 outreach.adoptions。"))
    centers = Center.objects.filter(pk__in=stats_center_ids(request.user)).order_by("code")
    try:
        return stats_ranking(centers=centers, start=start_date, end=end_date, metric=metric)
    except StatsError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/stats/monthly")
def stats_monthly_view(
    request, start: str = "", end: str = "", center: str = "", compare: str = ""
):
    """Publications, views and adoptions of one center per month of the period.

    Same parameters and access rules as `/stats`; a period longer than 36 months is
    split by year instead.
    """
    start_date, end_date = _period(start, end)
    center_obj = center_for_stats_or_404(request.user, center or None, current_center(request))
    try:
        return stats_monthly(
            center=center_obj, start=start_date, end=end_date, compare=compare or None
        )
    except StatsError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/stats/trend")
def stats_trend_view(request, start: str = "", end: str = "", metric: str = ""):
    """Each visible center's value of one metric per month: the ranking over time.

    Holds the same centers as `/stats/ranking` for this user.
    """
    start_date, end_date = _period(start, end)
    if not metric:
        raise HttpError(400, _("缺少统计指标 metric，例如 outreach.adoptions。"))
    centers = Center.objects.filter(pk__in=stats_center_ids(request.user)).order_by("code")
    try:
        return stats_trend(centers=centers, start=start_date, end=end_date, metric=metric)
    except StatsError as exc:
        raise HttpError(400, str(exc)) from exc
