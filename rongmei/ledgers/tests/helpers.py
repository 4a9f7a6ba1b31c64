"""Building ledger files in tests."""

import io

import openpyxl


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with one sheet per entry: header row first, then data rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


FULL = {
    "outlets": [
        ["name", "level", "parent"],
        ["新闻联播", "central", "中央电视台"],
        ["中央电视台", "中央", None],
        ["青海日报", "provincial", None],
        ["海南州广播电视台", "市级", None],
    ],
    "channels": [
        ["name", "platform"],
        ["示范县发布", "wechat"],
        ["示范县抖音号", "抖音"],
        ["示范县电视台", "tv"],
    ],
    "columns": [["name", "channel"], ["健康示范", "示范县电视台"], ["走基层", None]],
    "adoptions": [
        ["date", "outlet", "title", "kind", "placement", "url", "authors", "campaigns", "ref"],
        [
            "2021-03-01",
            "新闻联播",
            "示范县春耕忙",
            "video",
            "other",
            None,
            "张三，李四",
            "春耕、乡村振兴",
            "A-1",
        ],
        ["2021-03-02", "青海日报", "示范县的春天", "文字", "头版头条", None, "王五", None, "A-2"],
        ["2021-03-05", "海南州广播电视台", "无编号的稿件", None, None, None, None, None, None],
    ],
    "publications": [
        [
            "date",
            "channel",
            "title",
            "kind",
            "column",
            "campaigns",
            "views",
            "likes",
            "shares",
            "comments",
            "authors",
            "ref",
        ],
        [
            "2021-04-01",
            "示范县发布",
            "春耕进行时",
            "图文",
            "走基层",
            "春耕",
            120000,
            300,
            20,
            5,
            "张三",
            "P-1",
        ],
        [
            "2021-04-02",
            "示范县抖音号",
            "短视频一则",
            "short_video",
            None,
            None,
            5000,
            None,
            None,
            None,
            None,
            None,
        ],
    ],
    "episodes": [
        ["programme", "date", "items", "duration_minutes", "channel"],
        ["示范新闻", "2021-01-04", 8, 15, "示范县电视台"],
        ["示范新闻", "2021-01-05", 7, 15, "示范县电视台"],
    ],
    "live_streams": [
        ["date", "title", "platforms", "viewers", "campaigns"],
        ["2021-06-01", "六一直播", "抖音,快手、视频号", 23000, "乡村振兴"],
    ],
    "productions": [
        ["date", "title", "kind", "column", "campaigns"],
        ["2021-07-01", "百年党史", "专题片", "健康示范", "党史学习教育"],
    ],
    "audience": [
        ["channel", "date", "followers", "visits"],
        ["示范县发布", "2021-12-31", 52000, 3100],
    ],
    "party_activities": [
        ["date", "kind", "title", "attendees", "hours"],
        ["2021-05-10", "theme_day", "五月主题党日", 30, None],
        ["2021-05-10", "主题党日", "第二场", 12, None],
        ["2021-05-20", "community_service", "社区服务", 15, 2.5],
    ],
    "integrity_records": [
        ["date", "kind", "count", "subject"],
        ["2021-01-15", "责任书", 45, "全体职工"],
        ["2021-02-10", "integrity_talk", None, "新任中层"],
    ],
    "exposures": [
        ["date", "title", "status", "rectified_date"],
        ["2021-08-01", "乱堆乱放", "rectified", "2021-08-05"],
    ],
    "notices": [
        ["date", "category", "title"],
        ["2021-09-01", "停电", "城区计划停电通知"],
    ],
    "broadcast_incidents": [
        ["started", "system", "kind", "duration_seconds", "cause"],
        ["2021-10-01 08:30", "FM 98.5", "停播", 120, "市电中断"],
    ],
    "trainings": [
        ["date", "title", "kind", "attendees", "hours"],
        ["2021-11-01", "新媒体技能培训", "course", 40, 16],
    ],
}
