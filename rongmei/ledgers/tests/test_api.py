"""`POST /api/v1/ledger/import`: 200 with counts, 400 with errors, 404 for another center."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rongmei.accounts.services import membership_add
from rongmei.notices.models import Notice

from .helpers import workbook

URL = "/api/v1/ledger/import"
GOOD = {"notices": [["date", "category", "title"], ["2021-09-01", "power", "停电"]]}
BAD = {"notices": [["date", "category", "title"], ["2021-09-01", "snow", "停电"]]}


def upload(sheets, name="ledger.xlsx"):
    return SimpleUploadedFile(name, workbook(sheets))


@pytest.fixture
def operator_client(client, center, make_user):
    client.force_login(make_user(center, "channel_operator"))
    return client


def test_import_answers_counts(operator_client, center):
    response = operator_client.post(URL, {"file": upload(GOOD), "center": "632224"})

    assert response.status_code == 200
    body = response.json()
    assert body["lines"] == ["notices: 1 created, 0 unchanged"]
    assert body["sheets"] == [
        {"sheet": "notices", "key": "notices", "created": 1, "unchanged": 0, "updated": 0}
    ]
    assert Notice.objects.get().center == center


def test_center_may_be_left_out_by_a_member_of_one_center(operator_client, center):
    response = operator_client.post(URL, {"file": upload(GOOD)})

    assert response.status_code == 200
    assert Notice.objects.get().center == center


def test_dry_run_writes_nothing(operator_client, center):
    response = operator_client.post(URL, {"file": upload(GOOD), "dry_run": "true"})

    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert not Notice.objects.exists()


def test_bad_rows_answer_400_with_the_error_lines(operator_client, center):
    response = operator_client.post(URL, {"file": upload(BAD)})

    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [
        "notices:2:category: 无效的取值“snow”，可选：power（停电）、water（停水）、traffic（交通）、"
        "agriculture（农特产品）、weather（气象）、other（其他）"
    ]
    assert body["count"] == 1
    assert body["details"][0]["row"] == 2
    assert not Notice.objects.exists()


def test_not_a_workbook_answers_400(operator_client, center):
    response = operator_client.post(
        URL, {"file": SimpleUploadedFile("ledger.docx", b"PK\x03\x04 not really")}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == ["ledger.docx: 不是 .xlsx 工作簿或 .csv 文件，无法导入。"]


def test_another_centers_code_is_not_found(operator_client, center, other_center):
    response = operator_client.post(URL, {"file": upload(GOOD), "center": "632225"})

    assert response.status_code == 404
    assert not Notice.objects.exists()


def test_a_role_without_import_rights_is_refused(client, center, make_user):
    client.force_login(make_user(center, "reporter"))

    response = client.post(URL, {"file": upload(GOOD), "center": "632224"})

    assert response.status_code == 403
    assert not Notice.objects.exists()


def test_signed_out_is_refused(client, center):
    response = client.post(URL, {"file": upload(GOOD)})

    assert response.status_code == 401
    assert not Notice.objects.exists()


def test_member_of_two_centers_imports_where_named(client, center, other_center, make_user):
    user = make_user(center, "director")
    membership_add(user=user, center=other_center, roles=["director"])
    client.force_login(user)

    ambiguous = client.post(URL, {"file": upload(GOOD)})
    response = client.post(URL, {"file": upload(GOOD), "center": "632225"})

    assert ambiguous.status_code == 400
    assert response.status_code == 200
    assert Notice.objects.get().center == other_center
