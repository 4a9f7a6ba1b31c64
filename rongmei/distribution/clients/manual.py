"""Channels without an API (or without credentials): an operator publishes by hand.

A job for such a channel waits in the state `MANUAL` on the operator's board until they
confirm it with the publication's link and time (`publishing.job_confirm_manual`).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import Connector, ConnectorError, PublishResult, register


@register
class ManualConnector(Connector):
    platform = "manual"
    manual = True
    can_withdraw = False
    needs_credentials = False

    def publish(self, *, job) -> PublishResult:
        raise ConnectorError(_("该渠道需要人工发布，请发布后在看板上登记链接。"), retryable=False)

    def lookup(self, *, job) -> PublishResult | None:
        return None

    def withdraw(self, *, job) -> None:
        raise ConnectorError(_("该渠道需要人工撤下，请撤下后在看板上确认。"), retryable=False)
