"""Importing platforms' exported reach figures: layouts, matching, all or nothing, pages."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.distribution.models import FigureSource, Publication, PublicationFigure, ReachImport
from rongmei.distribution.reach import parse, reach_import
from rongmei.distribution.services import channel_create, publication_create

DAY = dt.date(2026, 11, 20)
WECHAT_HEADER = ["内容标题", "发表时间", "阅读次数", "分享次数", "点赞次数", "留言次数", "文章链接"]
DOUYIN_HEADER = ["作品名称", "发布时间", "播放量", "点赞量", "评论量", "分享量", "作品ID"]


def workbook(rows, *, title_rows=()) -> io.BytesIO:
    book = openpyxl.Workbook()
    ws = book.active
    for row in (*title_rows, *rows):
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def csv_file(rows, encoding="utf-8-sig") -> io.BytesIO:
    import csv

    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


@pytest.fixture
def wechat(center):
    return channel_create(by=None, center=center, name="示范县发布", platform="wechat")


@pytest.fixture
def douyin(center):
    return channel_create(by=None, center=center, name="示范县抖音", platform="douyin")


@pytest.fixture
def pubs(center, wechat):
    def make(title, day, **kw):
        return publication_create(
            by=None, center=center, channel=wechat, date=day, title=title, **kw
        )

    return {
        "a": make("县委召开全会", dt.date(2026, 11, 1), url="https://mp.weixin.qq.com/s/AAA"),
        "b": make("秋收进行时", dt.date(2026, 11, 2)),
        "c": make("同名稿件", dt.date(2026, 11, 3)),
        "c2": make("同名稿件", dt.date(2026, 11, 3)),
    }


def wechat_rows():
    return [
        WECHAT_HEADER,
        [
            "县委召开全会（链接匹配）",
            "2026-11-01 20:00",
            1200,
            30,
            40,
            5,
            "https://mp.weixin.qq.com/s/AAA#rd",
        ],
        [
            "秋收进行时",
            dt.datetime(2026, 11, 2, 18, 30),  # noqa: DTZ001 (as Excel stores it)
            "10万+",
            "1,234",
            8,
            "-",
            "",
        ],
        ["同名稿件", "2026/11/03", 10, 1, 1, 1, ""],
        ["没有这篇", "2026-11-04", 5, 0, 0, 0, ""],
        ["合计", "", 999999, 0, 0, 0, ""],
    ]


def do_import(center, channel, file, *, layout="wechat", name="export.xlsx", by=None, **kw):
    return reach_import(
        by=by, center=center, channel=channel, file=file, filename=name, layout=layout,
        date=kw.pop("date", DAY), **kw,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Service


def test_wechat_export_updates_matched_publications_and_lists_the_rest(
    center, wechat, pubs, make_user
):
    user = make_user(center, "channel_operator")

    result = do_import(center, wechat, workbook(wechat_rows(), title_rows=[["图文分析"]]), by=user)

    assert result.ok, [str(e) for e in result.errors]
    assert (result.rows, result.matched, result.updated) == (4, 2, 2)
    a, b = (Publication.objects.get(pk=pubs[k].pk) for k in "ab")
    assert (a.views, a.likes, a.shares, a.comments) == (1200, 40, 30, 5)
    assert (b.views, b.shares, b.likes, b.comments) == (100000, 1234, 8, 0)
    figure = PublicationFigure.objects.get(publication=a)
    assert (figure.date, figure.source) == (DAY, FigureSource.IMPORT)
    reasons = {u["title"]: u["reason"] for u in result.unmatched}
    assert set(reasons) == {"同名稿件", "没有这篇"}
    assert "2 条发布记录" in reasons["同名稿件"]
    record = ReachImport.objects.get()
    assert (record.center, record.channel, record.matched, record.rows) == (center, wechat, 2, 4)
    assert record.imported_by == user
    assert len(record.file_sha256) == 64
    assert [u["row"] for u in record.unmatched] == [5, 6]
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.changes["matched"] == 2
    assert entry.center_id == center.pk


def test_bad_rows_refuse_the_whole_file_with_a_message_per_row(center, wechat, pubs):
    rows = [
        WECHAT_HEADER,
        ["县委召开全会", "2026-11-01", 1200, 30, 40, 5, "https://mp.weixin.qq.com/s/AAA"],
        ["秋收进行时", "2026-11-02", "很多", 1, 1, 1, ""],
        ["", "2026-11-02", 1, 1, 1, 1, ""],
        ["同名稿件", "2026-13-45", 1, -3, 1, 1, ""],
        ["小数", "昨天", 1.5, 1, 1, 1, ""],
    ]
    before = list(Publication.objects.order_by("pk").values_list("views", flat=True))

    result = do_import(center, wechat, workbook(rows))

    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert messages == [
        "第 3 行“阅读次数”列：应为整数，而不是“很多”",
        "第 4 行“内容标题”列：标题不能为空",
        "第 5 行“发表时间”列：日期“2026-13-45”不存在",
        "第 5 行“分享次数”列：不能为负数（-3）",
        "第 6 行“发表时间”列：日期应写作 YYYY-MM-DD（可带时间），而不是“昨天”",
        "第 6 行“阅读次数”列：应为整数，而不是“1.5”",
    ]
    assert not PublicationFigure.objects.exists()
    assert not ReachImport.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()
    assert list(Publication.objects.order_by("pk").values_list("views", flat=True)) == before


def test_reimporting_the_same_file_changes_nothing(center, wechat, pubs):
    do_import(center, wechat, workbook(wechat_rows()))
    figures = list(PublicationFigure.objects.order_by("pk").values())
    publications = list(Publication.objects.order_by("pk").values())

    again = do_import(center, wechat, workbook(wechat_rows()))

    assert again.ok
    assert (again.matched, again.updated, again.unchanged) == (2, 0, 2)
    assert list(PublicationFigure.objects.order_by("pk").values()) == figures
    assert list(Publication.objects.order_by("pk").values()) == publications


def test_a_later_day_adds_to_the_series_and_moves_the_totals(center, wechat, pubs):
    do_import(center, wechat, workbook(wechat_rows()))
    rows = wechat_rows()
    rows[1][2] = 1500

    do_import(center, wechat, workbook(rows), date=DAY + dt.timedelta(days=1))

    series = PublicationFigure.objects.filter(publication=pubs["a"]).order_by("date")
    assert [(f.date, f.views) for f in series] == [(DAY, 1200), (DAY + dt.timedelta(days=1), 1500)]
    assert Publication.objects.get(pk=pubs["a"].pk).views == 1500


def test_douyin_export_matches_by_platform_id_then_by_title_and_date(center, douyin):
    by_id = publication_create(
        by=None,
        center=center,
        channel=douyin,
        date=dt.date(2026, 11, 5),
        title="旧标题",
        ref="7301",
    )
    by_title = publication_create(
        by=None, center=center, channel=douyin, date=dt.date(2026, 11, 6), title="丰收节短视频"
    )
    rows = [
        DOUYIN_HEADER,
        ["改过的标题", "2026-11-05 09:00:00", "3.5万", 100, 7, 9, 7301],
        ["丰收节短视频", "2026年11月6日", 800, 20, 3, 4, ""],
    ]

    result = do_import(center, douyin, csv_file(rows), layout="douyin", name="作品数据.csv")

    assert result.ok
    assert result.matched == 2
    assert not result.unmatched
    by_id.refresh_from_db()
    by_title.refresh_from_db()
    assert (by_id.views, by_id.likes, by_id.comments, by_id.shares) == (35000, 100, 7, 9)
    assert by_title.views == 800
    assert Publication.objects.count() == 2


def test_gbk_csv_is_read(center, douyin):
    publication_create(
        by=None, center=center, channel=douyin, date=dt.date(2026, 11, 6), title="丰收节"
    )
    rows = [DOUYIN_HEADER, ["丰收节", "2026-11-06", 5, 1, 1, 1, ""]]

    result = do_import(center, douyin, csv_file(rows, "gb18030"), layout="douyin", name="a.csv")

    assert result.ok
    assert result.matched == 1


def test_mapping_layout_uses_the_operators_column_names(center, wechat, pubs):
    rows = [["名称", "日期", "浏览", "赞"], ["秋收进行时", "2026-11-02", 77, 6]]
    mapping = {"title": "名称", "date": "日期", "views": "浏览", "likes": " 赞 "}

    result = do_import(center, wechat, workbook(rows), layout="mapping", mapping=mapping)

    assert result.ok
    assert result.matched == 1
    b = Publication.objects.get(pk=pubs["b"].pk)
    assert (b.views, b.likes) == (77, 6)
    assert ReachImport.objects.get().layout == "mapping"


def test_mapping_layout_names_a_missing_column(center, wechat, pubs):
    rows = [["名称", "日期", "浏览"], ["秋收进行时", "2026-11-02", 77]]
    mapping = {"title": "名称", "views": "浏览", "comments": "评论"}

    result = do_import(center, wechat, workbook(rows), layout="mapping", mapping=mapping)

    assert not result.ok
    assert "“评论”" in str(result.errors[0])
    assert not ReachImport.objects.exists()


def test_two_rows_never_update_one_publication(center, wechat, pubs):
    rows = [
        WECHAT_HEADER,
        ["秋收进行时", "2026-11-02", 10, 0, 0, 0, ""],
        ["秋收进行时", "2026-11-02", 20, 0, 0, 0, ""],
    ]

    result = do_import(center, wechat, workbook(rows))

    assert result.matched == 1
    assert "第 2 行" in result.unmatched[0]["reason"]
    assert Publication.objects.get(pk=pubs["b"].pk).views == 10


def test_publications_of_another_channel_or_center_are_never_matched(
    center, other_center, wechat, pubs
):
    foreign_channel = channel_create(by=None, center=other_center, name="邻县", platform="wechat")
    publication_create(
        by=None, center=other_center, channel=foreign_channel, date=dt.date(2026, 11, 4),
        title="没有这篇",
    )  # fmt: skip
    other = channel_create(by=None, center=center, name="本县视频号", platform="wechat")

    result = do_import(center, other, workbook(wechat_rows()))
    refused = do_import(other_center, wechat, workbook(wechat_rows()))

    assert result.ok
    assert result.matched == 0
    assert len(result.unmatched) == 4
    assert not refused.ok
    assert "不属于本中心" in str(refused.errors[0])
    assert not PublicationFigure.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "另存为 .xlsx"),
        ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "旧版 Excel"),
        ("broken.xlsx", b"PK\x03\x04 not really", "不是有效的 .xlsx"),
        ("notes.txt", b"hello", "不是 .xlsx 工作簿或 .csv 文件"),
        ("empty.csv", b"", "文件是空的"),
    ],
)
def test_files_that_are_no_export_are_refused_in_chinese(center, wechat, name, content, message):
    result = do_import(center, wechat, io.BytesIO(content), name=name)

    assert not result.ok
    assert message in str(result.errors[0])
    assert not ReachImport.objects.exists()


def test_too_large_a_file_is_refused(center, wechat, settings):
    settings.RONGMEI_REACH_MAX_BYTES = 100

    result = do_import(center, wechat, csv_file([WECHAT_HEADER] * 20), name="big.csv")

    assert not result.ok
    assert "文件过大" in str(result.errors[0])


def test_a_file_of_another_layout_says_which_header_it_expected(center, wechat):
    result = do_import(center, wechat, workbook([[*DOUYIN_HEADER[:1], "x"]]), layout="wechat")

    assert not result.ok
    assert "找不到微信公众号（图文分析导出）的表头" in str(result.errors[0])
    assert "作品名称" in str(result.errors[0])


def test_header_is_found_below_title_lines():
    rows = [
        (1, ("公众号图文数据",)),
        (2, ()),
        (3, tuple(WECHAT_HEADER)),
        (4, ("a", "2026-01-01", 1)),
    ]

    parsed, errors = parse(rows, layout="wechat")

    assert not errors
    assert parsed[0].row == 4
    assert parsed[0].figures["views"] == 1


# ---------------------------------------------------------------------------
# Pages


@pytest.fixture
def operator_client(client, center, make_user):
    client.force_login(make_user(center, "channel_operator"))
    return client


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.getvalue())


def test_upload_page_imports_and_shows_the_unmatched_rows(operator_client, wechat, pubs):
    response = operator_client.post(
        reverse("reach:import"),
        {"channel": wechat.pk, "layout": "wechat", "date": "2026-11-20",
         "file": upload("图文分析.xlsx", workbook(wechat_rows()))},
    )  # fmt: skip

    record = ReachImport.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reach:import_detail", args=[record.pk]))
    page = operator_client.get(response["Location"]).content.decode()
    assert "没有这篇" in page
    assert "本渠道没有标题和发布日期都相同的发布记录" in page
    assert "2026-11-20" in page
    assert Publication.objects.get(pk=pubs["a"].pk).views == 1200


def test_upload_page_lists_bad_rows_and_imports_nothing(operator_client, wechat, pubs):
    rows = [WECHAT_HEADER, ["秋收进行时", "2026-11-02", "很多", 1, 1, 1, ""]]

    response = operator_client.post(
        reverse("reach:import"),
        {"channel": wechat.pk, "layout": "wechat", "date": "2026-11-20",
         "file": upload("bad.xlsx", workbook(rows))},
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "整个文件未导入" in page
    assert "应为整数，而不是“很多”" in page
    assert "阅读次数" in page
    assert not ReachImport.objects.exists()
    assert not PublicationFigure.objects.exists()


def test_upload_form_offers_and_accepts_own_channels_only(
    operator_client, other_center, wechat, pubs
):
    foreign = channel_create(by=None, center=other_center, name="邻县发布", platform="wechat")

    form = operator_client.get(reverse("reach:import")).content.decode()
    response = operator_client.post(
        reverse("reach:import"),
        {"channel": foreign.pk, "layout": "wechat", "date": "2026-11-20",
         "file": upload("a.xlsx", workbook(wechat_rows()))},
    )  # fmt: skip

    assert "示范县发布" in form
    assert "邻县发布" not in form
    assert response.status_code == 200
    assert not ReachImport.objects.exists()


def test_mapping_layout_requires_the_title_column(operator_client, wechat):
    response = operator_client.post(
        reverse("reach:import"),
        {"channel": wechat.pk, "layout": "mapping", "date": "2026-11-20",
         "file": upload("a.csv", csv_file([["a"], ["b"]]))},
    )  # fmt: skip

    assert "请填写标题列的表头名称" in response.content.decode()


@pytest.fixture
def imports(center, other_center, wechat, pubs):
    for n in range(6):
        do_import(center, wechat, workbook(wechat_rows()), name=f"本县{n}.xlsx")
    foreign = channel_create(by=None, center=other_center, name="邻县发布", platform="wechat")
    return do_import(other_center, foreign, workbook(wechat_rows()), name="邻县.xlsx").record


def test_history_lists_own_imports(operator_client, imports):
    response = operator_client.get(reverse("reach:history"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "本县5.xlsx" in page
    assert "邻县.xlsx" not in page


def test_history_query_count_does_not_grow_with_imports(operator_client, center, wechat, imports):
    def more_rows():
        for n in range(12):
            do_import(center, wechat, workbook(wechat_rows()), name=f"更多{n}.xlsx")

    response = assert_queries_do_not_grow(
        lambda: operator_client.get(reverse("reach:history")), more_rows
    )
    assert "更多11.xlsx" in response.content.decode()


def test_another_centers_records_are_not_found(operator_client, other_center, imports):
    foreign_pub = publication_create(
        by=None, center=other_center, channel=imports.channel, date=DAY, title="邻县稿"
    )

    assert operator_client.get(reverse("reach:import_detail", args=[imports.pk])).status_code == 404
    assert (
        operator_client.get(reverse("reach:publication", args=[foreign_pub.pk])).status_code == 404
    )


def test_publication_page_shows_the_series(operator_client, center, wechat, pubs):
    do_import(center, wechat, workbook(wechat_rows()), date=dt.date(2026, 11, 19))
    rows = wechat_rows()
    rows[1][2] = 1500
    do_import(center, wechat, workbook(rows))

    page = operator_client.get(reverse("reach:publication", args=[pubs["a"].pk])).content.decode()

    assert "2026-11-19" in page
    assert "2026-11-20" in page
    assert "1500" in page
    assert "导出表导入" in page
    assert 'id="publication-reach"' in page


@pytest.mark.parametrize("name", ["import", "history", "audience", "audience_import"])
def test_staff_without_a_reach_role_is_refused(client, center, make_user, name):
    client.force_login(make_user(center, "reporter"))

    response = client.get(reverse(f"reach:{name}"))

    # Wagtail sends staff without the permission back to the dashboard (or a 403).
    assert response.status_code in (302, 403)
    assert "reach" not in response.get("Location", "")


@pytest.mark.parametrize(
    "role", ["channel_operator", "editor", "desk_head", "chief_editor", "director", "administrator"]
)
def test_reach_roles_may_open_the_upload_page(client, center, make_user, role):
    client.force_login(make_user(center, role))

    assert client.get(reverse("reach:import")).status_code == 200
