"""Factories of newsroom records: columns and campaigns."""

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.newsroom.models import Campaign, Column


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"栏目{n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"专题{n}")
