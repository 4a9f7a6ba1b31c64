"""Factories of training events."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.training.models import TrainingEvent, TrainingKind


class TrainingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingEvent

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"培训{n}")
    kind = TrainingKind.COURSE
    attendees = 0
