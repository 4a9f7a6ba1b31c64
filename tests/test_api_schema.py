"""/api/v1/ against its own OpenAPI document (schemathesis), signed in as staff of one
center: no input gives a server error, every answer is one the document lists and matches
its schema, every refusal says why in Chinese, and staff of another center find none of
the first center's records (GB/T 22239-2019 8.1.4.4 d), 数据有效性检验).

The document is the one the API serves (`/api/v1/openapi.json`), read in-process. Each
operation runs its coverage cases and 10 generated ones, derandomized, so that CI sends
the same requests every time; half of the generated requests name the first center's
code, a period and records that exist, so that answers with rows are checked too.
"""

import datetime as dt
import re

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from rongmei.newsroom.tests.factories import newsroom_staff, signed_off_story
from rongmei.outreach.tests.factories import OutletFactory, submission_for
from rongmei.proofing.tests.factories import make_lexicon
from rongmei.scoring.services import scoring_month_compute

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"
CSRF = "a" * 32  # a CSRF secret sent as cookie and header, as a browser's script does
ROLES = ("director", "chief_editor", "editor", "audit_admin")
JUNE = dt.date(2021, 6, 1)
MAX_EXAMPLES = 10
CJK = re.compile(r"[\u4e00-\u9fff]")

schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)

# Values the generated requests may use besides random ones: the first center's code, a
# period that holds its rows, its story (set by the `records` fixture before any draw).
KNOWN: dict[str, object] = {}


def _with_known(drawn, declared):
    """`drawn` with every declared parameter that has a known value set to it."""
    real = dict(drawn or {})
    real.update({p.name: KNOWN[p.name] for p in declared if p.name in KNOWN})
    return real


@schema.hook
def flatmap_query(context, query):
    real = _with_known(query, context.operation.query)
    return st.just(query) if real == (query or {}) else st.sampled_from([query, real])


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    real = _with_known(path_parameters, context.operation.path_parameters)
    if real == (path_parameters or {}):
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, real])


