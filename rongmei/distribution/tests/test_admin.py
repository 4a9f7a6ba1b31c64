"""Distribution admin: channels and publications of the user's own center only."""

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.distribution.services import channel_create, publication_create


@pytest.fixture
def records(center, other_center):
    own = channel_create(by=None, center=center, name="示范县发布", platform="wechat")
    foreign = channel_create(by=None, center=other_center, name="邻县发布", platform="wechat")
    for n in range(5):
        publication_create(
            by=None, center=center, channel=own, date=dt.date(2021, 1, n + 1), title=f"本县推送{n}"
        )
    other = publication_create(
        by=None, center=other_center, channel=foreign, date=dt.date(2021, 1, 1), title="邻县推送"
    )
    return own, other


@pytest.fixture
def operator_client(client, center, make_user):
    client.force_login(make_user(center, "channel_operator"))
    return client


def test_publication_listing_is_scoped(operator_client, records):
    response = operator_client.get(reverse("publications:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "本县推送0" in content
    assert "邻县推送" not in content


def test_publication_listing_queries_do_not_grow_with_rows(operator_client, center, records):
    own, _other = records

    def more_rows():
        second = channel_create(by=None, center=center, name="示范县抖音", platform="douyin")
        for n in range(15):
            publication_create(
                by=None, center=center, channel=(own, second)[n % 2],
                date=dt.date(2021, 2, n + 1), title=f"更多推送{n}",
            )  # fmt: skip

    response = assert_queries_do_not_grow(
        lambda: operator_client.get(reverse("publications:index")), more_rows
    )
    assert "更多推送14" in response.content.decode()


def test_channel_listing_and_export_show_own_center_only(operator_client, records):
    listing = operator_client.get(reverse("channels:index")).content.decode()
    export = operator_client.get(reverse("channels:index") + "?export=csv")
    exported = b"".join(export.streaming_content).decode("utf-8-sig")

    assert "示范县发布" in listing
    assert "邻县发布" not in listing
    assert "示范县发布" in exported
    assert "邻县发布" not in exported


def test_another_centers_publication_is_not_found(operator_client, records):
    _own, other = records

    assert operator_client.get(reverse("publications:edit", args=[other.pk])).status_code == 404


def test_a_reporter_has_no_access_to_publications(client, center, make_user, records):
    client.force_login(make_user(center, "reporter"))

    response = client.get(reverse("publications:index"))

    assert response.status_code in (302, 403)
