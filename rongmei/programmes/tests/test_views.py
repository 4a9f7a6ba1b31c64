"""Rundown pages: scoped to the center, permissions, actions, exports, query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rongmei.programmes.exports import prompter_pdf, rundown_csv
from rongmei.programmes.models import Episode, RundownItem, RundownStatus
from rongmei.programmes.selectors import rundown_items
from rongmei.programmes.services import rundown_item_add, rundown_lock

from .factories import EpisodeFactory, signed_off_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(center, make_user):
    return make_user(center, "editor", username="editor-v")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def episode(center):
    return EpisodeFactory(center=center, date=timezone.localdate(), items=5)


@pytest.fixture
def theirs(other_center, make_user):
    user = make_user(other_center, "editor", username="their-editor")
    episode = EpisodeFactory(center=other_center, date=timezone.localdate())
    item = rundown_item_add(episode=episode, by=user, title="邻县条目")
    return episode, item


def url(name, *args):
    return reverse(name, args=args)


def test_rundown_page_shows_items_total_and_available_versions(editor_client, center, episode):
    rundown_item_add(episode=episode, by=None, title="县委常委会召开", duration_seconds=90)
    rundown_item_add(episode=episode, by=None, title="天气预报", kind="other", duration_seconds=45)
    signed_off_version(center, title="可编入的电视稿")
    signed_off_version(center, kind="web", title="网站稿不出现")

    page = editor_client.get(url("programmes_rundown", episode.pk))

    assert page.status_code == 200
    text = page.content.decode()
    assert "县委常委会召开" in text
    assert "天气预报" in text
    assert 'data-testid="total">2:15<' in text
    assert 'data-testid="counted">1<' in text
    assert "可编入的电视稿" in text
    assert "网站稿不出现" not in text


def test_adding_through_the_page(editor_client, center, episode):
    version = signed_off_version(center, title="全县春耕生产有序推进")

    response = editor_client.post(
        url("programmes_rundown_add", episode.pk),
        {"version": version.pk, "title": "", "kind": "news", "duration_seconds": "1:30"},
    )
    editor_client.post(
        url("programmes_rundown_add", episode.pk),
        {"title": "口播简讯", "kind": "read", "duration_seconds": "40", "presenter_notes": "简讯"},
    )

    assert response.status_code == 302
    items = list(episode.rundown_items.order_by("position"))
    assert [(i.title, i.duration_seconds, i.version_id) for i in items] == [
        ("全县春耕生产有序推进", 90, version.pk),
        ("口播简讯", 40, None),
    ]
    episode.refresh_from_db()
    assert episode.items == 2


def test_bad_input_is_refused_with_a_chinese_message(editor_client, episode):
    response = editor_client.post(
        url("programmes_rundown_add", episode.pk),
        {"title": "", "kind": "news", "duration_seconds": "abc"},
        follow=True,
    )

    text = response.content.decode()
    assert "时长请填写秒数" in text
    assert "自由条目请填写标题" in text
    assert not RundownItem.objects.exists()
    episode.refresh_from_db()
    assert (episode.items, episode.rundown_status) == (5, RundownStatus.NONE)


def test_moving_editing_removing_and_locking_through_the_page(editor_client, episode):
    a = rundown_item_add(episode=episode, by=None, title="甲")
    b = rundown_item_add(episode=episode, by=None, title="乙")

    editor_client.post(url("programmes_rundown_move", episode.pk, b.pk, "up"))
    assert list(episode.rundown_items.order_by("position").values_list("title", flat=True)) == [
        "乙",
        "甲",
    ]

    page = editor_client.get(url("programmes_rundown_item", episode.pk, a.pk))
    assert page.status_code == 200
    editor_client.post(
        url("programmes_rundown_item", episode.pk, a.pk),
        {
            "title": "甲（改）",
            "kind": "news",
            "duration_seconds": "2:00",
            "presenter_notes": "观众朋友们",
            "script": "稿本",
        },
    )
    a.refresh_from_db()
    assert (a.title, a.duration_seconds, a.presenter_notes) == ("甲（改）", 120, "观众朋友们")

    editor_client.post(url("programmes_rundown_remove", episode.pk, b.pk))
    assert list(episode.rundown_items.values_list("title", "position")) == [("甲（改）", 1)]

    editor_client.post(url("programmes_rundown_lock", episode.pk), {"locked": "1"})
    episode.refresh_from_db()
    assert episode.rundown_status == RundownStatus.LOCKED
    response = editor_client.post(
        url("programmes_rundown_add", episode.pk), {"title": "丙", "kind": "news"}, follow=True
    )
    assert "串联单已锁定" in response.content.decode()
    assert episode.rundown_items.count() == 1


@pytest.mark.parametrize(
    ("method", "name", "extra"),
    [
        ("get", "programmes_rundown", ()),
        ("get", "programmes_rundown_csv", ()),
        ("get", "programmes_rundown_pdf", ()),
        ("post", "programmes_rundown_add", ()),
        ("post", "programmes_rundown_lock", ()),
        ("get", "programmes_rundown_item", ("item",)),
        ("post", "programmes_rundown_move", ("item", "down")),
        ("post", "programmes_rundown_remove", ("item",)),
    ],
)
def test_another_centers_rundown_is_not_found(editor_client, theirs, method, name, extra):
    episode, item = theirs
    args = [episode.pk] + [item.pk if e == "item" else e for e in extra]

    data = {"title": "闯入", "kind": "news", "locked": "1"} if method == "post" else None
    response = getattr(editor_client, method)(url(name, *args), data)

    assert response.status_code == 404
    assert list(episode.rundown_items.values_list("title", "position")) == [("邻县条目", 1)]
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.DRAFT


def test_an_item_of_another_episode_is_not_found(editor_client, center, episode):
    other = EpisodeFactory(center=center, programme=episode.programme, date=dt.date(2021, 1, 9))
    item = rundown_item_add(episode=other, by=None, title="别期条目")

    response = editor_client.post(url("programmes_rundown_remove", episode.pk, item.pk))

    assert response.status_code == 404
    assert RundownItem.objects.filter(pk=item.pk).exists()


def test_staff_without_programme_rights_change_nothing(client, center, make_user, episode):
    client.force_login(make_user(center, "reporter", username="reporter-v"))
    item = rundown_item_add(episode=episode, by=None, title="甲")

    # Wagtail answers a refused admin request by sending the user back to the dashboard.
    refused = [
        client.get(url("programmes_rundown", episode.pk)),
        client.post(url("programmes_rundown_add", episode.pk), {"title": "乙"}),
        client.post(url("programmes_rundown_remove", episode.pk, item.pk)),
        client.post(url("programmes_rundown_lock", episode.pk), {"locked": "1"}),
    ]
    assert [r.status_code for r in refused] == [302] * 4
    assert all(r["Location"] == "/admin/" for r in refused)
    assert list(episode.rundown_items.values_list("title", flat=True)) == ["甲"]
    assert Episode.objects.get(pk=episode.pk).rundown_status == RundownStatus.DRAFT


def test_rundown_page_queries_do_not_grow_with_items(editor_client, center, episode):
    rundown_item_add(episode=episode, by=None, version=signed_off_version(center, title="稿0"))
    signed_off_version(center, title="未编入0")
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(url("programmes_rundown", episode.pk)).status_code == 200
    for n in range(1, 8):
        rundown_item_add(
            episode=episode, by=None, version=signed_off_version(center, title=f"稿{n}")
        )
        signed_off_version(center, title=f"未编入{n}")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url("programmes_rundown", episode.pk))

    assert len(many) == len(few)


def test_rundown_index_lists_own_episodes_in_constant_queries(
    editor_client, center, other_center, episode
):
    EpisodeFactory(center=other_center, date=timezone.localdate())
    rundown_item_add(episode=episode, by=None, title="甲", duration_seconds=75)
    with CaptureQueriesContext(connection) as few:
        page = editor_client.get(url("programmes_rundown_index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert episode.programme.name in text
    assert "1:15" in text
    assert text.count('href="/admin/programmes/rundown/') == 2  # date and name of one row

    for n in range(1, 6):
        EpisodeFactory(
            center=center, programme=episode.programme, date=timezone.localdate() - dt.timedelta(n)
        )
    with CaptureQueriesContext(connection) as many:
        editor_client.get(url("programmes_rundown_index"))

    assert len(many) == len(few)


def test_csv_export_opens_in_excel(editor_client, episode):
    rundown_item_add(episode=episode, by=None, title="县委常委会召开", duration_seconds=90)

    response = editor_client.get(url("programmes_rundown_csv", episode.pk))

    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("序号,类型,标题,时长")
    assert lines[1].startswith("1,新闻,县委常委会召开,1:30,90")
    assert lines[-1].startswith(",,合计,1:30,90")


def _pdf_text(pdf: bytes) -> str:
    """The text drawn by an uncompressed reportlab PDF with a UCS-2 CID font."""
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def unescape(raw: bytes) -> bytes:
        out, i = bytearray(), 0
        while i < len(raw):
            c = raw[i : i + 1]
            if c != b"\\":
                out += c
                i += 1
                continue
            nxt = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
            else:
                out += escapes.get(nxt, nxt)
                i += 2
        return bytes(out)

    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pdf, flags=re.S)
    return "".join(unescape(s).decode("utf-16-be", "replace") for s in strings)


def test_prompter_pdf_has_one_page_per_item_with_its_text(center, episode):
    rundown_item_add(episode=episode, by=None, title="县委常委会召开", presenter_notes="观众朋友们")
    rundown_item_add(
        episode=episode, by=None, version=signed_off_version(center, title="全县春耕生产有序推进")
    )
    items = rundown_items(episode=episode)

    pdf = prompter_pdf(episode=episode, items=items, compress=False)

    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/Type /Pages\s[^>]*?/Count 2\b", pdf) or b"/Count 2" in pdf
    text = _pdf_text(pdf)
    assert "县委常委会召开" in text
    assert "观众朋友们" in text
    assert "全县春耕生产有序推进" in text
    assert "记者现场报道" in text  # the script copied from the version


def test_prompter_pdf_download(editor_client, episode):
    rundown_item_add(episode=episode, by=None, title="甲")

    response = editor_client.get(url("programmes_rundown_pdf", episode.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_csv_of_an_empty_rundown_has_header_and_total(episode):
    lines = rundown_csv(episode=episode, items=[]).decode("utf-8-sig").splitlines()
    assert len(lines) == 2


def test_locked_rundown_page_offers_no_editing(editor_client, episode):
    rundown_item_add(episode=episode, by=None, title="甲")
    rundown_lock(episode=episode, by=None)

    text = editor_client.get(url("programmes_rundown", episode.pk)).content.decode()

    assert "加入串联单" not in text
    assert "解除锁定" in text