def chinese_refusal(ctx, response, case):
    """Every refusal (4xx) is JSON whose `detail` (or `errors`) says why in Chinese."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    message = body.get("detail") or body.get("errors") if isinstance(body, dict) else None
    if not CJK.search(str(message or "")):
        raise Failure(
            operation=case.operation.label,
            title="Refusal without a Chinese message",
            message=f"{response.status_code}: {response.text[:300]}",
        )
    return True


CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@pytest.fixture
def records(center, other_center, make_user):
    """Two centers, each with staff, a signed-off story, a submission, a lexicon and a
    computed scoring month, and one user of each with the roles that read them all."""
    built = {}
    for c in (center, other_center):
        staff = newsroom_staff(c, make_user)
        story = signed_off_story(c, staff)
        outlet = OutletFactory(center=c, name=f"人民日报-{c.code}")
        submission_for(c, staff["editor"], [outlet], story=story, date=JUNE)
        make_lexicon(c, terms=["禁用词"])
        scoring_month_compute(center=c, month=JUNE)
        built[c.code] = {"user": make_user(c, *ROLES, username=f"api-{c.code}"), "story": story}
    KNOWN.clear()
    KNOWN.update(
        center=center.code,
        code=center.code,
        start="2021-01-01",
        end=timezone.localdate().isoformat(),
        month="2021-06",
        metric="outreach.adoptions",
        story_id=built[center.code]["story"].pk,
    )
    return built


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests through the WSGI handler keep the test's connection open (as Django's
    test client does), so that they see the test's rows."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _cookies(client, user) -> dict[str, str]:
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return {name: client.cookies[name].value, django_settings.CSRF_COOKIE_NAME: CSRF}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(
    case, client, records, center, wsgi_in_test_transaction
):
    case.call_and_validate(
        cookies=_cookies(client, records[center.code]["user"]),
        headers={"X-CSRFToken": CSRF},
        checks=CHECKS,
        additional_checks=[chinese_refusal],
    )


def _operations():
    return [result.ok() for result in schema.get_all_operations()]


# A request body each operation takes, where it needs one.
BODIES = {
    "POST /api/v1/stories/{story_id}/versions/": {"kind": "wechat"},
    "POST /api/v1/proofing/check": {"text": "我县召开推进会。", "center": "632224"},
    "POST /api/v1/proofing/accept": {
        "text": "我县召开推进会。",
        "start": 0,
        "end": 2,
        "rule_key": "x",
        "reason": "保留",
        "center": "632224",
    },
}


def _known_case(operation, **extra_query):
    declared = {p.name for p in operation.query}
    return operation.Case(
        path_parameters={p.name: KNOWN[p.name] for p in operation.path_parameters},
        query={name: value for name, value in KNOWN.items() if name in declared} | extra_query,
        body=BODIES.get(operation.label, schemathesis.core.NOT_SET),
        media_type="application/json" if operation.label in BODIES else None,
    )


def test_the_known_values_reach_rows(client, records, center, wsgi_in_test_transaction):
    """The generated requests that use the known values get the first center's rows (so
    the schema test checks answers with data, not only refusals)."""
    cookies = _cookies(client, records[center.code]["user"])
    answers = {}
    for operation in _operations():
        if operation.method.upper() != "GET":
            continue
        case = _known_case(operation)
        response = case.call(cookies=cookies, headers={"X-CSRFToken": CSRF})
        case.validate_response(response, checks=CHECKS)
        answers[operation.label] = (response.status_code, len(response.content) > 2)
    assert {label: a for label, a in answers.items() if a != (200, True)} == {}
    assert len(answers) >= 12


def _names_a_center_or_record(operation) -> bool:
    names = {p.name for p in operation.path_parameters} | {p.name for p in operation.query}
    return bool(names & {"center", "code", "story_id"}) or operation.label in BODIES


def test_another_centers_staff_find_none_of_its_records(
    client, records, center, other_center, wsgi_in_test_transaction
):
    """Signed in at the second center, every operation that names the first center or one
    of its records answers 404; the others hold nothing of the first center."""
    cookies = _cookies(client, records[other_center.code]["user"])
    answers, leaks = {}, []
    for operation in _operations():
        if operation.label == "POST /api/v1/ledger/import":
            case = operation.Case()
            response = case.call(
                cookies=cookies, headers={"X-CSRFToken": CSRF}, params={"center": center.code}
            )
        else:
            case = _known_case(operation)
            response = case.call(cookies=cookies, headers={"X-CSRFToken": CSRF})
        case.validate_response(response, checks=CHECKS, additional_checks=[chinese_refusal])
        if operation.label == "POST /api/v1/ledger/import" or _names_a_center_or_record(operation):
            answers[operation.label] = response.status_code
        elif center.code in response.text or center.name in response.text:
            leaks.append(operation.label)
    assert {label: status for label, status in answers.items() if status != 404} == {}
    assert len(answers) >= 12
    assert leaks == []


# --- each input the schema test found to give a server error, kept as a plain test


def test_nul_anywhere_in_a_request_is_refused_in_chinese(client, records, center):
    """PostgreSQL cannot compare text holding NUL: refused before any query (was a 500)."""
    client.force_login(records[center.code]["user"])
    responses = [
        client.get("/api/v1/stories/?center=%00"),
        client.get("/api/v1/centers/%00/staff"),
        client.get("/api/v1/audit?center=632224&object_id=a%00"),
        client.post(
            "/api/v1/proofing/check",
            '{"text": "a", "center": "\\u0000"}',
            content_type="application/json",
        ),
    ]
    assert [r.status_code for r in responses] == [400] * 4
    assert all("空字符" in r.json()["detail"] for r in responses)


def test_numbers_past_a_database_integer_are_refused(client, records, center):
    """A column id or a page past what a database integer holds (was a 500 on SQLite)."""
    client.force_login(records[center.code]["user"])
    column = client.get(f"/api/v1/stories/?column={2**70}")
    page = client.get(f"/api/v1/stories/?page={10**18}")
    assert (column.status_code, page.status_code) == (422, 400)
    assert "column" in column.json()["detail"]
    assert "页码" in page.json()["detail"]


def test_statistics_periods_stay_within_the_years_a_date_holds(client, records, center):
    """Year 1 to 9999, or a comparison before year 1, was a 500."""
    client.force_login(records[center.code]["user"])
    for query in (
        "start=0001-01-01&end=9999-12-31",
        "start=0001-01-01&end=0001-01-02&compare=previous_year",
    ):
        for path in ("/api/v1/stats", "/api/v1/stats/monthly"):
            response = client.get(f"{path}?center=632224&{query}")
            assert response.status_code == 400, (path, query)
            assert "1900-01-01" in response.json()["detail"]


def test_a_form_body_that_does_not_parse_is_refused_in_chinese(client, records, center):
    client.force_login(records[center.code]["user"])
    response = client.generic(
        "POST", "/api/v1/proofing/check", b'{"text": "a"}', content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"]


def test_refusals_of_the_framework_are_in_chinese(client, records, center):
    """No session (401), a bad parameter (422), nothing found (404), a wrong method (405)."""
    anonymous = client.get("/api/v1/stories/")
    client.force_login(records[center.code]["user"])
    invalid = client.get("/api/v1/stories/?start=AAA")
    missing = client.get("/api/v1/stories/999999/")
    method = client.delete("/api/v1/stories/")
    assert [r.status_code for r in (anonymous, invalid, missing, method)] == [401, 422, 404, 405]
    assert anonymous.json()["detail"] == "请先登录。"
    assert invalid.json()["errors"] == [
        {"loc": ["query", "start"], "field": "start", "msg": "应为日期，格式 YYYY-MM-DD"}
    ]
    assert CJK.search(missing.json()["detail"])
    assert CJK.search(method.json()["detail"])
    assert method["Allow"] == "GET"


@pytest.mark.django_db
def test_a_body_that_does_not_parse_is_refused_in_chinese(client, center, make_user):
    """Found by schemathesis in CI: a body of one control byte gave ninja's English 400."""
    user = make_user(center, "reporter", username="bad-body")
    client.force_login(user)
    response = client.post(
        "/api/v1/stories/1/versions/", data=b"\x01", content_type="application/json"
    )
    assert response.status_code == 400
    assert "请求体无法解析" in response.json()["detail"]
