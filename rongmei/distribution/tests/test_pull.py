"""Pulling reach figures through the WeChat connector, against the local WeChat server."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.distribution import credentials
from rongmei.distribution.models import FigureSource, Platform, Publication, PublicationFigure
from rongmei.distribution.pull import AUDIT_VERB, figures_pull, figures_pull_all
from rongmei.distribution.tasks import figures_pull_task
from rongmei.distribution.tests.factories import ChannelFactory, PublicationFactory

pytestmark = pytest.mark.django_db

STATS = "/datacube/getarticletotal"


def _day(n: int) -> dt.date:
    """`n` days ago."""
    return timezone.localdate() - dt.timedelta(days=n)


def _channel(center, server, *, name="示范县发布", platform=Platform.WECHAT):
    """A channel with the credentials the local server accepts."""
    channel = ChannelFactory(center=center, name=name, platform=platform, api_base=server.url)
    credentials.credentials_set(
        channel=channel, data={"appid": "wx-test-appid", "secret": "test-secret"}, by=None
    )
    return channel


def _stats(server, msgid: str, publication: Publication, reads: list[int]) -> None:
    """What the platform reports for `publication`: cumulative reads per day from its date."""
    server.state.article_stats[msgid] = {
        "ref_date": publication.date.isoformat(),
        "title": publication.title,
        "details": [
            {"stat_date": (publication.date + dt.timedelta(days=n)).isoformat(),
             "int_page_read_count": read, "share_count": read // 100}
            for n, read in enumerate(reads)
        ],
    }  # fmt: skip


def _series(publication: Publication) -> list[tuple]:
    return list(
        PublicationFigure.objects.filter(publication=publication)
        .order_by("date")
        .values_list("date", "views", "shares", "source")
    )


def _rows(center) -> list[dict]:
    return list(PublicationFigure.objects.filter(center=center).order_by("pk").values())


@pytest.fixture
def wechat(center, wechat_server):
    return _channel(center, wechat_server)


@pytest.fixture
def two(center, wechat, wechat_server):
    """Two articles of the last week with the platform's figures for their first days."""
    a = PublicationFactory(center=center, channel=wechat, date=_day(6), title="全县秋粮收购启动")
    b = PublicationFactory(center=center, channel=wechat, date=_day(5), title="乡村振兴观察")
    _stats(wechat_server, "2601_1", a, [120, 340, 410, 430])
    _stats(wechat_server, "2602_1", b, [800, 1500, 1650])
    return a, b


def test_figures_are_recorded_by_day_as_the_platform_reports_them(center, wechat, two):
    a, b = two

    result = figures_pull(channel=wechat, start=_day(6), end=_day(3))

    api = FigureSource.API
    assert _series(a) == [
        (_day(6), 120, 1, api), (_day(5), 340, 3, api), (_day(4), 410, 4, api),
        (_day(3), 430, 4, api),
    ]  # fmt: skip
    assert _series(b) == [
        (_day(5), 800, 8, api),
        (_day(4), 1500, 15, api),
        (_day(3), 1650, 16, api),
    ]
    a.refresh_from_db()
    assert (a.views, a.shares) == (430, 4)  # the totals follow the latest day
    assert a.figures_updated_at is not None
    assert result["publications"] == 2
    assert result["recorded"] == 7
    assert result["failed"] == 0
    assert result["errors"] == []
    assert result["stopped"] == ""
    (entry,) = AuditEntry.objects.filter(verb=AUDIT_VERB)
    assert entry.action == AuditAction.IMPORT
    assert entry.center_id == center.pk
    assert entry.object_id == str(wechat.pk)
    assert entry.changes["recorded"] == 7
    # Figures are recorded without an audit entry each.
    assert AuditEntry.objects.filter(verb="传播数据").count() == 0


def test_a_day_pull_asks_about_the_last_week_only(center, wechat, wechat_server, two):
    a, b = two
    old = PublicationFactory(center=center, channel=wechat, date=_day(12), title="两周前的稿件")
    _stats(wechat_server, "2600_1", old, [50] * 10)

    result = figures_pull(channel=wechat, start=_day(4), end=_day(4))

    assert result["publications"] == 2  # the one of twelve days ago is past reporting
    assert wechat_server.state.calls[STATS] == 2
    assert _series(a) == [(_day(4), 410, 4, FigureSource.API)]
    assert _series(b) == [(_day(4), 1500, 15, FigureSource.API)]
    assert _series(old) == []


