"""Factories of integrity records."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.integrity.models import IntegrityKind, IntegrityRecord


class IntegrityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrityRecord

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    kind = IntegrityKind.INTEGRITY_TALK
    count = 1
