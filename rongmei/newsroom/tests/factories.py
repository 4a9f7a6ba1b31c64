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


def signed_off_story(center, staff, title="全力推进创卫工作"):
    """A story of `center` taken through 三审三校 by `newsroom_staff` and signed off."""
    from rongmei.newsroom import services

    story = story_for(center, staff["reporter"], title=title)
    services.story_submit(story=story, by=staff["reporter"])
    for role in ("editor", "desk_head", "chief_editor"):
        story = services.review_decide(
            story=story, by=staff[role], action="approve", opinion="同意"
        )
    return story