def test_publications_of_one_day_cost_one_call_per_pull(center, wechat, wechat_server):
    a = PublicationFactory(center=center, channel=wechat, date=_day(3), title="早间新闻")
    b = PublicationFactory(center=center, channel=wechat, date=_day(3), title="晚间新闻")
    _stats(wechat_server, "2604_1", a, [100, 200])
    _stats(wechat_server, "2604_2", b, [300, 400])

    result = figures_pull(channel=wechat, start=_day(3), end=_day(2))

    assert result["publications"] == 2
    assert wechat_server.state.calls[STATS] == 1  # the day's answer serves both
    assert _series(a) == [(_day(3), 100, 1, FigureSource.API), (_day(2), 200, 2, FigureSource.API)]
    assert _series(b) == [(_day(3), 300, 3, FigureSource.API), (_day(2), 400, 4, FigureSource.API)]

    figures_pull(channel=wechat, start=_day(3), end=_day(2))

    assert wechat_server.state.calls[STATS] == 2  # a new pull asks again


def test_pulling_again_changes_nothing(center, wechat, two):
    figures_pull(channel=wechat, start=_day(6), end=_day(3))
    rows = _rows(center)
    totals = list(Publication.objects.order_by("pk").values())

    again = figures_pull(channel=wechat, start=_day(6), end=_day(3))

    assert _rows(center) == rows
    assert list(Publication.objects.order_by("pk").values()) == totals
    assert again["recorded"] == 0
    assert again["unchanged"] == 7
    assert AuditEntry.objects.filter(verb=AUDIT_VERB).count() == 2  # one per pull


def test_newer_figures_of_a_day_update_it_in_place(center, wechat, wechat_server, two):
    a, _b = two
    figures_pull(channel=wechat, start=_day(3), end=_day(3))
    _stats(wechat_server, "2601_1", a, [120, 340, 410, 460])

    figures_pull(channel=wechat, start=_day(3), end=_day(3))

    assert _series(a) == [(_day(3), 460, 4, FigureSource.API)]
    a.refresh_from_db()
    assert a.views == 460


def test_a_platform_error_on_one_publication_leaves_the_others_recorded(
    center, wechat, wechat_server, two
):
    a, b = two
    wechat_server.state.fail(STATS, -1)  # the first publication's call: system busy

    result = figures_pull(channel=wechat, start=_day(6), end=_day(3))

    assert _series(a) == []
    assert len(_series(b)) == 3
    assert result["failed"] == 1
    assert result["recorded"] == 3
    assert result["stopped"] == ""
    (error,) = result["errors"]
    assert error["publication"] == a.pk
    assert error["title"] == a.title
    assert "微信系统繁忙" in error["message"]
    entry = AuditEntry.objects.get(verb=AUDIT_VERB)
    assert entry.changes["failed"] == 1
    assert "微信系统繁忙" in entry.changes["errors"][0]


def test_figures_that_cannot_be_stored_write_nothing_of_that_publication(
    center, wechat, wechat_server, two
):
    a, b = two
    _stats(wechat_server, "2601_1", a, [120, 340, -5, 430])  # a broken day in the middle

    result = figures_pull(channel=wechat, start=_day(6), end=_day(3))

    assert _series(a) == []  # its first two days were rolled back with the third
    a.refresh_from_db()
    assert (a.views, a.figures_updated_at) == (0, None)
    assert len(_series(b)) == 3
    (error,) = result["errors"]
    assert error["publication"] == a.pk
    assert "无法保存" in error["message"]


def test_expired_credentials_stop_the_pull_with_a_clear_message_and_write_nothing(
    center, wechat, wechat_server, two
):
    figures_pull(channel=wechat, start=_day(6), end=_day(4))
    rows = _rows(center)
    totals = list(Publication.objects.order_by("pk").values())
    # The cached token expires and the secret was reset on the platform meanwhile.
    wechat_server.state.expire_tokens()
    wechat_server.state.secret = "reset-on-the-platform"
    calls = wechat_server.state.calls[STATS]

    result = figures_pull(channel=wechat, start=_day(3), end=_day(3))

    assert "AppSecret 不正确" in result["stopped"]
    assert result["recorded"] == 0
    assert result["publications"] == 1  # stopped: the second was not asked about
    assert wechat_server.state.calls[STATS] == calls + 1
    assert _rows(center) == rows
    assert list(Publication.objects.order_by("pk").values()) == totals
    entry = AuditEntry.objects.filter(verb=AUDIT_VERB).latest("pk")
    assert "AppSecret" in entry.changes["stopped"]


