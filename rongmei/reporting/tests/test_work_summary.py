"""The work summary: figures equal to the statistics, written per the wording rules."""

import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from rongmei.distribution.tests.factories import ChannelFactory, PublicationFactory
from rongmei.outreach.tests.factories import AdoptionFactory
from rongmei.reporting.docx_template import TEMPLATE_PATH, build_work_summary_template
from rongmei.reporting.services import stats_document
from rongmei.reporting.summary import period_label, work_summary_build
from rongmei.reporting.wording import count_words

from .conftest import END, IN, START

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_shipped_template_is_what_docx_template_builds():
    """Regenerate with `python -m rongmei.reporting.docx_template` when this fails."""
    shipped = zipfile.ZipFile(TEMPLATE_PATH)
    built = zipfile.ZipFile(io.BytesIO(build_work_summary_template()))
    assert sorted(shipped.namelist()) == sorted(built.namelist())
    for name in built.namelist():
        assert shipped.read(name) == built.read(name), name


def test_template_follows_the_official_format():
    document = docx.Document(str(TEMPLATE_PATH))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [37, 35, 28, 26]
    body = document.styles["公文正文"]
    assert body.font.size.pt == 16
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.9, abs=0.05)
    assert document.styles["公文标题"].font.size.pt == 22
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ")
    assert footer.text.endswith(" —")


def test_summary_figures_equal_the_statistics(center, year):
    channel = ChannelFactory(center=center, name="示范融媒客户端", platform="app")
    PublicationFactory.create_batch(123, center=center, channel=channel, date=IN, views=100)
    doc = stats_document(center=center, start=START, end=END, compare="previous_year")

    text = _text(work_summary_build(center=center, start=START, end=END))

    assert "示范县融媒体中心2021年工作总结" in text
    adoptions = count_words(doc["outreach"]["adoptions"], "条")
    assert f"累计刊播转载新闻信息{adoptions}，同比增长500%" in text
    assert doc["published_total"] == 126
    assert f"发布新闻信息{count_words(126, '条')}" in text
    assert "发布新闻信息120余条" in text
    assert f"总阅读量{count_words(doc['views_total'], '次')}" in text
    assert "1.3万余次" in text  # 13 450 views
    assert "《人民日报》2条，含头版2条（其中头版头条1条）" in text
    assert "中央电视台2条（其中新闻联播1条）" in text
    assert "制作播出《示范新闻》1期12条" in text
    assert "示范融媒抖音发布视频1条" in text
    assert "签订党风廉政建设责任书40份" in text
    assert "累计服务时长2.5小时" in text
    assert "累计停播30秒" in text
    assert "二、下步工作计划" in text
    assert "XX" not in text.upper()


def test_sections_without_records_are_left_out(center):
    AdoptionFactory.create_batch(3, center=center, date=IN)
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert "（一）服务大局，新闻宣传持续向好。" in text
    assert "累计刊播转载新闻信息3条" in text
    assert "同比" not in text  # nothing the year before to compare with
    for absent in ("（二）", "抓实党建", "党风廉政", "安全播出", "便民信息", "自有平台", "短视频"):
        assert absent not in text


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2021-01-01", "2021-12-31", "2021年"),
        ("2021-01-01", "2021-06-30", "2021年上半年"),
        ("2021-07-01", "2021-09-30", "2021年第三季度"),
        ("2021-03-01", "2021-03-31", "2021年3月"),
        ("2021-03-05", "2021-04-01", "2021年3月5日至4月1日"),
    ],
)
def test_period_label(start, end, label):
    import datetime as dt

    assert period_label(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == label


def test_command_writes_the_docx(center, year, tmp_path):
    out = tmp_path / "summary.docx"
    call_command(
        "work_summary",
        "--start",
        "2021-01-01",
        "--end",
        "2021-12-31",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert "外宣影响力持续提升" in _text(out.read_bytes())


def test_pdf_without_libreoffice_is_a_clear_error_and_keeps_the_docx(center, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "rongmei.reporting.management.commands.work_summary.find_libreoffice", lambda: None
    )
    out = tmp_path / "summary.docx"
    with pytest.raises(CommandError, match="未找到 LibreOffice"):
        call_command(
            "work_summary",
            "--start",
            "2021-01-01",
            "--end",
            "2021-12-31",
            "--out",
            str(out),
            "--pdf",
            stdout=io.StringIO(),
        )
    assert Path(out).exists()
