"""Tipsters' contacts: encrypted at rest, masked to those who do not call them back,
shown in full (and audited) to desk heads and chief editors; a deleted lead takes its
photos with it."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in
from rongmei.planning import services
from rongmei.planning.choices import AttachmentKind, LeadSource
from rongmei.planning.models import Lead, LeadAttachment

pytestmark = pytest.mark.django_db
PHONE = "13812341234"


@pytest.fixture
def lead(center):
    return services.lead_create(
        by=None,
        center=center,
        title="城东路灯不亮",
        content="城东路口路灯坏了一周。",
        source=LeadSource.PUBLIC,
        contact=f"电话{PHONE}",
    )


def _raw_contact(lead):
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact FROM planning_lead WHERE id = %s", [lead.pk])
        return cursor.fetchone()[0]


def test_the_contact_is_stored_encrypted_and_read_back(lead):
    raw = _raw_contact(lead)

    assert PHONE not in raw
    assert raw.startswith("v1:")
    assert Lead.objects.get(pk=lead.pk).contact == f"电话{PHONE}"


def test_the_audit_log_keeps_the_contact_masked(lead):
    entry = AuditEntry.objects.get(object_type="planning.Lead", action=AuditAction.CREATE)

    assert PHONE not in str(entry.changes)
    assert entry.changes["contact"][1].startswith("电话138****1234 #")


def test_a_changed_contact_still_shows_as_a_change_in_the_audit_log(lead, center, make_user):
    desk = make_user(center, "desk_head")

    services.lead_update(by=desk, lead=lead, contact="电话13899991234")

    entry = AuditEntry.objects.get(object_type="planning.Lead", action=AuditAction.UPDATE)
    old, new = entry.changes["contact"]
    assert old != new
    assert "13899991234" not in str(entry.changes)


def test_a_reporter_sees_the_contact_masked_and_no_read_is_audited(client, center, make_user, lead):
    work_in(client, make_user(center, "reporter"), center)
    page = client.get(reverse("planning_leads:inspect", args=[lead.pk])).content.decode()

    assert PHONE not in page
    assert "138****1234" in page
    assert not AuditEntry.objects.filter(verb__contains="联系方式").exists()


def test_a_desk_head_sees_the_contact_and_the_read_is_audited(client, center, make_user, lead):
    desk = work_in(client, make_user(center, "desk_head"), center)

    page = client.get(reverse("planning_leads:inspect", args=[lead.pk])).content.decode()

    assert PHONE in page
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, verb="查看爆料人联系方式")
    assert (entry.actor, entry.object_id) == (desk, str(lead.pk))
    assert PHONE not in str(entry.changes)


def test_the_edit_form_carries_the_contact_only_for_those_who_may_see_it(
    client, center, make_user, lead
):
    url = reverse("planning_leads:edit", args=[lead.pk])
    work_in(client, make_user(center, "director"), center)
    assert PHONE not in client.get(url).content.decode()

    work_in(client, make_user(center, "desk_head"), center)
    assert PHONE in client.get(url).content.decode()


@pytest.mark.parametrize(("role", "shown"), [("reporter", "138****1234"), ("desk_head", PHONE)])
def test_exports_mask_the_contact_unless_the_role_needs_it(
    client, center, make_user, lead, role, shown
):
    work_in(client, make_user(center, role), center)

    csv = b"".join(
        client.get(reverse("planning_leads:index") + "?export=csv").streaming_content
    ).decode()
    xlsx = client.get(reverse("planning_leads:index") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]

    assert shown in csv
    assert any(shown in c for c in cells)
    full = AuditEntry.objects.filter(action=AuditAction.EXPORT, verb="导出：查看爆料人联系方式")
    if role == "desk_head":
        assert full.count() == 2
        assert full.first().changes["rows"] == 1
    else:
        assert PHONE not in csv
        assert not any(PHONE in c for c in cells)
        assert not full.exists()


def test_deleting_a_lead_deletes_its_photo_from_storage(
    center, make_user, lead, django_capture_on_commit_callbacks
):
    storage = storages["private"]
    attachment = LeadAttachment(center=center, lead=lead, kind=AttachmentKind.IMAGE, size=3)
    attachment.file.save("tip-1.jpg", ContentFile(b"jpg"), save=False)
    attachment.save()
    name = attachment.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.lead_delete(by=make_user(center, "director"), lead=lead)
        # Not before the deletion commits: a rolled-back deletion keeps its files.
        assert storage.exists(name)

    assert len(callbacks) == 1
    assert not storage.exists(name)
    assert not LeadAttachment.objects.exists()


def test_a_refused_deletion_keeps_the_photo(center, make_user, lead):
    from django.core.exceptions import PermissionDenied

    attachment = LeadAttachment(center=center, lead=lead, kind=AttachmentKind.IMAGE, size=3)
    attachment.file.save("tip-2.jpg", ContentFile(b"jpg"), save=False)
    attachment.save()

    with pytest.raises(PermissionDenied):
        services.lead_delete(by=make_user(center, "reporter"), lead=lead)

    assert storages["private"].exists(attachment.file.name)
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_the_nightly_check_finds_photos_no_row_references_and_removes_them_audited(center, lead):
    from rongmei.core.files import find_orphan_files
    from rongmei.core.tasks import find_orphan_files_task

    storage = storages["private"]
    kept = LeadAttachment(center=center, lead=lead, kind=AttachmentKind.IMAGE, size=3)
    kept.file.save("tip-1.jpg", ContentFile(b"jpg"), save=False)
    kept.save()
    orphan = storage.save("leads/2021/08/left-behind.jpg", ContentFile(b"jpg"))
    elsewhere = storage.save("not-ours/keep.txt", ContentFile(b"x"))

    # (The in-memory storage of the test run may hold other tests' files as well.)
    # Dry run by default, and new files are left alone (their row may not be committed).
    assert f"private:{orphan}" not in find_orphan_files().orphans
    assert f"private:{orphan}" not in find_orphan_files_task.call(remove=False)
    listed = find_orphan_files(min_age_hours=0)
    assert f"private:{orphan}" in listed.orphans
    assert f"private:{kept.file.name}" not in listed.orphans
    assert not any("not-ours" in name for name in listed.orphans)
    assert storage.exists(orphan)
    assert not AuditEntry.objects.filter(verb="删除无记录引用的文件").exists()

    removed = find_orphan_files(remove=True, min_age_hours=0)

    assert removed.removed == len(listed.orphans)
    assert not storage.exists(orphan)
    assert storage.exists(kept.file.name)
    assert storage.exists(elsewhere)
    entry = AuditEntry.objects.get(verb="删除无记录引用的文件")
    assert f"private:{orphan}" in entry.changes["files"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_encrypts_the_contacts_stored_before_and_back(center):
    from django.db.migrations.executor import MigrationExecutor

    lead = services.lead_create(
        by=None, center=center, title="旧线索", content="内容", contact=PHONE
    )
    executor = MigrationExecutor(connection)
    executor.migrate([("planning", "0003_private_attachments")])
    assert _raw_contact(lead) == PHONE  # backwards: plain text again

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert _raw_contact(lead).startswith("v1:")
    assert Lead.objects.get(pk=lead.pk).contact == PHONE
