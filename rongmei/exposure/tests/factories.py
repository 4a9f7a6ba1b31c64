"""Factories of exposure-board cases."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.exposure.models import ExposureCase, ExposureStatus


class ExposureCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExposureCase

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"曝光{n}")
    status = ExposureStatus.RECEIVED