def test_missing_credentials_are_named(center, wechat_server):
    channel = ChannelFactory(
        center=center, name="未配置的公众号", platform=Platform.WECHAT, api_base=wechat_server.url
    )
    PublicationFactory(center=center, channel=channel, date=_day(4))

    result = figures_pull(channel=channel, start=_day(3), end=_day(3))

    assert "AppID 和 AppSecret" in result["stopped"]
    assert not PublicationFigure.objects.exists()


def test_a_pull_never_touches_another_centers_publications(
    center, other_center, wechat, wechat_server, two
):
    a, _b = two
    # The neighbouring center's account, on the same platform, with an article of the
    # same title and day.
    theirs = _channel(other_center, wechat_server, name="邻县发布")
    their_pub = PublicationFactory(
        center=other_center, channel=theirs, date=a.date, title=a.title, views=7
    )

    result = figures_pull(channel=wechat, start=_day(6), end=_day(3))

    assert result["publications"] == 2
    assert _series(their_pub) == []
    their_pub.refresh_from_db()
    assert their_pub.views == 7
    assert not PublicationFigure.objects.filter(center=other_center).exists()
    assert not AuditEntry.objects.filter(center=other_center, verb=AUDIT_VERB).exists()


def test_only_operators_may_pull(center, wechat, two):
    reporter = make_staff(center, "reporter")
    with pytest.raises(PermissionDenied):
        figures_pull(channel=wechat, start=_day(3), end=_day(3), by=reporter)
    assert not PublicationFigure.objects.exists()
    assert not AuditEntry.objects.filter(verb=AUDIT_VERB).exists()

    operator = make_staff(center, "channel_operator")
    figures_pull(channel=wechat, start=_day(3), end=_day(3), by=operator)
    assert AuditEntry.objects.get(verb=AUDIT_VERB).actor == operator


def test_pull_all_takes_active_channels_with_an_api_and_credentials(
    center, other_center, wechat, wechat_server, two
):
    theirs = _channel(other_center, wechat_server, name="邻县发布")
    inactive = _channel(center, wechat_server, name="停用的公众号")
    inactive.is_active = False
    inactive.save()
    ChannelFactory(center=center, name="没填凭据", platform=Platform.WECHAT)
    _channel(center, wechat_server, name="示范县抖音", platform=Platform.DOUYIN)  # no API here

    results = figures_pull_all(day=_day(4))

    assert [r["channel"] for r in results] == [wechat.pk, theirs.pk]
    assert results[0]["recorded"] == 2
    assert PublicationFigure.objects.filter(date=_day(4)).count() == 2


def test_the_task_pulls_yesterday_by_default(center, wechat, wechat_server):
    pub = PublicationFactory(center=center, channel=wechat, date=_day(2), title="昨日要闻")
    _stats(wechat_server, "2603_1", pub, [300, 900])

    result = figures_pull_task.enqueue()

    assert result.return_value[0]["recorded"] == 1
    assert _series(pub) == [(_day(1), 900, 9, FigureSource.API)]


def test_the_command_prints_a_chinese_summary(center, wechat, two):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "reach_pull", "--day", _day(4).isoformat(), "--channel", str(wechat.pk),
        stdout=out, stderr=err,
    )  # fmt: skip

    assert f"{wechat.name}（{_day(4).isoformat()} 至 {_day(4).isoformat()}）" in out.getvalue()
    assert "写入 2 天数据" in out.getvalue()
    assert err.getvalue() == ""


def test_the_command_fails_when_a_channel_could_not_be_pulled(center, wechat_server, two):
    wechat_server.state.secret = "reset-on-the-platform"
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="1 个渠道未能完成拉取"):
        call_command("reach_pull", "--day", _day(4).isoformat(), stdout=out, stderr=err)

    assert "AppSecret 不正确" in out.getvalue()
    assert "AppSecret 不正确" in err.getvalue()
    with pytest.raises(CommandError, match="日期格式"):
        call_command("reach_pull", "--day", "2021-13-01", stdout=out)
