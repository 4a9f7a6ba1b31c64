"""Programmes admin: productions show their airings; episodes link to their rundown."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rongmei.programmes.models import Episode, ProductionKind
from rongmei.programmes.services import production_create, production_update, rundown_item_add

from .factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, center, make_user):
    client.force_login(make_user(center, "editor", username="editor-a"))
    return client


def test_productions_listing_shows_airings_in_constant_queries(editor_client, center):
    production_create(
        by=None,
        center=center,
        date=dt.date(2021, 5, 1),
        title="文明城市公益广告",
        kind=ProductionKind.PSA,
        airings=321,
    )
    with CaptureQueriesContext(connection) as few:
        text = editor_client.get(reverse("productions:index")).content.decode()
    assert "播出条次" in text
    assert "321" in text

    for n in range(6):
        production_create(
            by=None, center=center, date=dt.date(2021, 5, n + 2), title=f"作品{n}", kind="psa"
        )
    with CaptureQueriesContext(connection) as many:
        editor_client.get(reverse("productions:index"))
    assert len(many) == len(few)


def test_airings_are_editable_through_the_service(center):
    psa = production_create(
        by=None, center=center, date=dt.date(2021, 5, 1), title="公益广告", kind="psa"
    )
    production_update(by=None, production=psa, airings=40)
    psa.refresh_from_db()
    assert psa.airings == 40


def test_episode_listing_links_to_rundown(editor_client, center):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))

    text = editor_client.get(reverse("episodes:index")).content.decode()

    assert reverse("programmes_rundown", args=[episode.pk]) in text


def test_episode_form_does_not_let_a_rundown_count_be_typed_over(editor_client, center):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1), items=4)
    rundown_item_add(episode=episode, by=None, title="要闻")

    editor_client.post(
        reverse("episodes:edit", args=[episode.pk]),
        {"programme": episode.programme_id, "date": "2021-03-01", "items": "40"},
    )

    assert Episode.objects.get(pk=episode.pk).items == 1


def test_menu_offers_the_rundown_page(editor_client):
    text = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("programmes_rundown_index") in text


def test_episode_listing_queries_do_not_grow_with_rows(editor_client, center):
    first = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))
    rundown_item_add(episode=first, by=None, title="要闻")
    with CaptureQueriesContext(connection) as few:
        editor_client.get(reverse("episodes:index"))
    for n in range(8):
        episode = EpisodeFactory(
            center=center, programme=first.programme, date=dt.date(2021, 4, n + 1)
        )
        rundown_item_add(episode=episode, by=None, title=f"要闻{n}")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(reverse("episodes:index"))

    assert len(many) == len(few)
