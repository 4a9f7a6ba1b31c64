"""The programmes admin writes through the services: rules are Chinese form errors with
nothing written, every add, edit and delete is audited, and statuses (a rundown's lock,
a live stream's 计划/直播中/已结束/取消) move only by the transition buttons."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rongmei.core.models import AuditEntry
from rongmei.core.tests.helpers import audited, work_in
from rongmei.programmes.models import (
    Episode,
    LiveStatus,
    LiveStream,
    Production,
    Programme,
    RundownStatus,
)
from rongmei.programmes.services import (
    live_stream_create,
    live_stream_plan,
    production_create,
    programme_create,
    programme_delete,
    rundown_item_add,
    rundown_lock,
)

from .factories import EpisodeFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def director(client, center, make_user):
    return work_in(client, make_user(center, "director", username="dir-p"), center)


# -- programmes ----------------------------------------------------------------------------


def test_programme_add_edit_delete_are_audited(client, center, director):
    assert client.post(reverse("programmes:add"), {"name": "示范新闻"}).status_code == 302
    programme = Programme.objects.get()
    assert programme.center == center
    assert audited(programme, "create").exists()

    url = reverse("programmes:edit", args=[programme.pk])
    assert client.post(url, {"name": "示范县新闻"}).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "示范县新闻"
    assert audited(programme, "update").get().changes["name"] == ["示范新闻", "示范县新闻"]

    assert client.post(reverse("programmes:delete", args=[programme.pk])).status_code == 302
    assert not Programme.objects.exists()
    assert audited(programme, "delete").exists()


def test_programme_with_episodes_is_not_deleted(client, center, director):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))

    # Wagtail's usage check may refuse first (the episodes protect it); either way
    # nothing is deleted.
    client.post(reverse("programmes:delete", args=[episode.programme_id]))

    assert Programme.objects.filter(pk=episode.programme_id).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()
    with pytest.raises(ValidationError, match="该节目已有播出记录，不能删除"):
        programme_delete(by=director, programme=episode.programme)


def test_duplicate_programme_name_is_refused(client, center, director):
    programme_create(by=None, center=center, name="示范新闻")

    response = client.post(reverse("programmes:add"), {"name": "示范新闻"})

    assert response.status_code == 200
    assert Programme.objects.count() == 1


# -- episodes ------------------------------------------------------------------------------


def test_an_episode_day_recorded_twice_is_refused_not_overwritten(client, center, director):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1), items=5)

    response = client.post(
        reverse("episodes:add"),
        {"programme": episode.programme_id, "date": "2021-03-01", "items": "9"},
    )

    assert response.status_code == 200
    assert "该节目当天已有播出记录" in response.content.decode()
    episode.refresh_from_db()
    assert episode.items == 5
    assert Episode.objects.count() == 1


def test_episode_add_edit_delete_are_audited(client, center, director):
    programme = programme_create(by=None, center=center, name="示范新闻")
    data = {"programme": programme.pk, "date": "2021-03-01", "items": "8"}
    assert client.post(reverse("episodes:add"), data).status_code == 302
    episode = Episode.objects.get()
    assert (episode.items, episode.center) == (8, center)
    assert audited(episode, "create").exists()

    url = reverse("episodes:edit", args=[episode.pk])
    assert client.post(url, {**data, "items": "12", "duration_minutes": "30"}).status_code == 302
    episode.refresh_from_db()
    assert (episode.items, episode.duration_minutes) == (12, 30)
    assert audited(episode, "update").get().changes["items"] == [8, 12]

    assert client.post(reverse("episodes:delete", args=[episode.pk])).status_code == 302
    assert not Episode.objects.exists()
    assert audited(episode, "delete").exists()


def test_rundown_lock_and_unlock_are_buttons(client, center, director):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))
    edit = reverse("episodes:edit", args=[episode.pk])
    lock = reverse("episodes:transition", args=[episode.pk, "lock"])
    unlock = reverse("episodes:transition", args=[episode.pk, "unlock"])

    # No rundown yet: nothing to lock.
    assert lock not in client.get(edit).content.decode()
    client.post(lock)
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.NONE

    rundown_item_add(episode=episode, by=None, title="要闻")
    page = client.get(edit).content.decode()
    assert lock in page
    assert unlock not in page
    assert client.post(lock).status_code == 302
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.LOCKED
    assert audited(episode, "transition").get().changes["rundown_status"] == ["draft", "locked"]

    assert unlock in client.get(edit).content.decode()
    client.post(unlock)
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.DRAFT


def test_a_locked_rundowns_episode_is_not_deleted(client, center, director):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))
    rundown_item_add(episode=episode, by=None, title="要闻")
    rundown_lock(episode=episode, by=None)

    response = client.post(reverse("episodes:delete", args=[episode.pk]), follow=True)

    assert "串联单已锁定" in response.content.decode()
    assert Episode.objects.filter(pk=episode.pk).exists()


def test_a_role_without_change_permission_gets_no_transition(client, center, make_user):
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))
    rundown_item_add(episode=episode, by=None, title="要闻")
    work_in(client, make_user(center, "reporter", username="rep-p"), center)

    response = client.post(reverse("episodes:transition", args=[episode.pk, "lock"]))

    assert response.status_code in (302, 403)
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.DRAFT


# -- live streams --------------------------------------------------------------------------


def stream_data(**overrides):
    data = {
        "date": TOMORROW.isoformat(),
        "title": "县两会开幕直播",
        "starts_at": "",
        "ends_at": "",
        "platforms": "",
        "links": "",
        "viewers": "0",
    }
    data.update(overrides)
    return data


def test_a_posted_status_is_ignored(client, center, director):
    assert client.post(reverse("live_streams:add"), stream_data(status="ended")).status_code == 302
    stream = LiveStream.objects.get()
    assert stream.status == LiveStatus.PLANNED
    assert audited(stream, "create").exists()

    url = reverse("live_streams:edit", args=[stream.pk])
    response = client.post(url, stream_data(title="县两会开幕式直播", status="cancelled"))
    assert response.status_code == 302
    stream.refresh_from_db()
    assert (stream.title, stream.status) == ("县两会开幕式直播", LiveStatus.PLANNED)
    assert "status" not in audited(stream, "update").get().changes


def test_viewers_of_a_planned_stream_are_refused_on_edit(client, center, director):
    stream = live_stream_plan(by=None, center=center, date=TOMORROW, title="直播")

    response = client.post(
        reverse("live_streams:edit", args=[stream.pk]), stream_data(title="直播", viewers="50")
    )

    assert response.status_code == 200
    assert "直播结束后才能填写观看量" in response.content.decode()
    stream.refresh_from_db()
    assert stream.viewers == 0
    assert not audited(stream, "update").exists()


def test_end_before_start_is_refused(client, center, director):
    response = client.post(
        reverse("live_streams:add"),
        stream_data(starts_at=f"{TOMORROW} 10:00", ends_at=f"{TOMORROW} 09:00"),
    )

    assert response.status_code == 200
    assert "结束时间不能早于开始时间" in response.content.decode()
    assert not LiveStream.objects.exists()


def test_live_stream_transitions(client, center, director):
    stream = live_stream_plan(by=None, center=center, date=TOMORROW, title="直播")
    edit = reverse("live_streams:edit", args=[stream.pk])

    def go(name):
        return client.post(reverse("live_streams:transition", args=[stream.pk, name]))

    page = client.get(edit).content.decode()
    assert "开始直播" in page
    assert "取消直播" in page
    assert go("start").status_code == 302
    assert LiveStream.objects.get(pk=stream.pk).status == LiveStatus.LIVE
    # A stream on air is not cancelled.
    assert "取消直播" not in client.get(edit).content.decode()
    go("cancel")
    assert LiveStream.objects.get(pk=stream.pk).status == LiveStatus.LIVE

    go("end")
    assert LiveStream.objects.get(pk=stream.pk).status == LiveStatus.ENDED
    entries = AuditEntry.objects.filter(object_id=str(stream.pk), action="transition")
    assert [e.changes["status"] for e in entries.order_by("pk")] == [
        ["planned", "live"],
        ["live", "ended"],
    ]
    # Ended: now the viewers are entered.
    response = client.post(edit, stream_data(title="直播", viewers="3100"))
    assert response.status_code == 302
    assert LiveStream.objects.get(pk=stream.pk).viewers == 3100


def test_live_stream_delete_is_audited(client, center, director):
    stream = live_stream_create(by=None, center=center, date=YESTERDAY, title="直播")

    assert client.post(reverse("live_streams:delete", args=[stream.pk])).status_code == 302

    assert not LiveStream.objects.exists()
    assert audited(stream, "delete").exists()


# -- productions ---------------------------------------------------------------------------


def test_production_add_edit_delete_are_audited(client, center, director):
    data = {"date": "2021-05-01", "title": "公益广告", "kind": "psa", "airings": "10"}
    assert client.post(reverse("productions:add"), data).status_code == 302
    production = Production.objects.get()
    assert audited(production, "create").exists()

    url = reverse("productions:edit", args=[production.pk])
    response = client.post(url, {**data, "airings": "-3"})
    assert response.status_code == 200
    production.refresh_from_db()
    assert production.airings == 10
    assert client.post(url, {**data, "airings": "40"}).status_code == 302
    production.refresh_from_db()
    assert production.airings == 40
    assert audited(production, "update").get().changes["airings"] == [10, 40]

    assert client.post(reverse("productions:delete", args=[production.pk])).status_code == 302
    assert not Production.objects.exists()
    assert audited(production, "delete").exists()


def test_a_keeper_without_delete_permission_cannot_delete(client, center, make_user):
    production = production_create(
        by=None, center=center, date=dt.date(2021, 5, 1), title="公益广告", kind="psa"
    )
    work_in(client, make_user(center, "editor", username="ed-p"), center)

    client.post(reverse("productions:delete", args=[production.pk]))

    assert Production.objects.filter(pk=production.pk).exists()
