"""The ledger importer: every record type, identity and idempotency, all-or-nothing refusal."""

import datetime as dt
import io
import time
from decimal import Decimal

import pytest

from rongmei.broadcast_safety.models import BroadcastIncident
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.distribution.models import AudienceFigure, Channel, Origin, Publication
from rongmei.exposure.models import ExposureCase
from rongmei.integrity.models import IntegrityRecord
from rongmei.ledgers.services import ledger_import
from rongmei.newsroom.models import Campaign, Column
from rongmei.notices.models import Notice
from rongmei.outreach.models import Adoption, Outlet
from rongmei.outreach.services import outlet_create
from rongmei.party.models import PartyActivity
from rongmei.programmes.models import Episode, LiveStream, Production, Programme
from rongmei.training.models import TrainingEvent

from .helpers import FULL, workbook, write

ALL_MODELS = (
    Outlet, Channel, Column, Campaign, Adoption, Publication, Programme, Episode, LiveStream,
    Production, AudienceFigure, PartyActivity, IntegrityRecord, ExposureCase, Notice,
    BroadcastIncident, TrainingEvent,
)  # fmt: skip

FULL_LINES = [
    "outlets: 4 created, 0 unchanged",
    "channels: 3 created, 0 unchanged",
    "columns: 2 created, 0 unchanged",
    "adoptions: 3 created, 0 unchanged",
    "publications: 2 created, 0 unchanged",
    "episodes: 2 created, 0 unchanged",
    "live_streams: 1 created, 0 unchanged",
    "productions: 1 created, 0 unchanged",
    "audience: 1 created, 0 unchanged",
    "party_activities: 3 created, 0 unchanged",
    "integrity_records: 2 created, 0 unchanged",
    "exposures: 1 created, 0 unchanged",
    "notices: 1 created, 0 unchanged",
    "broadcast_incidents: 1 created, 0 unchanged",
    "trainings: 1 created, 0 unchanged",
]


def counts():
    return {m.__name__: m.objects.count() for m in ALL_MODELS}


def run(tmp_path, center, sheets=None, name="ledger.xlsx", data=None, **kwargs):
    path = write(tmp_path, name, data if data is not None else workbook(sheets))
    return ledger_import(file=path, center=center, by=None, **kwargs)


def test_full_workbook_creates_every_record_type(center, tmp_path):
    result = run(tmp_path, center, FULL)

    assert result.ok
    assert result.lines() == FULL_LINES
    news = Outlet.objects.get(name="新闻联播")
    assert news.parent.name == "中央电视台"
    assert news.level == "central"
    assert Outlet.objects.get(name="海南州广播电视台").level == "municipal"
    assert Column.objects.get(name="健康示范").channel.name == "示范县电视台"
    adoption = Adoption.objects.get(ref="A-1")
    assert adoption.authors == "张三、李四"
    assert adoption.kind == "video"
    assert sorted(c.name for c in adoption.campaigns.all()) == ["乡村振兴", "春耕"]
    assert Adoption.objects.get(ref="A-2").placement == "front_page_headline"
    assert Adoption.objects.get(title="无编号的稿件").placement == "other"
    publication = Publication.objects.get(ref="P-1")
    assert (publication.views, publication.likes, publication.origin) == (
        120000,
        300,
        Origin.IMPORTED,
    )
    assert publication.column.name == "走基层"
    assert publication.kind == "article"
    assert Publication.objects.get(title="短视频一则").kind == "short_video"
    programme = Programme.objects.get(name="示范新闻")
    assert programme.channel.name == "示范县电视台"
    assert list(programme.episodes.order_by("date").values_list("items", flat=True)) == [8, 7]
    stream = LiveStream.objects.get()
    assert (stream.platforms, stream.viewers) == ("抖音、快手、视频号", 23000)
    assert Production.objects.get().kind == "special_film"
    assert AudienceFigure.objects.get().followers == 52000
    assert PartyActivity.objects.filter(date=dt.date(2021, 5, 10), kind="theme_day").count() == 2
    assert PartyActivity.objects.get(kind="community_service").hours == Decimal("2.5")
    assert list(IntegrityRecord.objects.order_by("date").values_list("count", flat=True)) == [45, 1]
    assert ExposureCase.objects.get().rectified_date == dt.date(2021, 8, 5)
    assert Notice.objects.get().category == "power"
    incident = BroadcastIncident.objects.get()
    assert incident.started == dt.datetime(2021, 10, 1, 0, 30, tzinfo=dt.UTC)
    assert (incident.kind, incident.duration_seconds) == ("outage", 120)
    assert TrainingEvent.objects.get().hours == Decimal(16)
    assert set(Campaign.objects.values_list("name", flat=True)) == {
        "春耕",
        "乡村振兴",
        "党史学习教育",
    }
    assert all(obj.center_id == center.pk for m in ALL_MODELS for obj in m.objects.all())


