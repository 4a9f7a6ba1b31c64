"""Outreach admin: listings and exports show the user's own center only."""

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.outreach.models import Adoption
from rongmei.outreach.services import adoption_create, outlet_create


@pytest.fixture
def records(center, other_center):
    own = outlet_create(by=None, center=center, name="青海日报", level="provincial")
    foreign = outlet_create(by=None, center=other_center, name="邻县报", level="county")
    for n in range(5):
        adoption_create(
            by=None, center=center, outlet=own, date=dt.date(2021, 3, n + 1), title=f"本中心稿件{n}"
        )
    other = adoption_create(
        by=None, center=other_center, outlet=foreign, date=dt.date(2021, 3, 1), title="邻县稿件"
    )
    return own, other


@pytest.fixture
def editor_client(client, center, make_user):
    client.force_login(make_user(center, "editor"))
    return client


def test_listing_shows_own_center_only(editor_client, records):
    response = editor_client.get(reverse("adoptions:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "本中心稿件4" in content
    assert "邻县稿件" not in content


def test_listing_queries_do_not_grow_with_rows(editor_client, center, records):
    own, _ = records

    def more_rows():
        for n in range(15):
            adoption_create(
                by=None, center=center, outlet=own, date=dt.date(2021, 4, n + 1), title=f"更多{n}"
            )

    response = assert_queries_do_not_grow(
        lambda: editor_client.get(reverse("adoptions:index")), more_rows
    )
    assert "更多14" in response.content.decode()


def test_another_centers_record_is_not_found(editor_client, records):
    _own, other = records

    assert editor_client.get(reverse("adoptions:edit", args=[other.pk])).status_code == 404
    assert editor_client.get(reverse("adoptions:delete", args=[other.pk])).status_code == 404


def test_export_contains_own_rows_only(editor_client, records):
    response = editor_client.get(reverse("adoptions:index") + "?export=csv")

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.count("本中心稿件") == 5
    assert "邻县稿件" not in content


def test_outlet_choices_are_the_centers_own(editor_client, records):
    response = editor_client.get(reverse("adoptions:add"))

    content = response.content.decode()
    assert "青海日报" in content
    assert "邻县报" not in content


def test_adding_through_the_admin_records_it_for_the_current_center(editor_client, center, records):
    own, _ = records

    response = editor_client.post(
        reverse("adoptions:add"),
        {"outlet": own.pk, "date": "2021-05-01", "title": "后台登记", "placement": "other"},
    )

    assert response.status_code == 302
    assert Adoption.objects.get(title="后台登记").center == center
