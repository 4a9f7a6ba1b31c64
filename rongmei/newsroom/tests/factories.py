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


def newsroom_staff(center, make_user, suffix=""):
    """One reporter, editor, desk head and chief editor of `center`."""
    return {
        role: make_user(center, role, username=f"{role}{suffix}-{center.code}")
        for role in ("reporter", "editor", "desk_head", "chief_editor")
    }


def story_for(center, reporter, title="全力推进创卫工作", body="<p>我县召开创卫推进会。</p>"):
    from rongmei.newsroom import services

    return services.story_create(by=reporter, center=center, title=title, body=body)
