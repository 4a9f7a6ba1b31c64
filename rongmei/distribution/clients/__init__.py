"""Connectors: one per platform, behind one interface, so publish jobs never care which.

A connector is called by `publishing.job_run` only; it talks to its platform and reports
what happened through its return value or one of the errors below. It never writes to
the database itself except through `credentials` (its cached access token).

- `publish(job)` sends the job's channel version and returns what the platform gave back.
- `lookup(job)` is asked after an unknown outcome (a timeout after sending): did the
  earlier attempt go out? It returns the result if it did, None if it surely did not, and
  raises `UnknownOutcome` when the platform cannot tell.
- `withdraw(job)` takes a publication down where the platform allows.
- `fetch_figures(publication, start, end, answers)` returns reach figures by day where an
  API exists. `answers` is a dict that lives for one pull: a connector keeps there what the
  platform answered for several publications at once (WeChat: all articles of a day), so
  one pull asks once.

Manual connectors (`manual = True`) are for channels with no API or no credentials: the
job waits for an operator to confirm the publication by hand. Immediate connectors
(`immediate = True`: the own site, in this database, with no network between) run their
publish job at once, inside the transaction that made it, instead of through a worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..models import Channel, Publication, PublishJob


@dataclass(frozen=True)
class PublishResult:
    external_id: str = ""
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DayFigures:
    date: dt.date
    views: int | None = None
    likes: int | None = None
    shares: int | None = None
    comments: int | None = None


class ConnectorError(Exception):
    """The platform refused or failed; `message` is Chinese and shown to the operator."""

    retryable: bool = True

    def __init__(self, message: str, *, code: str = "", retryable: bool | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        if retryable is not None:
            self.retryable = retryable


class CredentialsError(ConnectorError):
    """Missing, wrong or expired credentials: retrying cannot help until someone fixes them."""

    retryable = False


class RateLimited(ConnectorError):  # noqa: N818
    """The platform asks to slow down; retry later."""


class UnknownOutcome(ConnectorError):  # noqa: N818
    """Sent, but no answer came back (timeout, dropped connection): ask `lookup` first."""


class Connector:
    platform: ClassVar[str] = ""
    manual: ClassVar[bool] = False
    immediate: ClassVar[bool] = False
    can_withdraw: ClassVar[bool] = False
    # The platform's API hosts, the only ones it calls (`outbound.py`; a channel's
    # `api_base` must name one of them, or a host of RONGMEI_OUTBOUND_ALLOW).
    allowed_hosts: ClassVar[tuple[str, ...]] = ()

    def __init__(self, channel: Channel):
        self.channel = channel

    def publish(self, *, job: PublishJob) -> PublishResult:
        raise NotImplementedError

    def lookup(self, *, job: PublishJob) -> PublishResult | None:
        raise UnknownOutcome("该平台无法查询上次发布是否成功，请人工核实。", retryable=False)

    def withdraw(self, *, job: PublishJob) -> None:
        raise NotImplementedError

    def fetch_figures(
        self,
        *,
        publication: Publication,
        start: dt.date,
        end: dt.date,
        answers: dict[Any, Any] | None = None,
    ) -> list[DayFigures]:
        return []


_REGISTRY: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    """Class decorator: the connector for `cls.platform`."""
    _REGISTRY[cls.platform] = cls
    return cls


def connector_for(channel: Channel) -> Connector:
    """The channel's connector; the manual one where its platform has none registered."""
    from . import manual, site, wechat  # noqa: F401  (registration)

    cls = _REGISTRY.get(channel.platform) or _REGISTRY["manual"]
    return cls(channel)
