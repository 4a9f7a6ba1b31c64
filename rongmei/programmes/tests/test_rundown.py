"""Rundowns (串联单): adding versions and free items, order, locking, the episode's count."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError

from rongmei.core.models import AuditEntry
from rongmei.programmes.models import Episode, RundownItem, RundownKind, RundownStatus
from rongmei.programmes.services import (
    episode_record,
    rundown_item_add,
    rundown_item_move,
    rundown_item_remove,
    rundown_item_update,
    rundown_lock,
    rundown_reorder,
)

from .factories import EpisodeFactory, signed_off_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(center, make_user):
    return make_user(center, "editor", username="editor-a")


@pytest.fixture
def episode(center):
    return EpisodeFactory(center=center, date=dt.date(2021, 3, 1), items=7)


def positions(episode):
    return list(
        RundownItem.objects.filter(episode=episode)
        .order_by("position")
        .values_list("title", "position")
    )


def test_adding_a_signed_off_tv_version_copies_title_and_script(episode, editor):
    version = signed_off_version(episode.center, title="全县春耕生产有序推进")

    item = rundown_item_add(
        episode=episode, by=editor, version=version, duration_seconds=95, presenter_notes="导语"
    )

    assert item.title == "全县春耕生产有序推进"
    assert item.script == "全县春耕生产有序推进。\n记者现场报道。"
    assert item.story == version.story
    assert item.center == episode.center
    assert item.position == 1
    episode.refresh_from_db()
    assert episode.rundown_status == RundownStatus.DRAFT
    assert episode.items == 1  # the recorded 7 gave way to the rundown
    assert AuditEntry.objects.filter(object_type="programmes.RundownItem", action="create").exists()


def test_only_news_items_count_towards_the_episode(episode, editor):
    rundown_item_add(episode=episode, by=editor, title="本期导视", kind=RundownKind.INTRO)
    rundown_item_add(episode=episode, by=editor, title="县委常委会召开", kind=RundownKind.NEWS)
    rundown_item_add(episode=episode, by=editor, title="简讯三则", kind=RundownKind.READ)
    ad = rundown_item_add(episode=episode, by=editor, title="公益广告", kind=RundownKind.AD)

    episode.refresh_from_db()
    assert episode.items == 2

    rundown_item_update(item=ad, by=editor, kind=RundownKind.NEWS)
    episode.refresh_from_db()
    assert episode.items == 3


def test_episode_without_rundown_keeps_its_recorded_count(center, episode):
    episode_record(by=None, center=center, programme=episode.programme, date=episode.date, items=11)
    episode.refresh_from_db()
    assert (episode.items, episode.rundown_status) == (11, RundownStatus.NONE)


def test_ledger_count_does_not_override_a_rundown(center, episode, editor):
    rundown_item_add(episode=episode, by=editor, title="要闻", kind=RundownKind.NEWS)

    episode_record(by=None, center=center, programme=episode.programme, date=episode.date, items=11)

    episode.refresh_from_db()
    assert episode.items == 1


def test_moving_and_removing_keep_positions_contiguous(episode, editor):
    a = rundown_item_add(episode=episode, by=editor, title="甲")
    b = rundown_item_add(episode=episode, by=editor, title="乙")
    c = rundown_item_add(episode=episode, by=editor, title="丙")

    rundown_item_move(item=c, by=editor, direction="up")
    assert positions(episode) == [("甲", 1), ("丙", 2), ("乙", 3)]

    rundown_item_move(item=a, by=editor, direction="up")  # already first: stays
    assert positions(episode) == [("甲", 1), ("丙", 2), ("乙", 3)]

    rundown_item_remove(item=a, by=editor)
    assert positions(episode) == [("丙", 1), ("乙", 2)]
    episode.refresh_from_db()
    assert episode.items == 2

    rundown_reorder(episode=episode, by=editor, order=[b.pk, c.pk])
    assert positions(episode) == [("乙", 1), ("丙", 2)]


def test_reorder_must_name_every_item_once(episode, editor):
    a = rundown_item_add(episode=episode, by=editor, title="甲")
    rundown_item_add(episode=episode, by=editor, title="乙")

    with pytest.raises(ValidationError, match="全部条目"):
        rundown_reorder(episode=episode, by=editor, order=[a.pk, a.pk])

    assert positions(episode) == [("甲", 1), ("乙", 2)]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "请填写条目标题"),
        ({"title": "太长", "duration_seconds": 99999}, "时长应在"),
        ({"title": "类型", "kind": "weather"}, "条目类型无效"),
    ],
)
def test_bad_free_items_are_refused(episode, editor, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        rundown_item_add(episode=episode, by=editor, **kwargs)

    assert not RundownItem.objects.exists()
    episode.refresh_from_db()
    assert (episode.items, episode.rundown_status) == (7, RundownStatus.NONE)


def test_versions_not_fit_for_a_rundown_are_refused(center, other_center, episode, editor):
    from rongmei.newsroom.choices import Stage, VersionStatus

    web = signed_off_version(center, kind="web", title="网站稿")
    draft = signed_off_version(center, title="未签发稿")
    draft.status = VersionStatus.DRAFT
    draft.save()
    withdrawn = signed_off_version(center, title="撤稿")
    withdrawn.story.stage = Stage.WITHDRAWN
    withdrawn.story.save()
    theirs = signed_off_version(other_center, title="邻县稿")

    for version, message in [
        (web, "只有电视稿或广播稿"),
        (draft, "已签发"),
        (withdrawn, "已签发"),
        (theirs, "不属于本中心"),
    ]:
        with pytest.raises(ValidationError, match=message):
            rundown_item_add(episode=episode, by=editor, version=version)

    assert not RundownItem.objects.exists()


def test_a_version_goes_into_one_rundown_only(center, episode, editor):
    version = signed_off_version(center, kind="radio")
    rundown_item_add(episode=episode, by=editor, version=version)
    later = EpisodeFactory(center=center, programme=episode.programme, date=dt.date(2021, 3, 2))

    with pytest.raises(ValidationError, match="已编入"):
        rundown_item_add(episode=later, by=editor, version=version)

    assert not later.rundown_items.exists()


def test_a_locked_rundown_refuses_every_change(episode, editor):
    item = rundown_item_add(episode=episode, by=editor, title="甲")
    rundown_item_add(episode=episode, by=editor, title="乙")
    rundown_lock(episode=episode, by=editor)

    for attempt in (
        lambda: rundown_item_add(episode=episode, by=editor, title="丙"),
        lambda: rundown_item_update(item=item, by=editor, title="改"),
        lambda: rundown_item_move(item=item, by=editor, direction="down"),
        lambda: rundown_item_remove(item=item, by=editor),
    ):
        with pytest.raises(ValidationError, match="已锁定"):
            attempt()

    assert positions(episode) == [("甲", 1), ("乙", 2)]
    rundown_lock(episode=episode, by=editor, locked=False)
    rundown_item_update(item=item, by=editor, title="改")
    assert positions(episode)[0] == ("改", 1)


def test_locking_needs_a_rundown(episode, editor):
    with pytest.raises(ValidationError, match="还没有串联单"):
        rundown_lock(episode=episode, by=editor)
    episode.refresh_from_db()
    assert episode.rundown_status == RundownStatus.NONE


def test_presenter_notes_and_script_are_editable(center, episode, editor):
    item = rundown_item_add(episode=episode, by=editor, version=signed_off_version(center))

    rundown_item_update(
        item=item,
        by=editor,
        presenter_notes="观众朋友们，",
        script="改写后的稿本",
        duration_seconds=60,
    )

    item.refresh_from_db()
    assert (item.presenter_notes, item.script, item.duration_seconds) == (
        "观众朋友们，",
        "改写后的稿本",
        60,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_adds_get_distinct_positions(center, make_user):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite 不支持并发写入；在 PostgreSQL 上运行")
    editor = make_user(center, "editor", username="editor-c")
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))
    errors = []

    def add(n):
        try:
            rundown_item_add(episode=episode, by=editor, title=f"条目{n}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors
    assert sorted(p for _t, p in positions(episode)) == [1, 2, 3, 4, 5, 6]
    assert Episode.objects.get(pk=episode.pk).items == 6
