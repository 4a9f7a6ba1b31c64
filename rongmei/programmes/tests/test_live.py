"""Live streams: times, status, links, duty staff, channels; viewers only after the end."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rongmei.distribution.tests.factories import ChannelFactory
from rongmei.programmes.models import LiveStatus, LiveStream
from rongmei.programmes.services import (
    live_stream_create,
    live_stream_record_viewers,
    live_stream_update,
)

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)


@pytest.fixture
def operator(center, make_user):
    return make_user(center, "channel_operator", username="operator-l")


def _planned(center, **kwargs):
    return live_stream_create(
        by=None, center=center, date=TOMORROW, title="县两会开幕直播", **kwargs
    )


def test_a_planned_stream_with_staff_channels_and_links(center, operator):
    channel = ChannelFactory(center=center, name="融媒抖音", platform="douyin")
    start = timezone.make_aware(dt.datetime.combine(TOMORROW, dt.time(9)))

    stream = _planned(
        center,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        links="https://live.example.cn/1\n\nhttps://v.douyin.com/abc",
        channels=[channel],
        duty_staff=[operator],
    )

    assert stream.status == LiveStatus.PLANNED
    assert list(stream.channels.all()) == [channel]
    assert list(stream.duty_staff.all()) == [operator]


def test_ledger_streams_of_the_past_have_ended(center):
    stream = live_stream_create(
        by=None, center=center, date=dt.date(2021, 6, 1), title="往期直播", viewers=5000
    )
    assert stream.status == LiveStatus.ENDED


def test_viewers_only_after_the_end(center, operator):
    stream = _planned(center)

    with pytest.raises(ValidationError, match="直播结束后才能填写观看量"):
        live_stream_record_viewers(by=operator, live_stream=stream, viewers=1200)
    assert LiveStream.objects.get(pk=stream.pk).viewers == 0

    live_stream_update(by=operator, live_stream=stream, status=LiveStatus.ENDED)
    live_stream_record_viewers(by=operator, live_stream=stream, viewers=1200)
    assert LiveStream.objects.get(pk=stream.pk).viewers == 1200


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"links": "https://ok.example.cn\nnot a link"}, "not a link"),
        ({"links": "ftp://files.example.cn/x"}, "不是有效网址"),
        ({"viewers": 10, "status": LiveStatus.PLANNED}, "直播结束后"),
    ],
)
def test_bad_streams_are_refused(center, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _planned(center, **kwargs)
    assert not LiveStream.objects.exists()


def test_end_before_start_is_refused(center):
    start = timezone.make_aware(dt.datetime.combine(TOMORROW, dt.time(9)))
    with pytest.raises(ValidationError, match="结束时间不能早于开始时间"):
        _planned(center, starts_at=start, ends_at=start - dt.timedelta(minutes=1))
    assert not LiveStream.objects.exists()


def test_duty_staff_and_channels_of_another_center_are_refused(
    center, other_center, make_user, operator
):
    stranger = make_user(other_center, "channel_operator", username="stranger-l")
    their_channel = ChannelFactory(center=other_center, name="邻县抖音")
    stream = _planned(center, duty_staff=[operator])

    with pytest.raises(ValidationError, match="值班人员必须是本中心"):
        live_stream_update(by=None, live_stream=stream, duty_staff=[operator, stranger])
    with pytest.raises(ValidationError, match="不属于本中心"):
        live_stream_update(by=None, live_stream=stream, channels=[their_channel])

    assert list(stream.duty_staff.all()) == [operator]
    assert not stream.channels.exists()


# -- admin --------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, center, make_user):
    client.force_login(make_user(center, "editor", username="editor-l"))
    return client


def test_listing_shows_own_streams_in_constant_queries(
    editor_client, center, other_center, operator
):
    _planned(center, duty_staff=[operator])
    live_stream_create(by=None, center=other_center, date=TOMORROW, title="邻县直播")
    with CaptureQueriesContext(connection) as few:
        page = editor_client.get(reverse("live_streams:index"))
    text = page.content.decode()
    assert "县两会开幕直播" in text
    assert "邻县直播" not in text
    assert "计划" in text

    for n in range(8):
        live_stream_create(
            by=None, center=center, date=dt.date(2021, 1, n + 1), title=f"直播{n}", viewers=n
        )
    with CaptureQueriesContext(connection) as many:
        editor_client.get(reverse("live_streams:index"))

    assert len(many) == len(few)


def test_another_centers_stream_is_not_found(editor_client, other_center):
    theirs = live_stream_create(by=None, center=other_center, date=TOMORROW, title="邻县直播")
    assert editor_client.get(reverse("live_streams:edit", args=[theirs.pk])).status_code == 404


def _form_data(**overrides):
    data = {
        "date": TOMORROW.isoformat(),
        "title": "县两会开幕直播",
        "starts_at": "",
        "ends_at": "",
        "status": LiveStatus.PLANNED,
        "platforms": "",
        "links": "",
        "viewers": "0",
    }
    data.update(overrides)
    return data


def test_admin_form_refuses_viewers_before_the_end_and_outside_staff(
    editor_client, center, other_center, make_user
):
    stranger = make_user(other_center, "editor", username="stranger-f")

    response = editor_client.post(
        reverse("live_streams:add"),
        _form_data(viewers="300", duty_staff=[stranger.pk], links="abc"),
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "直播结束后才能填写观看量" in text
    assert "不是有效网址" in text
    assert not LiveStream.objects.exists()


def test_admin_form_offers_only_own_staff(editor_client, center, other_center, make_user, operator):
    make_user(other_center, "editor", username="stranger-o")

    text = editor_client.get(reverse("live_streams:add")).content.decode()

    assert "operator-l" in text or str(operator) in text
    assert "stranger-o" not in text


def test_admin_form_saves_an_ended_stream_with_viewers(editor_client, center, operator):
    # A stream of a past day is entered as ended (the posted status is not a form field).
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = editor_client.post(
        reverse("live_streams:add"),
        _form_data(
            date=yesterday.isoformat(),
            status=LiveStatus.PLANNED,
            viewers="4200",
            duty_staff=[operator.pk],
            links="https://live.example.cn/1",
        ),
    )

    assert response.status_code == 302
    stream = LiveStream.objects.get()
    assert (stream.viewers, stream.center, stream.status) == (4200, center, LiveStatus.ENDED)
    assert list(stream.duty_staff.all()) == [operator]
