"""A request body over the cap is refused with 413 and a Chinese reason before anything
reads it: by its declared length, or while it is read when it has none (chunked)."""

import io

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from rongmei.core.middleware import RequestSizeLimitMiddleware

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_a_200_mb_form_field_is_refused_unread(client):
    """Only the header says 200 MB: the refusal comes before any byte is read (the test
    client would fail a read beyond the 13 bytes it holds)."""
    response = client.generic(
        "POST",
        "/admin/login/",
        b"username=abc",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * MB),
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "提交的内容过大（200.0 MB），超过 64 MB 的上限" in text


def test_a_real_body_over_a_smaller_cap_is_refused(client, settings):
    settings.RONGMEI_MAX_REQUEST_BYTES = 1000
    response = client.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert client.post("/admin/login/", {"username": "x" * 10}).status_code != 413


def test_pages_that_take_videos_have_their_own_cap(client, settings):
    settings.RONGMEI_MAX_REQUEST_BYTES = 1000
    settings.RONGMEI_UPLOAD_REQUEST_BYTES = {"/tips/": 5000}
    body = {"content": "x" * 2000}
    assert client.post("/tips/", body).status_code != 413
    assert client.post("/tips/", {"content": "x" * 6000}).status_code == 413
    assert client.post("/admin/login/", body).status_code == 413


def test_the_api_answers_413_in_json(client):
    response = client.generic(
        "POST",
        "/api/v1/stories/1/versions/",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(100 * MB),
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.json()["detail"]


def _chunked(body: bytes):
    request = RequestFactory().post("/tips/", b"", content_type="application/octet-stream")
    request.META.pop("CONTENT_LENGTH", None)
    request.META["HTTP_TRANSFER_ENCODING"] = "chunked"
    request.META["wsgi.input"] = io.BytesIO(body)
    return request


def _echo(request):
    return HttpResponse(request.body)


def test_a_chunked_body_is_refused_once_it_passes_the_cap(settings):
    settings.RONGMEI_MAX_REQUEST_BYTES = 1000
    settings.RONGMEI_UPLOAD_REQUEST_BYTES = {}
    response = RequestSizeLimitMiddleware(_echo)(_chunked(b"x" * 70_000))
    assert response.status_code == 413
    assert "提交的内容过大，超过" in response.content.decode()


def test_a_chunked_body_within_the_cap_reaches_the_view_whole(settings):
    settings.RONGMEI_MAX_REQUEST_BYTES = 1000
    settings.RONGMEI_UPLOAD_REQUEST_BYTES = {}
    response = RequestSizeLimitMiddleware(_echo)(_chunked(b"0123456789" * 90))
    assert response.status_code == 200
    assert response.content == b"0123456789" * 90


def test_a_negative_length_is_a_bad_request(client):
    response = client.generic("POST", "/admin/login/", b"", CONTENT_LENGTH="-5")
    assert response.status_code == 400


def test_the_cap_comes_first_and_form_fields_keep_their_own(settings):
    assert settings.MIDDLEWARE[0] == "rongmei.core.middleware.RequestSizeLimitMiddleware"
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 20
