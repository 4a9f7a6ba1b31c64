import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rongmei.proofing import services, transfer
from rongmei.proofing.models import AcceptedFinding, Lexicon, LexiconKind, Term

from .factories import make_lexicon


@pytest.fixture
def desk_head(center, make_user):
    return make_user(center, "desk_head")


@pytest.fixture
def own(center):
    return make_lexicon(center, LexiconKind.BANNED, name="本中心禁用词", terms=["包治百病"])


@pytest.fixture
def foreign(other_center):
    return make_lexicon(other_center, LexiconKind.BANNED, name="邻县禁用词", terms=["邻县禁词"])


# -- admin listings and tenancy --------------------------------------------------------


def test_lexicon_listing_shows_only_own_center(client, desk_head, own, foreign):
    client.force_login(desk_head)
    response = client.get(reverse("proofing_lexicons:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "本中心禁用词" in content
    assert "邻县禁用词" not in content


def test_other_centers_lexicon_is_not_found_by_url(client, desk_head, foreign):
    client.force_login(desk_head)
    for name in ("edit", "delete", "inspect"):
        url = reverse(f"proofing_lexicons:{name}", args=[foreign.pk])
        assert client.get(url).status_code == 404, name
    term = foreign.terms.get()
    assert client.get(reverse("proofing_terms:edit", args=[term.pk])).status_code == 404
    assert client.post(reverse("proofing_lexicons:delete", args=[foreign.pk])).status_code == 404
    assert Lexicon.objects.filter(pk=foreign.pk).exists()


def test_term_listing_is_scoped(client, desk_head, own, foreign):
    client.force_login(desk_head)
    content = client.get(reverse("proofing_terms:index")).content.decode()
    assert "包治百病" in content
    assert "邻县禁词" not in content


def test_lexicon_listing_query_count_does_not_grow(
    client, center, desk_head, django_assert_num_queries
):
    url = reverse("proofing_lexicons:index")
    make_lexicon(center, LexiconKind.BANNED, name="词库0")
    client.force_login(desk_head)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one.captured_queries) <= 25
    for n in range(1, 15):
        make_lexicon(center, LexiconKind.BANNED, name=f"词库{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_term_listing_query_count_does_not_grow(client, own, desk_head, django_assert_num_queries):
    url = reverse("proofing_terms:index")
    services.term_create(lexicon=own, text="词0", by=None)
    client.force_login(desk_head)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one.captured_queries) <= 25
    for n in range(1, 15):
        services.term_create(lexicon=own, text=f"词{n}", by=None)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_creating_a_lexicon_in_the_admin_sets_center_and_version(client, center, desk_head):
    client.force_login(desk_head)
    response = client.post(
        reverse("proofing_lexicons:add"),
        {
            "name": "新词库",
            "kind": "banned",
            "default_severity": "",
            "description": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lexicon = Lexicon.objects.get(name="新词库")
    assert lexicon.center == center
    assert lexicon.current_version.number == 1


def test_adding_a_term_in_the_admin_freezes_a_version(client, desk_head, own, foreign):
    client.force_login(desk_head)
    form = client.get(reverse("proofing_terms:add")).context["form"]
    assert list(form.fields["lexicon"].queryset) == [own]
    response = client.post(
        reverse("proofing_terms:add"),
        {
            "lexicon": own.pk,
            "text": "祖传秘方",
            "suggestion": "",
            "category": "",
            "severity": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.current_version.number == 3
    assert "祖传秘方" in [t[0] for t in own.current_version.content["terms"]]


def test_adding_a_term_to_another_centers_lexicon_is_refused(client, desk_head, foreign):
    client.force_login(desk_head)
    response = client.post(
        reverse("proofing_terms:add"),
        {
            "lexicon": foreign.pk,
            "text": "偷加",
            "suggestion": "",
            "category": "",
            "severity": "",
            "note": "",
        },
    )
    assert response.status_code == 200  # the form, with an error
    assert not Term.objects.filter(text="偷加").exists()


# -- 在线校对 -----------------------------------------------------------------------------


def test_online_check_highlights_findings(client, center, desk_head, own):
    make_lexicon(
        center, LexiconKind.CAUTIONED, name="慎用", terms=[{"text": "老外", "suggestion": "外国人"}]
    )
    client.force_login(desk_head)
    response = client.post(reverse("proofing_check"), {"action": "check", "text": "老外说包治百病"})
    content = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="rm-warn"' in content
    assert '<mark class="rm-block"' in content
    assert "外国人" in content
    assert "有阻断级问题" in content


def test_online_check_accepts_a_warning_with_reason(client, center, desk_head):
    make_lexicon(center, LexiconKind.CAUTIONED, name="慎用", terms=["老外"])
    client.force_login(desk_head)
    text = "他说“老外”"
    (f,) = services.proofread(center=center, text=text).findings
    response = client.post(
        reverse("proofing_check"),
        {
            "action": "accept", "text": text, "start": f.span.start, "end": f.span.end,
            "rule_key": f.span.rule.key, "reason": "引语",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert AcceptedFinding.objects.get().reason == "引语"
    assert '<mark class="rm-accepted"' in response.content.decode()


# -- import / export page ------------------------------------------------------------


def test_import_page_reports_errors_per_line(client, desk_head, own):
    client.force_login(desk_head)
    upload = SimpleUploadedFile("bad.txt", "好词\n\n好词\n".encode())
    response = client.post(reverse("proofing_transfer"), {"lexicon": own.pk, "file": upload})
    content = response.content.decode()
    assert "第2行：空行。" in content
    assert "第3行：“好词”与第1行重复。" in content
    assert list(own.terms.values_list("text", flat=True)) == ["包治百病"]


def test_import_page_refuses_a_too_large_file(client, desk_head, own):
    client.force_login(desk_head)
    upload = SimpleUploadedFile("big.txt", b"x" * (transfer.MAX_IMPORT_BYTES + 1))
    response = client.post(reverse("proofing_transfer"), {"lexicon": own.pk, "file": upload})
    assert "文件过大" in response.content.decode()
    assert own.terms.count() == 1


def test_import_page_imports_a_good_file(client, desk_head, own):
    client.force_login(desk_head)
    upload = SimpleUploadedFile("good.txt", "祖传秘方\n药到病除\n".encode())
    response = client.post(reverse("proofing_transfer"), {"lexicon": own.pk, "file": upload})
    assert response.status_code == 302
    assert own.terms.count() == 3


def test_import_into_another_centers_lexicon_is_not_found(client, desk_head, foreign):
    client.force_login(desk_head)
    upload = SimpleUploadedFile("x.txt", "偷加\n".encode())
    response = client.post(reverse("proofing_transfer"), {"lexicon": foreign.pk, "file": upload})
    assert response.status_code == 404
    assert foreign.terms.count() == 1


def test_export_xlsx_and_tenancy(client, desk_head, own, foreign):
    client.force_login(desk_head)
    response = client.get(reverse("proofing_export", args=[own.pk, "xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "包治百病"
    assert client.get(reverse("proofing_export", args=[foreign.pk, "txt"])).status_code == 404


# -- API ---------------------------------------------------------------------------


def test_api_check(client, center, desk_head, own):
    client.force_login(desk_head)
    response = client.post(
        "/api/v1/proofing/check", {"text": "本品包治百病"}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["has_blocking"] is True
    (finding,) = data["findings"]
    assert (finding["start"], finding["end"], finding["severity"]) == (2, 6, "block")
    assert finding["version"] == own.current_version.number


def test_api_refuses_another_center_and_hides_its_lexicons(
    client, desk_head, own, foreign, other_center
):
    client.force_login(desk_head)
    response = client.post(
        "/api/v1/proofing/check",
        {"text": "邻县禁词", "center": other_center.code},
        content_type="application/json",
    )
    assert response.status_code == 404
    names = [lx["name"] for lx in client.get("/api/v1/proofing/lexicons").json()]
    assert names == ["本中心禁用词"]
    response = client.post(
        "/api/v1/proofing/check", {"text": "邻县禁词"}, content_type="application/json"
    )
    assert response.json()["findings"] == []


def test_api_accept(client, center, desk_head):
    make_lexicon(center, LexiconKind.CAUTIONED, name="慎用", terms=["老外"])
    client.force_login(desk_head)
    (f,) = services.proofread(center=center, text="老外").findings
    payload = {"text": "老外", "start": 0, "end": 2, "rule_key": f.span.rule.key, "reason": "引语"}
    response = client.post("/api/v1/proofing/accept", payload, content_type="application/json")
    assert response.status_code == 200
    assert AcceptedFinding.objects.get().reason == "引语"
    payload["reason"] = ""
    payload["text"] = "老外！"
    response = client.post("/api/v1/proofing/accept", payload, content_type="application/json")
    assert response.status_code == 400


def test_api_needs_a_session(client):
    response = client.post("/api/v1/proofing/check", {"text": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_shared_lexicons_are_managed_by_superusers_only(client, center, desk_head, make_user):
    shared = make_lexicon(None, LexiconKind.BANNED, name="共用禁用词", terms=["共用词"])
    client.force_login(desk_head)
    assert "共用禁用词" not in client.get(reverse("proofing_lexicons:index")).content.decode()
    assert client.get(reverse("proofing_lexicons:edit", args=[shared.pk])).status_code == 404
    root = make_user(center, "administrator")
    root.is_superuser = True
    root.save()
    client.force_login(root)
    assert "共用禁用词" in client.get(reverse("proofing_lexicons:index")).content.decode()
    assert client.get(reverse("proofing_lexicons:edit", args=[shared.pk])).status_code == 200


def test_online_check_page_and_versions_listing_render(client, desk_head, own):
    client.force_login(desk_head)
    assert client.get(reverse("proofing_check")).status_code == 200
    assert client.get(reverse("proofing_transfer")).status_code == 200
    assert client.get(reverse("proofing_versions:index")).status_code in (200, 403)
    assert client.post(reverse("proofing_versions:add"), {"note": "x"}).status_code in (302, 403)
    assert own.versions.count() == 2
