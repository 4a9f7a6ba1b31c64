"""Factories of party-building activities."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.party.models import ActivityKind, PartyActivity, PartyMember


class PartyActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyActivity

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    kind = ActivityKind.THEME_DAY
    title = factory.Sequence(lambda n: f"党建活动{n}")


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
