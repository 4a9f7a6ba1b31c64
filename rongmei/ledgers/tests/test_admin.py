"""The admin import page: upload, per-row errors in Chinese, counts; only for allowed roles."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rongmei.notices.models import Notice

from .helpers import workbook

GOOD = {"notices": [["date", "category", "title"], ["2021-09-01", "power", "停电"]]}
BAD = {"notices": [["日期", "类别", "标题"], ["2021-09-01", "下雪", "停电"]]}


def test_page_imports_and_shows_counts(client, center, make_user):
    client.force_login(make_user(center, "director"))

    response = client.post(
        reverse("ledgers_import"), {"file": SimpleUploadedFile("l.xlsx", workbook(GOOD))}
    )

    assert response.status_code == 200
    assert 'data-ledger-result="ok"' in response.content.decode()
    assert Notice.objects.get().center == center


def test_page_shows_each_bad_row_and_writes_nothing(client, center, make_user):
    client.force_login(make_user(center, "administrator"))

    response = client.post(
        reverse("ledgers_import"), {"file": SimpleUploadedFile("l.xlsx", workbook(BAD))}
    )

    content = response.content.decode()
    assert 'data-ledger-result="errors"' in content
    assert "无效的取值“下雪”" in content
    assert not Notice.objects.exists()


def test_dry_run_from_the_page_writes_nothing(client, center, make_user):
    client.force_login(make_user(center, "channel_operator"))

    response = client.post(
        reverse("ledgers_import"),
        {"file": SimpleUploadedFile("l.xlsx", workbook(GOOD)), "dry_run": "on"},
    )

    assert "试运行" in response.content.decode()
    assert not Notice.objects.exists()


def test_page_is_refused_to_other_roles(client, center, make_user):
    client.force_login(make_user(center, "reporter"))

    response = client.get(reverse("ledgers_import"))

    assert response.status_code in (302, 403)
