"""Factories of programmes, episodes, live streams and productions."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.programmes.models import Episode, LiveStream, Production, ProductionKind, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"节目{n}")


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    center = factory.SubFactory(CenterFactory)
    programme = factory.SubFactory(ProgrammeFactory, center=factory.SelfAttribute("..center"))
    # Episodes are unique per programme and day: spread them over days by default.
    date = factory.Sequence(lambda n: dt.date(2021, 1, 1) + dt.timedelta(days=n % 365))
    items = 0


class _Tagged(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def campaigns(self, create, extracted, **kwargs):
        if create and extracted:
            self.campaigns.add(*extracted)


class LiveStreamFactory(_Tagged):
    """A live stream; pass `campaigns=[...]` to tag it."""

    class Meta:
        model = LiveStream

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"直播{n}")
    viewers = 0


class ProductionFactory(_Tagged):
    """A produced work; pass `campaigns=[...]` to tag it."""

    class Meta:
        model = Production

    center = factory.SubFactory(CenterFactory)
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"作品{n}")
    kind = ProductionKind.SPECIAL_FILM


def signed_off_version(center, *, kind="tv", title="全县春耕生产有序推进", body=None):
    """A story signed off (已签发) with a TV or radio version ready to go out."""
    from django.utils import timezone

    from rongmei.newsroom.choices import Stage, VersionStatus
    from rongmei.newsroom.models import ChannelVersion, Story

    story = Story.objects.create(
        center=center, title=title, stage=Stage.PUBLISHED, published_at=timezone.now()
    )
    return ChannelVersion.objects.create(
        center=center,
        story=story,
        kind=kind,
        title=title,
        body=body if body is not None else f"<p>{title}。</p><p>记者现场报道。</p>",
        status=VersionStatus.READY,
    )
