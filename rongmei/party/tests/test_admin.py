"""Party admin: the branch's records, its own center only."""

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.party.models import PartyActivity
from rongmei.party.services import party_activity_create


@pytest.fixture
def records(center, other_center):
    for n in range(3):
        party_activity_create(
            by=None,
            center=center,
            date=dt.date(2021, n + 1, 5),
            kind="theme_day",
            title=f"本支部{n}",
        )
    return party_activity_create(
        by=None, center=other_center, date=dt.date(2021, 1, 5), kind="theme_day", title="邻县支部"
    )


@pytest.fixture
def branch_client(client, center, make_user):
    client.force_login(make_user(center, "party_branch"))
    return client


def test_listing_shows_own_center_only(branch_client, records):
    response = branch_client.get(reverse("party-activities:index"))

    content = response.content.decode()
    assert "本支部2" in content
    assert "邻县支部" not in content


def test_listing_queries_do_not_grow_with_rows(branch_client, center, records):
    def more_rows():
        for n in range(12):
            party_activity_create(
                by=None, center=center, date=dt.date(2021, 6, n + 1), kind="theme_day",
                title=f"更多{n}",
            )  # fmt: skip

    response = assert_queries_do_not_grow(
        lambda: branch_client.get(reverse("party-activities:index")), more_rows
    )
    assert "更多11" in response.content.decode()


def test_another_centers_activity_is_not_found(branch_client, records):
    assert branch_client.get(reverse("party-activities:edit", args=[records.pk])).status_code == 404


def test_export_contains_own_rows_only(branch_client, records):
    response = branch_client.get(reverse("party-activities:index") + "?export=csv")

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.count("本支部") == 3
    assert "邻县支部" not in content


def test_branch_may_not_delete(branch_client, center, records):
    own = PartyActivity.objects.filter(center=center).first()

    response = branch_client.post(reverse("party-activities:delete", args=[own.pk]))

    assert response.status_code in (302, 403)
    assert PartyActivity.objects.filter(pk=own.pk).exists()
