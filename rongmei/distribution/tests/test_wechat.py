"""The WeChat connector against our local server speaking the platform's documented API."""

import datetime as dt
import io
import socket
import uuid

import pytest
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.distribution import credentials
from rongmei.distribution.clients import (
    ConnectorError,
    CredentialsError,
    DayFigures,
    RateLimited,
    UnknownOutcome,
)
from rongmei.distribution.clients.wechat import WeChatConnector, marker
from rongmei.distribution.models import (
    AttemptOutcome,
    JobAction,
    JobState,
    Platform,
    PublishAttempt,
    PublishJob,
)
from rongmei.distribution.tests.factories import ChannelFactory, PublicationFactory
from rongmei.distribution.tests.wechat_server import Publish
from rongmei.newsroom.models import ChannelVersion
from rongmei.newsroom.tests.factories import story_for

pytestmark = pytest.mark.django_db

TOKEN = "/cgi-bin/stable_token"
SUBMIT = "/cgi-bin/freepublish/submit"


def _channel(center, server, *, appid="wx-test-appid", secret="test-secret"):  # noqa: S107
    channel = ChannelFactory(
        center=center, name="示范县发布", platform=Platform.WECHAT, api_base=server.url
    )
    credentials.credentials_set(channel=channel, data={"appid": appid, "secret": secret}, by=None)
    return channel


def _job(center, channel, *, title="全县秋粮收购工作全面启动", reporter=None):
    reporter = reporter or make_staff(center, "reporter")
    story = story_for(center, reporter, title=title)
    version = ChannelVersion.objects.create(
        center=center,
        story=story,
        kind="wechat",
        title=title,
        body='<p>今年秋粮收购<a href="https://example.org/x">工作</a>启动。</p>',
    )
    return PublishJob.objects.create(
        center=center,
        channel=channel,
        version=version,
        idempotency_key=f"wechat-{uuid.uuid4().hex}",
        state=JobState.IN_PROGRESS,
    )


def _connector(channel, **attrs):
    connector = WeChatConnector(channel)
    connector.poll_interval = 0
    connector.timeout = (2.0, 2.0)
    for name, value in attrs.items():
        setattr(connector, name, value)
    return connector


def test_publish_uploads_a_cover_drafts_submits_and_polls_until_published(center, wechat_server):
    state = wechat_server.state
    state.status_sequence = [1, 1, 0]
    channel = _channel(center, wechat_server)
    job = _job(center, channel)

    result = _connector(channel).publish(job=job)

    (publish,) = state.publishes.values()
    assert result.external_id == publish.article_id
    assert result.url == f"https://mp.weixin.qq.example/s/{publish.article_id}?idx=1"
    assert result.data["publish_id"] == publish.publish_id
    assert result.data["media_id"] == publish.media_id
    assert result.data["msg_data_id"] == publish.msg_data_id
    assert result.data["article_id"] == publish.article_id
    assert state.calls["/cgi-bin/freepublish/get"] == 3
    # No image in the version: a generated PNG placeholder is the cover.
    (cover,) = state.materials.values()
    assert cover.startswith(b"\x89PNG")
    (article,) = publish.articles
    assert article["title"] == "全县秋粮收购工作全面启动"
    assert article["thumb_media_id"] in state.materials
    assert marker(job.idempotency_key) in article["content"]
    assert 'href="https://example.org/x"' in article["content"]
    assert state.publishes_with(job.idempotency_key) == 1


def test_token_is_fetched_once_and_kept_encrypted_on_the_channel(center, wechat_server):
    channel = _channel(center, wechat_server)
    reporter = make_staff(center, "reporter")
    _connector(channel).publish(job=_job(center, channel, title="第一篇", reporter=reporter))
    channel.refresh_from_db()
    _connector(channel).publish(job=_job(center, channel, title="第二篇", reporter=reporter))

    assert wechat_server.state.calls[TOKEN] == 1
    token = credentials.token_get(channel)
    assert token in wechat_server.state.tokens
    assert token not in channel.token_encrypted
    assert channel.token_expires_at > timezone.now() + dt.timedelta(hours=1)


