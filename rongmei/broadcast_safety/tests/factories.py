"""Factories of broadcast incidents."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from rongmei.broadcast_safety.models import BroadcastIncident, IncidentKind
from rongmei.core.tests.factories import CenterFactory


class BroadcastIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BroadcastIncident

    center = factory.SubFactory(CenterFactory)
    started = dt.datetime(2021, 6, 1, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    system = "FM 98.6"
    kind = IncidentKind.OUTAGE
    duration_seconds = 60