def test_import_writes_one_audit_entry_with_counts(center, tmp_path):
    run(tmp_path, center, FULL)

    entries = AuditEntry.objects.filter(center=center)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == AuditAction.IMPORT
    assert entry.changes["sheet:adoptions"] == [3, 0, 0]
    assert entry.changes["programmes_created"] == ["示范新闻"]


def test_importing_the_same_file_twice_changes_nothing(center, tmp_path):
    run(tmp_path, center, FULL)
    before = counts()

    result = run(tmp_path, center, FULL)

    assert result.ok
    assert result.lines() == [
        line.replace(
            f"{line.split(': ')[1].split(' ')[0]} created, 0",
            "0 created, " + line.split(": ")[1].split(" ")[0],
        )
        for line in FULL_LINES
    ]
    assert counts() == before


def test_changed_values_update_the_record_and_are_counted(center, tmp_path):
    run(tmp_path, center, FULL)
    sheets = {
        "publications": [
            ["date", "channel", "title", "views", "ref"],
            ["2021-04-01", "示范县发布", "春耕进行时", 150000, "P-1"],
            ["2021-04-02", "示范县抖音号", "短视频一则", 5000, None],
        ],
        "exposures": [["date", "title", "status"], ["2021-08-01", "乱堆乱放", "rectified"]],
        "episodes": [["programme", "date", "items"], ["示范新闻", "2021-01-04", 9]],
    }

    result = run(tmp_path, center, sheets, name="update.xlsx")

    assert result.lines() == [
        "publications: 0 created, 1 unchanged, 1 updated",
        "episodes: 0 created, 0 unchanged, 1 updated",
        "exposures: 0 created, 1 unchanged",
    ]
    publication = Publication.objects.get(ref="P-1")
    assert publication.views == 150000
    assert publication.likes == 300  # an absent column leaves the value alone
    assert sorted(c.name for c in publication.campaigns.all()) == ["春耕"]
    assert Episode.objects.get(date=dt.date(2021, 1, 4)).duration_minutes == 15
    assert Episode.objects.get(date=dt.date(2021, 1, 4)).items == 9


def test_exposure_status_moves_on_in_a_later_ledger(center, tmp_path):
    run(
        tmp_path,
        center,
        {"exposures": [["date", "title", "status"], ["2021-08-01", "乱堆", "已受理"]]},
    )

    result = run(
        tmp_path,
        center,
        {
            "exposures": [
                ["日期", "标题", "状态", "整改日期"],
                ["2021-08-01", "乱堆", "已整改", "2021-08-09"],
            ]
        },
    )

    assert result.lines() == ["exposures: 0 created, 0 unchanged, 1 updated"]
    case = ExposureCase.objects.get()
    assert (case.status, case.rectified_date) == ("rectified", dt.date(2021, 8, 9))


