"""Pulling publications' reach figures from the platforms' data APIs through the connectors.

Where a platform has a data API (WeChat's 数据统计 interfaces, `/datacube/getarticletotal`),
`figures_pull` asks the channel's connector for each publication's cumulative figures by
day and records them as the publication's `PublicationFigure` rows (source "api") through
`services.publication_figures_record`, so the publication's totals follow its latest day.

Decided here:

- **Window.** A platform keeps reporting an article for about a week after it went out
  (WeChat: seven days), so a pull of the days [start, end] asks about every publication
  of the channel dated in [start − `REPORTED_DAYS`, end]; days the connector returns
  outside [start, end] are ignored.
- **One publication at a time.** Its days are recorded in one transaction: all or none.
  A platform error for one publication (`ConnectorError`, or figures the platform gives
  that cannot be stored) is listed in the result with its Chinese message, and the pull
  goes on with the others. A `CredentialsError` stops the pull of the channel (every
  further call would fail the same way) with its message; publications recorded before
  it stay recorded. No transaction is held open while the platform is asked.
- **One call per day.** Where the platform answers for all articles of a day at once
  (WeChat's getarticletotal), the answer is kept for the rest of the pull (`answers`), so
  several publications of one day cost one call.
- **Idempotent.** A day already stored with the same figures is left as it is (no new
  row, no new source, no new update time), so pulling again changes nothing.
- **Audit.** The figures are recorded without an entry each; every pull leaves one entry
  on the channel with the days, the counts and the errors.
- **Tenancy.** Only the channel's own publications (its center and channel) are asked
  about or written.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction

from . import credentials
from .clients import ConnectorError, CredentialsError, DayFigures, connector_for
from .models import Channel, FigureSource, Publication, PublicationFigure
from .publishing import may_operate
from .services import FIGURE_NAMES, publication_figures_record

if TYPE_CHECKING:
    from rongmei.accounts.models import User

logger = logging.getLogger(__name__)

# How many days after publication a platform still reports an article's figures.
REPORTED_DAYS = 7
AUDIT_VERB = "拉取传播数据"


def _result(channel: Channel, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {
        "channel": channel.pk,
        "channel_name": channel.name,
        "center": channel.center_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "publications": 0,  # asked about
        "recorded": 0,  # days written (new or changed)
        "unchanged": 0,  # days the platform reported as already stored
        "failed": 0,  # publications whose figures could not be pulled
        "errors": [],  # [{"publication", "title", "message"}]
        "stopped": "",  # why the pull stopped early (credentials), else ""
    }


def _values(day: DayFigures) -> dict[str, int]:
    return {name: getattr(day, name) for name in FIGURE_NAMES if getattr(day, name) is not None}


def _validation_message(exc: ValidationError) -> str:
    messages = getattr(exc, "message_dict", None)
    if messages:
        return "；".join(f"{k}：{'、'.join(v)}" for k, v in messages.items())
    return "；".join(exc.messages)


@transaction.atomic
def _record(
    *, by: User | None, publication: Publication, days: list[DayFigures]
) -> tuple[int, int]:
    """Record one publication's days, all or none; (days written, days unchanged)."""
    stored = {
        row.date: row
        for row in PublicationFigure.objects.filter(
            publication=publication, date__in=[d.date for d in days]
        )
    }
    recorded = unchanged = 0
    for day in sorted(days, key=lambda d: d.date):
        values = _values(day)
        if not values:
            continue
        row = stored.get(day.date)
        if row is not None and all(getattr(row, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        publication_figures_record(
            by=by,
            publication=publication,
            date=day.date,
            source=FigureSource.API,
            audit=False,
            **values,
        )
        recorded += 1
    return recorded, unchanged


def figures_pull(
    *, channel: Channel, start: dt.date, end: dt.date, by: User | None = None
) -> dict[str, Any]:
    """Pull the reach figures of `channel`'s publications for the days [start, end].

    Returns a summary (JSON-serialisable): counts, the errors of single publications
    (Chinese messages) and, where the pull stopped early, why (`stopped`).
    """
    if by is not None and not may_operate(by, channel.center_id):
        raise PermissionDenied(
            _("只有新媒体运营、部门主任、总编辑、主任或管理员可以拉取传播数据。")
        )
    if start > end:
        raise ValidationError(_("开始日期不能晚于结束日期。"))
    result = _result(channel, start, end)
    connector = connector_for(channel)
    publications = list(
        Publication.objects.filter(
            center_id=channel.center_id,
            channel=channel,
            date__gte=start - dt.timedelta(days=REPORTED_DAYS),
            date__lte=end,
        ).order_by("date", "pk")
    )
    if connector.manual:
        result["stopped"] = _("渠道“%(name)s”没有可用的数据接口，请导入平台导出的数据表。") % {
            "name": channel.name
        }
        publications = []
    answers: dict[Any, Any] = {}  # what the platform answered, kept for this pull only
    for publication in publications:
        result["publications"] += 1
        try:
            days = connector.fetch_figures(
                publication=publication,
                start=max(start, publication.date),
                end=end,
                answers=answers,
            )
            days = [d for d in days if start <= d.date <= end]
            recorded, unchanged = _record(by=by, publication=publication, days=days)
        except CredentialsError as exc:
            result["failed"] += 1
            result["stopped"] = exc.message
            _error(result, publication, exc.message)
            break
        except ConnectorError as exc:
            result["failed"] += 1
            _error(result, publication, exc.message)
            continue
        except ValidationError as exc:
            result["failed"] += 1
            message = _("平台返回的数据无法保存：%(error)s") % {"error": _validation_message(exc)}
            _error(result, publication, message)
            continue
        result["recorded"] += recorded
        result["unchanged"] += unchanged
    audit_record(
        action=AuditAction.IMPORT,
        by=by,
        obj=channel,
        verb=AUDIT_VERB,
        changes={
            k: result[k]
            for k in ("start", "end", "publications", "recorded", "unchanged", "failed")
        }
        | {
            "errors": [f"{e['title']}：{e['message']}" for e in result["errors"]][:20],
            "stopped": result["stopped"],
        },
    )
    return result


def _error(result: dict[str, Any], publication: Publication, message: str) -> None:
    result["errors"].append(
        {"publication": publication.pk, "title": publication.title, "message": message}
    )


def pullable_channels():
    """Active channels whose connector has a data API and which have credentials."""
    channels = (
        Channel.objects.filter(is_active=True, center__is_active=True)
        .exclude(credentials_encrypted="")
        .select_related("center")
        .order_by("center__code", "platform", "pk")
    )
    return [c for c in channels if credentials.has_credentials(c) and not connector_for(c).manual]


def figures_pull_all(*, day: dt.date | None = None, by: User | None = None) -> list[dict]:
    """Pull `day`'s figures (yesterday by default) for every channel with a data API.

    One channel's failure (even an unexpected one) never keeps the others from their pull.
    """
    day = day or timezone.localdate() - dt.timedelta(days=1)
    results = []
    for channel in pullable_channels():
        try:
            results.append(figures_pull(channel=channel, start=day, end=day, by=by))
        except Exception:  # a bug or outage of one channel must not stop the others
            logger.exception("reach pull of channel %s failed", channel.pk)
            result = _result(channel, day, day)
            result["stopped"] = _("拉取时出现意外错误，请查看服务器日志。")
            results.append(result)
    return results


def pull_summary(result: dict[str, Any]) -> str:
    """One line in Chinese for a pull's result (the command prints it)."""
    line = _(
        "%(channel)s（%(start)s 至 %(end)s）：查询 %(publications)d 篇，写入 %(recorded)d 天数据，"
        "未变 %(unchanged)d 天，失败 %(failed)d 篇。"
    ) % {
        "channel": result["channel_name"],
        "start": result["start"],
        "end": result["end"],
        "publications": result["publications"],
        "recorded": result["recorded"],
        "unchanged": result["unchanged"],
        "failed": result["failed"],
    }
    if result["stopped"]:
        # One message, so that a language with spaces between sentences puts one here.
        line = _("%(summary)s已停止：%(reason)s") % {"summary": line, "reason": result["stopped"]}
    return line
