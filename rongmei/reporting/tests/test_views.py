"""Staff pages: statistics tables, Excel export, work summary download, ranking."""

import io

import docx
import openpyxl
import pytest

from rongmei.core.models import AuditEntry

pytestmark = pytest.mark.django_db

YEAR = {"start": "2021-01-01", "end": "2021-12-31"}


def test_stats_page_shows_the_figures(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats/", YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "外宣刊播总数" in html
    assert "示范融媒微信公众号" in html
    assert "导出 Excel" in html
    assert "生成工作总结" in html


def test_stats_page_without_records_says_what_to_do(client, center, make_user):
    client.force_login(make_user(center, "reporter"))
    response = client.get("/admin/reporting/stats/")
    assert response.status_code == 200
    assert "台账导入" in response.content.decode()


def test_stats_page_of_another_center_is_not_found(client, center, other_center, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats/", {**YEAR, "center": "632225"})
    assert response.status_code == 404


def test_excel_export_holds_the_tables(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/stats.xlsx", YEAR)
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "主要指标" in workbook.sheetnames
    rows = {r[0]: r[1] for r in workbook["主要指标"].iter_rows(min_row=3, values_only=True)}
    assert rows["外宣刊播总数"] == 6
    assert rows["培训学时"] == 1.5
    assert AuditEntry.objects.filter(center=center, action="export").exists()


def test_work_summary_download(client, center, year, make_user):
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/work-summary.docx", YEAR)
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "累计刊播转载新闻信息6条" in text


def test_ranking_page_for_directors_only(client, center, year, make_user):
    client.force_login(make_user(center, "reporter"))
    refused = client.get("/admin/reporting/ranking/", YEAR)
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert refused.status_code == 302
    assert refused["Location"] == "/admin/"
    client.force_login(make_user(center, "director"))
    response = client.get("/admin/reporting/ranking/", {**YEAR, "metric": "party.theme_day"})
    assert response.status_code == 200
    assert "党建·主题党日" in response.content.decode()