def test_dry_run_reports_counts_and_writes_nothing(center, tmp_path):
    result = run(tmp_path, center, FULL, dry_run=True)

    assert result.ok
    assert result.lines() == FULL_LINES
    assert set(counts().values()) == {0}
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_chinese_sheet_names_headers_and_labels(center, tmp_path):
    sheets = {
        "外部媒体": [
            ["名称", "级别", "上级媒体"],
            ["人民日报", "中央", None],
            ["人民日报海外版", "中央", "人民日报"],
        ],
        "自有渠道": [["名称", "平台"], ["示范县客户端", "客户端"]],
        "外宣刊播": [
            ["日期", "媒体", "标题", "类型", "版面", "作者", "专题", "编号"],
            [
                "2021-03-01",
                "人民日报海外版",
                "高原春色",
                "图片",
                "头版",
                "赵六、钱七",
                "生态",
                "X1",
            ],
        ],
        "发布记录": [
            ["日期", "渠道", "标题", "类型", "阅读量"],
            ["2021-03-02", "示范县客户端", "一则通知", "通知", 10],
        ],
        "党建活动": [
            ["日期", "类型", "主题", "参加人数"],
            ["2021-01-05", "支委会", "一月支委会", 5],
        ],
        "播出事故": [
            ["开始时间", "系统/频率", "类型", "时长秒", "原因"],
            ["2021-02-01 20:00:30", "电视一套", "垫播", 30, ""],
        ],
        "培训": [
            ["日期", "名称", "类型", "人次", "学时"],
            ["2021-04-01", "技能大练兵", "技能比武", 20, 4.5],
        ],
    }

    result = run(tmp_path, center, sheets)

    assert result.lines() == [
        "外部媒体: 2 created, 0 unchanged",
        "自有渠道: 1 created, 0 unchanged",
        "外宣刊播: 1 created, 0 unchanged",
        "发布记录: 1 created, 0 unchanged",
        "党建活动: 1 created, 0 unchanged",
        "播出事故: 1 created, 0 unchanged",
        "培训: 1 created, 0 unchanged",
    ]
    adoption = Adoption.objects.get()
    assert (adoption.kind, adoption.placement, adoption.outlet.parent.name) == (
        "photo",
        "front_page",
        "人民日报",
    )
    assert Publication.objects.get().kind == "notice"
    assert PartyActivity.objects.get().kind == "branch_committee"
    assert BroadcastIncident.objects.get().started == dt.datetime(
        2021, 2, 1, 12, 0, 30, tzinfo=dt.UTC
    )
    assert TrainingEvent.objects.get().kind == "contest"


def test_excel_dates_and_date_times(center, tmp_path):
    sheets = {
        "notices": [
            ["date", "category", "title"],
            [dt.datetime(2021, 9, 1), "water", "停水"],  # noqa: DTZ001 (Excel cells are naive)
            [44440, "other", "序列号日期"],
        ],
        "broadcast_incidents": [
            ["started", "system", "kind", "duration_seconds"],
            [dt.datetime(2021, 10, 1, 8, 30), "FM", "wrong", 10],  # noqa: DTZ001
        ],
    }

    result = run(tmp_path, center, sheets)

    assert result.ok, result.lines()
    assert sorted(Notice.objects.values_list("date", flat=True)) == [
        dt.date(2021, 9, 1),
        dt.date(2021, 9, 1),
    ]
    assert BroadcastIncident.objects.get().started == dt.datetime(2021, 10, 1, 0, 30, tzinfo=dt.UTC)


def test_csv_with_bom_and_file_name_giving_the_type(center, tmp_path):
    outlet_create(by=None, center=center, name="青海日报", level="provincial")
    text = '日期,媒体,标题,作者,编号\r\n2021-05-01,青海日报,"高原, 春天","张三，李四",C-1\r\n,,,,\r\n2021-05-02,青海日报,第二篇,,C-2\r\n'

    result = run(
        tmp_path, center, name="adoptions-2021.csv", data="\ufeff".encode() + text.encode()
    )

    assert result.lines() == ["adoptions: 2 created, 0 unchanged"]
    assert Adoption.objects.get(ref="C-1").title == "高原, 春天"
    assert Adoption.objects.get(ref="C-1").authors == "张三、李四"


def test_csv_without_bom(center, tmp_path):
    data = "date,category,title\n2021-09-01,traffic,交通管制\n".encode()

    result = run(tmp_path, center, name="notices.csv", data=data)

    assert result.lines() == ["notices: 1 created, 0 unchanged"]


def test_empty_default_sheet_is_ignored(center, tmp_path):
    sheets = {
        "Sheet": [],
        "notices": [["date", "category", "title"], ["2021-09-01", "power", "停电"]],
    }

    assert run(tmp_path, center, sheets).lines() == ["notices: 1 created, 0 unchanged"]


