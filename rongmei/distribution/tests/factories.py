"""Factories of own channels, publications and audience figures."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.distribution.models import AudienceFigure, Channel, Platform, Publication


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"融媒渠道{n}")
    platform = Platform.WECHAT


class PublicationFactory(factory.django.DjangoModelFactory):
    """A publication; pass `campaigns=[...]` to tag it."""

    class Meta:
        model = Publication
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    channel = factory.SubFactory(ChannelFactory, center=factory.SelfAttribute("..center"))
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"新闻{n}")
    views = 0

    @factory.post_generation
    def campaigns(self, create, extracted, **kwargs):
        if create and extracted:
            self.campaigns.add(*extracted)


class AudienceFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceFigure

    center = factory.SubFactory(CenterFactory)
    channel = factory.SubFactory(ChannelFactory, center=factory.SelfAttribute("..center"))
    date = dt.date(2021, 6, 1)
    followers = None
    visits = None
