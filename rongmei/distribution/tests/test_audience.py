"""A channel's audience: importing daily followers/visits, growth over a period, the pages."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.distribution.audience import audience_growth, audience_import, audience_series
from rongmei.distribution.models import AudienceFigure, Channel
from rongmei.distribution.services import audience_record, channel_create

# WeChat's 用户分析 › 用户增长 export: a title line, then the header.
WECHAT_HEADER = ["时间", "新关注人数", "取消关注人数", "净增关注人数", "累积关注人数"]


def workbook(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def csv_file(rows) -> io.BytesIO:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return io.BytesIO(text.getvalue().encode("utf-8-sig"))


@pytest.fixture
def wechat(center):
    return channel_create(by=None, center=center, name="示范县发布", platform="wechat")


def wechat_rows():
    return [
        ["用户增长数据"],
        WECHAT_HEADER,
        ["2026-11-01", 10, 2, 8, 1008],
        ["2026-11-02", 12, 0, 12, "1,020"],
        [dt.date(2026, 11, 3), 5, 5, 0, 1020],
    ]


def run(center, channel, file, name="用户增长.xlsx", by=None):
    return audience_import(by=by, center=center, channel=channel, file=file, filename=name)


def test_wechat_user_growth_export_records_followers_by_day(center, wechat, make_user):
    user = make_user(center, "channel_operator")

    result = run(center, wechat, workbook(wechat_rows()), by=user)

    assert result.ok, [str(e) for e in result.errors]
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    stored = AudienceFigure.objects.filter(channel=wechat).order_by("date")
    assert [(f.date.day, f.followers, f.visits) for f in stored] == [
        (1, 1008, None), (2, 1020, None), (3, 1020, None)
    ]  # fmt: skip
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).changes["created"] == 3


def test_reimport_changes_nothing_and_new_figures_update_in_place(center, wechat):
    run(center, wechat, workbook(wechat_rows()))
    stamps = list(AudienceFigure.objects.order_by("pk").values_list("pk", "updated_at"))

    again = run(center, wechat, workbook(wechat_rows()))
    unchanged = list(AudienceFigure.objects.order_by("pk").values_list("pk", "updated_at"))
    visits = run(
        center, wechat, csv_file([["日期", "访问量"], ["2026-11-02", 300]]), name="visits.csv"
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert unchanged == stamps
    assert (visits.created, visits.updated) == (0, 1)
    day = AudienceFigure.objects.get(channel=wechat, date=dt.date(2026, 11, 2))
    assert (day.followers, day.visits) == (1020, 300)


def test_bad_rows_refuse_the_whole_file(center, wechat):
    rows = [
        ["日期", "累积关注人数", "访问量"],
        ["2026-11-01", 100, 5],
        ["2026-11-31", 101, 5],
        ["2026-11-01", -1, "x"],
        ["", 3, 3],
    ]

    result = run(center, wechat, workbook(rows))

    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "第 3 行“日期”列：日期“2026-11-31”不存在",
        "第 4 行“日期”列：日期 2026-11-01 与第 2 行重复",
        "第 4 行“累积关注人数”列：不能为负数（-1）",
        "第 4 行“访问量”列：应为整数，而不是“x”",
        "第 5 行“日期”列：日期不能为空",
    ]
    assert not AudienceFigure.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_file_without_the_columns_is_refused(center, wechat):
    result = run(center, wechat, csv_file([["标题", "阅读"], ["a", 1]]), name="x.csv")

    assert not result.ok
    assert "找不到表头" in str(result.errors[0])


def test_another_centers_channel_is_refused(center, other_center):
    foreign = channel_create(by=None, center=other_center, name="邻县", platform="wechat")

    result = run(center, foreign, workbook(wechat_rows()))

    assert not result.ok
    assert not AudienceFigure.objects.exists()


@pytest.fixture
def figures(center, other_center, wechat):
    douyin = channel_create(by=None, center=center, name="示范县抖音", platform="douyin")
    for day, followers, visits in [(1, 100, 10), (10, 130, 20), (20, 150, 30), (30, 170, None)]:
        audience_record(
            by=None, center=center, channel=wechat, date=dt.date(2026, 10, day),
            followers=followers, visits=visits,
        )  # fmt: skip
    audience_record(by=None, center=center, channel=douyin, date=dt.date(2026, 10, 15), visits=7)
    foreign = channel_create(by=None, center=other_center, name="邻县", platform="wechat")
    audience_record(
        by=None, center=other_center, channel=foreign, date=dt.date(2026, 10, 15), followers=9
    )
    return wechat, douyin


def test_growth_over_a_period_starts_from_the_last_figure_before_it(center, figures):
    _wechat, _douyin = figures

    rows = audience_growth(center=center, start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 25))

    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"示范县发布", "示范县抖音"}
    w = by_name["示范县发布"]
    assert (w["followers_start"], w["followers_end"], w["growth"]) == (100, 150, 50)
    assert (w["visits"], w["days"]) == (50, 2)
    d = by_name["示范县抖音"]
    assert (d["growth"], d["visits"], d["days"]) == (None, 7, 1)


def test_growth_without_earlier_figures_starts_from_the_first_in_the_period(center, figures):
    wechat, _douyin = figures

    (row,) = audience_growth(
        center=center, channel=wechat, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )

    assert (row["followers_start"], row["followers_end"], row["growth"]) == (100, 170, 70)


def test_growth_is_one_query(center, figures, django_assert_num_queries):
    with django_assert_num_queries(1):
        audience_growth(center=center, start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31))


def test_series_lists_the_days_of_the_period(center, figures):
    wechat, _douyin = figures

    rows = audience_series(
        center=center, channel=wechat, start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 30)
    )

    assert [(r["date"].day, r["followers"]) for r in rows] == [(10, 130), (20, 150), (30, 170)]


# ---------------------------------------------------------------------------
# Pages


@pytest.fixture
def operator_client(client, center, make_user):
    client.force_login(make_user(center, "channel_operator"))
    return client


def test_audience_page_shows_own_channels_growth(operator_client, figures):
    response = operator_client.get(
        reverse("reach:audience"), {"start": "2026-10-05", "end": "2026-10-25"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "示范县发布" in page
    assert "+50" in page
    assert "邻县" not in page


def test_audience_page_queries_do_not_grow_with_channels_and_days(operator_client, center, figures):
    def more_rows():
        for n in range(4):
            channel = channel_create(by=None, center=center, name=f"更多渠道{n}", platform="wechat")
            for day in (1, 8, 16, 24):
                audience_record(
                    by=None, center=center, channel=channel, date=dt.date(2026, 10, day),
                    followers=100 + day, visits=day,
                )  # fmt: skip

    response = assert_queries_do_not_grow(
        lambda: operator_client.get(
            reverse("reach:audience"), {"start": "2026-10-05", "end": "2026-10-25"}
        ),
        more_rows,
    )
    assert "更多渠道3" in response.content.decode()


def test_audience_page_of_one_channel_lists_its_days(operator_client, figures):
    wechat, _douyin = figures

    page = operator_client.get(
        reverse("reach:audience"),
        {"channel": wechat.pk, "start": "2026-10-01", "end": "2026-10-31"},
    ).content.decode()

    assert "2026-10-20" in page
    assert 'id="audience-series"' in page


def test_another_centers_channel_is_not_found_on_the_audience_page(
    operator_client, other_center, figures
):
    foreign = Channel.objects.get(center=other_center)

    response = operator_client.get(reverse("reach:audience"), {"channel": foreign.pk})

    assert response.status_code == 404


def test_a_bad_period_falls_back_to_the_last_30_days(operator_client, figures):
    page = operator_client.get(
        reverse("reach:audience"), {"start": "2026-10-31", "end": "2026-10-01"}
    ).content.decode()

    assert "开始日期晚于结束日期" in page


def test_audience_upload_page_imports_and_refuses(operator_client, wechat):
    good = operator_client.post(
        reverse("reach:audience_import"),
        {
            "channel": wechat.pk,
            "file": SimpleUploadedFile("g.xlsx", workbook(wechat_rows()).read()),
        },
    ).content.decode()
    bad = operator_client.post(
        reverse("reach:audience_import"),
        {"channel": wechat.pk, "file": SimpleUploadedFile("b.xls", b"\xd0\xcf\x11\xe0")},
    ).content.decode()

    assert "导入完成：3 天，新增 3" in good
    assert "另存为 .xlsx" in bad
    assert AudienceFigure.objects.count() == 3