def test_later_sheets_may_refer_to_rows_of_earlier_sheets_whatever_their_position(center, tmp_path):
    sheets = {
        "publications": [
            ["date", "channel", "title", "column"],
            ["2021-04-01", "新渠道", "标题", "新栏目"],
        ],
        "columns": [["name", "channel"], ["新栏目", "新渠道"]],
        "channels": [["name", "platform"], ["新渠道", "website"]],
    }

    result = run(tmp_path, center, sheets)

    assert result.lines() == [
        "channels: 1 created, 0 unchanged",
        "columns: 1 created, 0 unchanged",
        "publications: 1 created, 0 unchanged",
    ]
    assert Publication.objects.get().column.channel.name == "新渠道"


def test_records_go_to_the_named_center_only(center, other_center, tmp_path):
    outlet_create(by=None, center=other_center, name="青海日报", level="provincial")
    sheets = {"adoptions": [["date", "outlet", "title"], ["2021-03-01", "青海日报", "稿件"]]}

    result = run(tmp_path, center, sheets)

    assert [str(e) for e in result.errors] == [
        "adoptions:2:outlet: 未知的媒体“青海日报”：请先在外部媒体（outlets）中登记"
    ]
    assert Adoption.objects.count() == 0


# --- refusals: every bad row reported, nothing written -----------------------------------


def assert_refused(result, lines):
    assert not result.ok
    assert result.lines() == [*lines, f"共 {len(lines)} 处错误，未导入任何数据。"]
    assert set(counts().values()) == {0}
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_every_bad_row_is_reported_and_nothing_is_written(center, tmp_path):
    sheets = {
        **FULL,
        "colours": [["name"], ["红"]],
        "outlets": [["name", "level"], ["新闻联播", "国家级"], ["青海日报", "provincial"]],
        "adoptions": [
            ["date", "outlet", "title", "colour"],
            ["2021/03/01", "青海日报", "标题一", None],
            ["2021-02-30", "不存在的报", "标题二", None],
            [None, "青海日报", "", None],
        ],
        "integrity_records": [["date", "kind", "count"], ["2021-01-15", "letter", -3]],
    }

    result = run(tmp_path, center, sheets)

    levels = "central（中央）、provincial（省级）、municipal（市级）、county（县级）、other（其他）"
    kinds = (
        "responsibility_letter（责任书）、commitment_letter（承诺书）、integrity_talk（廉政谈话）、"
        "inspection（监督检查）、problem（问题整改）"
    )
    assert_refused(
        result,
        [
            "colours:1:: 未知的工作表“colours”，工作表应以台账类型命名，例如 adoptions 或 外宣刊播",
            f"outlets:2:level: 无效的取值“国家级”，可选：{levels}",
            "adoptions:1:colour: 未知的列“colour”",
            "adoptions:2:date: 日期应写作 YYYY-MM-DD，而不是“2021/03/01”",
            "adoptions:3:date: 日期“2021-02-30”不存在",
            "adoptions:3:outlet: 未知的媒体“不存在的报”：请先在外部媒体（outlets）中登记",
            "adoptions:4:date: 必填项为空",
            "adoptions:4:title: 必填项为空",
            f"integrity_records:2:kind: 无效的取值“letter”，可选：{kinds}",
            "integrity_records:2:count: 不能为负数（-3）",
        ],
    )


def test_missing_required_column_and_duplicates(center, tmp_path):
    sheets = {
        "channels": [["名称"], ["示范县发布"]],
        "outlets": [["name", "level", "名称"], ["A", "other", None]],
        "notices": [["date", "category", "title"], ["2021-01-01", "power", "甲"]],
        "publications": [
            ["date", "channel", "title", "ref"],
            ["2021-01-01", "示范县发布", "甲", "R"],
            ["2021-01-02", "示范县发布", "乙", "R"],
        ],
    }

    result = run(tmp_path, center, sheets)

    assert_refused(
        result,
        [
            "outlets:1:名称: 与列“name”重复",
            "channels:1:平台: 缺少必填列",
            "publications:2:channel: 未知的渠道“示范县发布”：请先在自有渠道（channels）中登记",
            "publications:3:channel: 未知的渠道“示范县发布”：请先在自有渠道（channels）中登记",
        ],
    )


