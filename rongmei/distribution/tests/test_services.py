"""Distribution services: validation, tenancy of related records, audience upsert, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.distribution.models import AudienceFigure, Publication
from rongmei.distribution.services import (
    audience_record,
    channel_create,
    publication_create,
    publication_update,
)
from rongmei.newsroom.services import campaign_create


def test_publication_create_is_audited(center):
    channel = channel_create(by=None, center=center, name="发布", platform="wechat")

    publication = publication_create(
        by=None, center=center, channel=channel, date=dt.date(2021, 1, 1), title="标题", views=5
    )

    assert AuditEntry.objects.filter(
        object_id=str(publication.pk), action=AuditAction.CREATE
    ).exists()


def test_another_centers_channel_is_refused(center, other_center):
    foreign = channel_create(by=None, center=other_center, name="邻县", platform="wechat")

    with pytest.raises(ValidationError):
        publication_create(
            by=None, center=center, channel=foreign, date=dt.date(2021, 1, 1), title="x"
        )
    assert not Publication.objects.exists()


def test_update_replaces_campaigns_and_figures(center):
    channel = channel_create(by=None, center=center, name="发布", platform="wechat")
    spring = campaign_create(by=None, center=center, name="春耕")
    publication = publication_create(
        by=None, center=center, channel=channel, date=dt.date(2021, 1, 1), title="标题"
    )

    publication_update(by=None, publication=publication, campaigns=[spring], views=100)

    publication.refresh_from_db()
    assert publication.views == 100
    assert list(publication.campaigns.values_list("name", flat=True)) == ["春耕"]


def test_audience_record_keeps_one_row_per_channel_and_day(center):
    channel = channel_create(by=None, center=center, name="发布", platform="wechat")
    audience_record(
        by=None, center=center, channel=channel, date=dt.date(2021, 12, 31), followers=10
    )

    audience_record(by=None, center=center, channel=channel, date=dt.date(2021, 12, 31), visits=7)

    figure = AudienceFigure.objects.get()
    assert (figure.followers, figure.visits) == (10, 7)


def test_audit_can_be_left_to_the_caller(center):
    channel_create(by=None, center=center, name="发布", platform="wechat", audit=False)

    assert not AuditEntry.objects.exists()
