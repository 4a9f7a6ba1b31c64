"""What the audit log covers beyond writes: every listing export (what, how many rows)
and every refused action (who tried what), the refusal kept although the refused
service call is rolled back."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from rongmei.accounts.models import Department
from rongmei.accounts.services import department_create
from rongmei.core.audit import audit_record
from rongmei.core.middleware import CurrentCenterMiddleware
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.records import require_perm
from rongmei.core.tests.helpers import work_in
from rongmei.notices.services import notice_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_listing_export_is_audited_with_its_row_count(client, center, make_user, fmt):
    editor = work_in(client, make_user(center, "editor", username="ed-a"), center)
    for title in ("停电通知", "停水通知", "道路施工"):
        notice_create(by=editor, center=center, date="2021-06-01", category="power", title=title)
    response = client.get(reverse("notices:index"), {"export": fmt, "q": ""})
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor_id, entry.center_id) == (editor.pk, center.pk)
    assert entry.verb.startswith("导出列表")
    assert entry.changes["model"] == "notices.Notice"
    assert entry.changes["rows"] == 3
    assert entry.changes["format"] == fmt


def test_a_refusal_by_require_perm_survives_the_rollback_of_the_refused_call(center, make_user):
    reporter = make_user(center, "reporter", username="rep-a")

    def view(request):
        try:
            with transaction.atomic():
                department_create(center=center, name="新部门", by=request.user)
        except PermissionDenied as exc:
            return HttpResponse(str(exc), status=200)
        return HttpResponse("ok")

    request = RequestFactory().post("/admin/departments/add/")
    request.user = reporter
    request.session = {}
    CurrentCenterMiddleware(view)(request)

    assert not Department.objects.filter(name="新部门").exists()
    entry = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert (entry.actor_id, entry.center_id) == (reporter.pk, center.pk)
    assert entry.changes["perm"] == "accounts.add_department"
    assert entry.changes["path"] == "/admin/departments/add/"
    assert entry.changes["message"] == "您在该中心没有新增部门的权限。"
    assert entry.verb == "拒绝：accounts.add_department"


def test_a_refusal_outside_a_request_is_written_at_once(center, make_user):
    """A command or task (no request): the entry goes with the caller's transaction."""
    reporter = make_user(center, "reporter", username="rep-b")
    with pytest.raises(PermissionDenied):
        require_perm(reporter, center, "accounts.add_department")
    entry = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert (entry.actor_id, entry.changes["perm"]) == (reporter.pk, "accounts.add_department")


def test_a_403_from_the_api_is_audited_with_the_path(client, center, make_user):
    engineer = work_in(client, make_user(center, "engineer", username="eng-a"), center)
    response = client.post(
        "/api/v1/proofing/accept",
        {"text": "一段文字", "start": 0, "end": 1, "rule_key": "x", "reason": "保留"},
        content_type="application/json",
    )
    assert response.status_code == 403
    entry = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert (entry.actor_id, entry.center_id) == (engineer.pk, center.pk)
    assert entry.changes == {"path": "/api/v1/proofing/accept", "method": "POST", "status": 403}


def test_an_anonymous_403_is_not_an_audit_entry(client):
    # The public site's refusals (a missing CSRF token…) are no one's action to audit.
    client.get("/api/v1/centers")
    assert not AuditEntry.objects.filter(action=AuditAction.REFUSED).exists()


def test_the_audit_logs_own_export_is_audited(client, center, audit_admin):
    audit_record(action="update", center=center, verb="一条记录")
    client.force_login(audit_admin)
    listed = AuditEntry.objects.filter(center=center).count()  # with the sign-in
    response = client.get(reverse("audit:index"), {"export": "csv"})
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor_id, entry.changes["model"]) == (audit_admin.pk, "core.AuditEntry")
    assert entry.changes["rows"] == listed


def test_the_monthly_scores_export_counts_its_rows(client, center, make_user):
    import datetime as dt

    from rongmei.scoring.services import scoring_month_compute
    from rongmei.scoring.tests.factories import signed_off_story

    reporter = make_user(center, "reporter", username="rep-sc")
    director = make_user(center, "director", username="dir-sc")
    signed_off_story(
        center, [(reporter, "writer")], title="本县稿件", body="<p>" + "字" * 500 + "</p>"
    )
    scoring_month_compute(center=center, month=dt.date(2021, 6, 1))
    client.force_login(director)
    client.get(reverse("scoring_month"), {"month": "2021-06", "export": "xlsx"})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, verb="导出月度稿分")
    assert entry.changes == {"rows": 1}