def test_an_expired_token_is_fetched_again_once(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    connector = _connector(channel)
    connector._token()
    wechat_server.state.expire_tokens()

    result = connector.publish(job=job)

    assert result.external_id
    assert wechat_server.state.calls[TOKEN] == 2
    assert wechat_server.state.publishes_with(job.idempotency_key) == 1


def test_a_token_refused_twice_is_a_credentials_error(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    wechat_server.state.fail("/cgi-bin/material/add_material", 40001, times=2)

    with pytest.raises(CredentialsError) as caught:
        _connector(channel).publish(job=job)

    assert caught.value.retryable is False
    assert "凭证" in caught.value.message
    assert wechat_server.state.calls[TOKEN] == 2
    assert wechat_server.state.calls["/cgi-bin/draft/add"] == 0


def test_a_wrong_secret_is_a_credentials_error_that_says_so(center, wechat_server):
    channel = _channel(center, wechat_server, secret="wrong")
    job = _job(center, channel)

    with pytest.raises(CredentialsError) as caught:
        _connector(channel).publish(job=job)

    assert caught.value.code == "40125"
    assert caught.value.retryable is False
    assert "AppSecret 不正确" in caught.value.message
    assert wechat_server.state.calls["/cgi-bin/material/add_material"] == 0
    assert credentials.token_get(channel) is None


def test_a_wrong_appid_and_an_unlisted_ip_are_credentials_errors(center, wechat_server):
    channel = _channel(center, wechat_server, appid="wx-other")
    job = _job(center, channel)
    with pytest.raises(CredentialsError) as caught:
        _connector(channel).publish(job=job)
    assert "AppID 不正确" in caught.value.message

    credentials.credentials_set(
        channel=channel, data={"appid": "wx-test-appid", "secret": "test-secret"}, by=None
    )
    wechat_server.state.ip_whitelisted = False
    with pytest.raises(CredentialsError) as caught:
        _connector(channel).publish(job=job)
    assert caught.value.code == "40164"
    assert "白名单" in caught.value.message


def test_missing_credentials_are_a_credentials_error_without_any_call(center, wechat_server):
    channel = _channel(center, wechat_server)
    credentials.credentials_clear(channel=channel, by=None)
    job = _job(center, channel)

    with pytest.raises(CredentialsError) as caught:
        _connector(channel).publish(job=job)

    assert "AppSecret" in caught.value.message
    assert sum(wechat_server.state.calls.values()) == 0


@pytest.mark.parametrize(
    ("errcode", "error", "text"),
    [
        (45009, RateLimited, "今日"),
        (45011, RateLimited, "频繁"),
        (-1, ConnectorError, "繁忙"),
    ],
)
def test_quota_and_busy_answers_are_retryable(center, wechat_server, errcode, error, text):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    wechat_server.state.fail("/cgi-bin/draft/add", errcode)

    with pytest.raises(error) as caught:
        _connector(channel).publish(job=job)

    assert type(caught.value) is error
    assert caught.value.retryable is True
    assert text in caught.value.message
    assert wechat_server.state.publishes_with(job.idempotency_key) == 0


def test_the_minute_quota_of_the_server_is_a_rate_limit(center, wechat_server):
    channel = _channel(center, wechat_server)
    wechat_server.state.minute_quota = 1
    reporter = make_staff(center, "reporter")
    connector = _connector(channel)
    connector.publish(job=_job(center, channel, title="第一篇", reporter=reporter))

    with pytest.raises(RateLimited) as caught:
        connector.publish(job=_job(center, channel, title="第二篇", reporter=reporter))

    assert caught.value.code == "45011"
    assert len(wechat_server.state.publishes) == 1


def test_an_unknown_platform_error_is_final_with_its_message(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    wechat_server.state.fail(SUBMIT, 53503)

    with pytest.raises(ConnectorError) as caught:
        _connector(channel).publish(job=job)

    assert caught.value.retryable is False
    assert "53503" in caught.value.message


def test_a_timeout_after_submitting_is_an_unknown_outcome_and_lookup_finds_the_article(
    center, wechat_server
):
    state = wechat_server.state
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    state.hang(SUBMIT, 10, after_effect=True)

    with pytest.raises(UnknownOutcome) as caught:
        _connector(channel, timeout=(2.0, 0.5)).publish(job=job)
    state.release()

    assert caught.value.retryable is True
    assert state.publishes_with(job.idempotency_key) == 1
    found = _connector(channel).lookup(job=job)
    (publish,) = state.publishes.values()
    assert found is not None
    assert found.external_id == publish.article_id
    assert found.url.startswith("https://mp.weixin.qq.example/s/")
    # Found, so nothing is sent again: still one publish for this key.
    assert state.publishes_with(job.idempotency_key) == 1


def test_a_timeout_before_anything_visible_is_a_plain_retryable_error(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    wechat_server.state.hang("/cgi-bin/draft/add", 10, after_effect=False)

    with pytest.raises(ConnectorError) as caught:
        _connector(channel, timeout=(2.0, 0.5)).publish(job=job)
    wechat_server.state.release()

    assert not isinstance(caught.value, UnknownOutcome)
    assert caught.value.retryable is True


def test_a_refused_connection_is_retryable_and_not_unknown(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    channel.api_base = f"http://127.0.0.1:{port}"

    with pytest.raises(ConnectorError) as caught:
        _connector(channel).publish(job=job)

    assert not isinstance(caught.value, UnknownOutcome)
    assert caught.value.retryable is True


def test_lookup_says_none_when_nothing_went_out(center, wechat_server):
    channel = _channel(center, wechat_server)
    reporter = make_staff(center, "reporter")
    _connector(channel).publish(job=_job(center, channel, title="别的文章", reporter=reporter))
    job = _job(center, channel, reporter=reporter)

    assert _connector(channel).lookup(job=job) is None


def test_lookup_pages_through_the_published_list(center, wechat_server):
    state = wechat_server.state
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    _connector(channel).publish(job=job)
    (ours,) = state.publishes.values()
    for n in range(25):  # newer articles push ours to the second page
        state.publishes[f"p{n}"] = Publish(
            publish_id=f"p{n}",
            media_id=f"m{n}",
            msg_data_id=f"d{n}",
            articles=[{"title": f"其他{n}", "content": "<p>…</p>"}],
            sequence=[0],
            article_id=f"a{n}",
            submitted_at=1e10 + n,
        )

    found = _connector(channel).lookup(job=job)

    assert found is not None
    assert found.external_id == ours.article_id
    assert state.calls["/cgi-bin/freepublish/batchget"] == 2


def test_lookup_refuses_to_guess_on_the_same_title_without_its_marker(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    _connector(channel).publish(job=job)
    twin = PublishJob(
        center=center, channel=channel, version=job.version, idempotency_key="another-key"
    )

    with pytest.raises(UnknownOutcome) as caught:
        _connector(channel).lookup(job=twin)

    assert caught.value.retryable is False
    assert "人工核实" in caught.value.message


@pytest.mark.parametrize(
    ("status", "text"),
    [(2, "原创"), (3, "常规失败"), (4, "审核"), (5, "删除"), (6, "封禁")],
)
def test_a_failed_publish_status_is_final_and_explained(center, wechat_server, status, text):
    wechat_server.state.status_sequence = [1, status]
    channel = _channel(center, wechat_server)
    job = _job(center, channel)

    with pytest.raises(ConnectorError) as caught:
        _connector(channel).publish(job=job)

    assert caught.value.retryable is False
    assert caught.value.code == f"publish_status_{status}"
    assert text in caught.value.message


def _unknown_attempt(job, error):
    """What the job service records of a run that ended in `error`."""
    return PublishAttempt.objects.create(
        center=job.center,
        job=job,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        outcome=AttemptOutcome.UNKNOWN,
        error=error.message,
        detail={"code": error.code},
    )


def test_still_publishing_after_the_last_poll_is_unknown_and_lookup_asks_again(
    center, wechat_server
):
    state = wechat_server.state
    state.status_sequence = [1]
    channel = _channel(center, wechat_server)
    job = _job(center, channel)

    with pytest.raises(UnknownOutcome) as caught:
        _connector(channel, poll_attempts=3).publish(job=job)

    (publish,) = state.publishes.values()
    assert caught.value.code == f"publish_id:{publish.publish_id}"
    assert caught.value.retryable is True
    assert state.calls["/cgi-bin/freepublish/get"] == 3
    _unknown_attempt(job, caught.value)
    # Still under review when asked: unknown again, nothing sent.
    publish.sequence = [1] * publish.polls + [1, 0]
    with pytest.raises(UnknownOutcome):
        _connector(channel).lookup(job=job)
    # Then out: the lookup answers with it, and batchget was never needed.
    found = _connector(channel).lookup(job=job)
    assert found is not None
    assert found.external_id == publish.article_id
    assert state.calls["/cgi-bin/freepublish/batchget"] == 0
    assert state.publishes_with(job.idempotency_key) == 1


def test_lookup_of_a_refused_publish_says_nothing_went_out(center, wechat_server):
    wechat_server.state.status_sequence = [1]
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    with pytest.raises(UnknownOutcome) as caught:
        _connector(channel, poll_attempts=1).publish(job=job)
    _unknown_attempt(job, caught.value)
    (publish,) = wechat_server.state.publishes.values()
    publish.sequence = [4]

    assert _connector(channel).lookup(job=job) is None


@pytest.mark.parametrize("errcode", [-1, 45011, 42001])
def test_an_error_while_polling_after_submit_is_unknown_never_a_plain_failure(
    center, wechat_server, errcode
):
    state = wechat_server.state
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    state.fail("/cgi-bin/freepublish/get", errcode, times=2)

    with pytest.raises(UnknownOutcome) as caught:
        _connector(channel).publish(job=job)

    (publish,) = state.publishes.values()
    assert caught.value.code == f"publish_id:{publish.publish_id}"
    assert publish.publish_id in caught.value.message


def test_withdraw_deletes_the_published_article(center, wechat_server):
    state = wechat_server.state
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    result = _connector(channel).publish(job=job)
    PublishJob.objects.filter(pk=job.pk).update(
        state=JobState.PUBLISHED, external_id=result.external_id, external_data=result.data
    )
    withdrawal = PublishJob.objects.create(
        center=center,
        channel=channel,
        version=job.version,
        action=JobAction.WITHDRAW,
        idempotency_key=f"withdraw-{uuid.uuid4().hex}",
    )

    _connector(channel).withdraw(job=withdrawal)

    (publish,) = state.publishes.values()
    assert publish.deleted
    assert state.published() == []
    assert _connector(channel).lookup(job=job) is None


def test_withdraw_without_an_article_id_is_refused(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    job.action = JobAction.WITHDRAW

    with pytest.raises(ConnectorError) as caught:
        _connector(channel).withdraw(job=job)

    assert caught.value.retryable is False
    assert wechat_server.state.calls["/cgi-bin/freepublish/delete"] == 0


def test_figures_come_from_the_article_totals_of_its_publication_day(center, wechat_server):
    state = wechat_server.state
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    result = _connector(channel).publish(job=job)
    day = timezone.localdate() - dt.timedelta(days=5)
    publication = PublicationFactory(
        center=center, channel=channel, date=day, title=job.version.title
    )
    PublishJob.objects.filter(pk=job.pk).update(
        state=JobState.PUBLISHED,
        external_id=result.external_id,
        external_data=result.data,
        publication=publication,
    )
    msgid = f"{result.data['msg_data_id']}_1"
    state.article_stats[msgid] = {
        "ref_date": day.isoformat(),
        "title": job.version.title,
        "details": [
            {"stat_date": (day + dt.timedelta(days=n)).isoformat(),
             "int_page_read_count": 100 * (n + 1), "share_count": n}
            for n in range(4)
        ],
    }  # fmt: skip
    state.article_stats["999_1"] = {"ref_date": day.isoformat(), "title": "别的", "details": []}

    figures = _connector(channel).fetch_figures(
        publication=publication, start=day + dt.timedelta(days=1), end=day + dt.timedelta(days=2)
    )

    assert figures == [
        DayFigures(date=day + dt.timedelta(days=1), views=200, shares=1),
        DayFigures(date=day + dt.timedelta(days=2), views=300, shares=2),
    ]


def test_no_figures_are_asked_for_a_publication_of_today(center, wechat_server):
    channel = _channel(center, wechat_server)
    publication = PublicationFactory(center=center, channel=channel, date=timezone.localdate())

    today = timezone.localdate()
    assert _connector(channel).fetch_figures(publication=publication, start=today, end=today) == []
    assert wechat_server.state.calls["/datacube/getarticletotal"] == 0


def test_the_first_image_of_the_version_is_the_cover_and_no_image_stays_in_the_body(
    center, wechat_server
):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="会场", file=ImageFile(io.BytesIO(buffer.getvalue()), name="huichang.png")
    )
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    ChannelVersion.objects.filter(pk=job.version_id).update(
        body=f'<p>开头</p><embed alt="会场" embedtype="image" format="fullwidth" id="{image.pk}"/>'
        "<p>结尾</p>"
    )
    job.version.refresh_from_db()

    _connector(channel).publish(job=job)

    (cover,) = wechat_server.state.materials.values()
    assert cover == buffer.getvalue()
    (publish,) = wechat_server.state.publishes.values()
    content = publish.articles[0]["content"]
    assert "<embed" not in content
    assert "<img" not in content
    assert "开头" in content
    assert "结尾" in content


def test_a_timeout_while_withdrawing_is_an_unknown_outcome(center, wechat_server):
    channel = _channel(center, wechat_server)
    job = _job(center, channel)
    result = _connector(channel).publish(job=job)
    job.external_id = result.external_id
    wechat_server.state.hang("/cgi-bin/freepublish/delete", 10, after_effect=True)

    with pytest.raises(UnknownOutcome):
        _connector(channel, timeout=(2.0, 0.5)).withdraw(job=job)
    wechat_server.state.release()

    assert wechat_server.state.published() == []


def test_a_wechat_channel_gets_the_wechat_connector(center, wechat_server):
    from rongmei.distribution.clients import connector_for

    connector = connector_for(_channel(center, wechat_server))

    assert isinstance(connector, WeChatConnector)
    assert connector.can_withdraw is True
    assert connector.base == wechat_server.url
