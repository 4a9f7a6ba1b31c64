"""Factories of service notices."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.notices.models import Notice, NoticeCategory


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    category = NoticeCategory.POWER
    title = factory.Sequence(lambda n: f"便民信息{n}")