def test_field_rules_of_the_models_are_reported_per_cell(center, tmp_path):
    sheets = {
        "trainings": [["date", "title", "hours"], ["2021-01-01", "x" * 301, 1.25]],
        "exposures": [
            ["date", "title", "status", "rectified_date"],
            ["2021-08-05", "甲", "rectified", "2021-08-01"],
        ],
        "notices": [["date", "category", "title", None], ["2021-01-01", "power", "甲", "多余"]],
    }

    result = run(tmp_path, center, sheets)

    assert_refused(
        result,
        [
            "exposures:2:rectified_date: 整改日期不能早于受理日期",
            "notices:2:D: 该列没有表头",
            "trainings:2:title: 确保该变量包含不超过 300 字符 (目前字符数 301)",
            "trainings:2:hours: 确认小数不超过 1 位",
        ],
    )


def test_outlet_parent_errors(center, tmp_path):
    sheets = {
        "outlets": [
            ["name", "level", "parent"],
            ["甲", "other", "乙"],
            ["乙", "other", "甲"],
            ["丙", "other", "丙"],
            ["丁", "other", "戊"],
        ]
    }

    result = run(tmp_path, center, sheets)

    assert_refused(
        result,
        [
            "outlets:2:parent: 上级媒体形成循环",
            "outlets:3:parent: 上级媒体形成循环",
            "outlets:4:parent: 上级媒体不能是自己",
            "outlets:5:parent: 未知的上级媒体“戊”",
        ],
    )


def test_not_a_workbook_is_refused(center, tmp_path):
    assert_refused(
        run(tmp_path, center, name="ledger.xlsx", data=b"this is no workbook"),
        ["ledger.xlsx: 不是有效的 .xlsx 工作簿（文件已损坏或并非 Excel 文件）。"],
    )
    assert_refused(
        run(tmp_path, center, name="ledger.pdf", data=b"%PDF-1.4"),
        ["ledger.pdf: 不是 .xlsx 工作簿或 .csv 文件，无法导入。"],
    )
    assert_refused(
        run(tmp_path, center, name="ledger.xls", data=b"\xd0\xcf\x11\xe0"),
        ["ledger.xls: 不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 工作簿后再导入。"],
    )


def test_csv_in_another_encoding_or_with_an_unknown_name_is_refused(center, tmp_path):
    gbk = "date,category,title\n2021-09-01,power,停电\n".encode("gbk")
    assert_refused(
        run(tmp_path, center, name="notices.csv", data=gbk),
        [
            "notices.csv: CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”。"
        ],
    )
    assert_refused(
        run(tmp_path, center, name="2021.csv", data=b"a\n1\n"),
        ["2021.csv: 无法从文件名判断台账类型：CSV 文件名应以类型开头，例如 adoptions-2021.csv。"],
    )


def test_oversized_file_is_refused_quickly_without_reading_it(center, tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.monotonic()

    result = ledger_import(file=path, center=center, by=None)

    assert time.monotonic() - started < 1
    assert_refused(
        result, ["huge.xlsx: 文件过大（50.0 MB），超过 20.0 MB 的上限，请拆分后分批导入。"]
    )


def test_oversized_upload_is_refused_by_its_size(center, settings):
    settings.RONGMEI_LEDGER_MAX_BYTES = 1024
    upload = io.BytesIO(workbook(FULL))

    result = ledger_import(file=upload, filename="ledger.xlsx", center=center, by=None)

    assert not result.ok
    assert result.errors[0].reason.startswith("文件过大")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "应为整数，而不是“abc”"),
        (1.5, "应为整数，而不是“1.5”"),
        (-1, "不能为负数（-1）"),
    ],
)
def test_bad_counts(center, tmp_path, value, reason):
    sheets = {"trainings": [["date", "title", "attendees"], ["2021-01-01", "培训", value]]}

    assert_refused(run(tmp_path, center, sheets), [f"trainings:2:attendees: {reason}"])


def test_reach_written_as_ten_thousands(center, tmp_path):
    sheets = {
        "channels": [["name", "platform"], ["号", "wechat"]],
        "publications": [
            ["date", "channel", "title", "views", "likes"],
            ["2021-01-01", "号", "爆款", "10万+", "1,234"],
        ],
    }

    assert run(tmp_path, center, sheets).ok
    assert Publication.objects.values_list("views", "likes").get() == (100000, 1234)
