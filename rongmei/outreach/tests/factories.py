"""Factories of outside outlets and adoptions."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.outreach.models import Adoption, Outlet, OutletLevel, Placement


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"媒体{n}")
    level = OutletLevel.CENTRAL
    parent = None


class AdoptionFactory(factory.django.DjangoModelFactory):
    """An adoption; pass `campaigns=[...]` to tag it."""

    class Meta:
        model = Adoption
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    outlet = factory.SubFactory(OutletFactory, center=factory.SelfAttribute("..center"))
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"外宣稿件{n}")
    placement = Placement.OTHER

    @factory.post_generation
    def campaigns(self, create, extracted, **kwargs):
        if create and extracted:
            self.campaigns.add(*extracted)
