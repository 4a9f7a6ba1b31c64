"""`keys_rotate`: every encrypted value (tipsters, complainants, integrity details,
channel credentials) re-encrypted under the new key, so that the old key can go."""

import datetime as dt
import io
import json

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from rongmei.core import crypto
from rongmei.core.models import AuditEntry
from rongmei.distribution import credentials
from rongmei.distribution.models import Channel
from rongmei.distribution.services import channel_create
from rongmei.exposure.models import ExposureCase
from rongmei.exposure.services import exposure_case_create
from rongmei.integrity.models import IntegrityRecord
from rongmei.integrity.services import integrity_record_create
from rongmei.planning.models import Lead
from rongmei.planning.services import lead_create

pytestmark = pytest.mark.django_db
OLD, NEW = crypto.generate_key(), crypto.generate_key()


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def stored(center, settings):
    """One record of each kind, written under the old key only."""
    settings.RONGMEI_DATA_KEYS = f"old:{OLD}"
    lead = lead_create(by=None, center=center, title="线索", content="内容", contact="13812341234")
    case = exposure_case_create(
        by=None,
        center=center,
        date=dt.date(2021, 8, 1),
        title="乱堆",
        complainant_name="王小明",
        complainant_contact="13912345678",
    )
    record = integrity_record_create(
        by=None, center=center, date=dt.date(2021, 9, 1), kind="integrity_talk", details="谈话记录"
    )
    channel = channel_create(by=None, center=center, name="示范县发布", platform="wechat")
    credentials.credentials_set(channel=channel, data={"appid": "wx1", "secret": "s3"}, by=None)
    return lead, case, record, channel


def test_rotating_to_a_new_key_lets_the_old_one_go(stored, settings):
    lead, case, record, channel = stored
    settings.RONGMEI_DATA_KEYS = f"new:{NEW},old:{OLD}"

    out = io.StringIO()
    call_command("keys_rotate", stdout=out)

    text = out.getvalue()
    assert "planning.Lead：重新加密 1 项" in text
    assert "exposure.ExposureCase：重新加密 2 项" in text
    assert "integrity.IntegrityRecord：重新加密 1 项" in text
    assert "distribution.Channel：重新加密 1 项" in text
    assert _raw("planning_lead", "contact", lead.pk).startswith("v1:new:")
    settings.RONGMEI_DATA_KEYS = f"new:{NEW}"
    assert Lead.objects.get(pk=lead.pk).contact == "13812341234"
    case = ExposureCase.objects.get(pk=case.pk)
    assert (case.complainant_name, case.complainant_contact) == ("王小明", "13912345678")
    assert IntegrityRecord.objects.get(pk=record.pk).details == "谈话记录"
    assert credentials.credentials_get(Channel.objects.get(pk=channel.pk)) == {
        "appid": "wx1",
        "secret": "s3",
    }
    entry = AuditEntry.objects.filter(verb="更换数据加密密钥").get(changes__model="planning.Lead")
    assert entry.changes["key_id"] == "new"


def test_running_it_again_changes_nothing(stored, settings):
    lead = stored[0]
    settings.RONGMEI_DATA_KEYS = f"new:{NEW},old:{OLD}"
    call_command("keys_rotate", stdout=io.StringIO())
    before = _raw("planning_lead", "contact", lead.pk)
    entries = AuditEntry.objects.count()

    out = io.StringIO()
    call_command("keys_rotate", stdout=out)

    assert _raw("planning_lead", "contact", lead.pk) == before
    assert AuditEntry.objects.count() == entries
    assert "planning.Lead：重新加密 0 项，已是当前密钥 1 项" in out.getvalue()


def test_without_the_old_key_nothing_is_lost_and_the_command_says_so(stored, settings):
    lead = stored[0]
    before = _raw("planning_lead", "contact", lead.pk)
    settings.RONGMEI_DATA_KEYS = f"new:{NEW}"

    with pytest.raises(CommandError, match="无法用已配置的密钥解开"):
        call_command("keys_rotate", stdout=io.StringIO())

    assert _raw("planning_lead", "contact", lead.pk) == before


def test_plain_rows_of_before_and_fernet_credentials_are_encrypted(center, settings):
    settings.RONGMEI_DATA_KEYS = f"new:{NEW}"
    lead = lead_create(by=None, center=center, title="线索", content="内容", contact="x")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE planning_lead SET contact = %s WHERE id = %s", ["13800001111", lead.pk]
        )
    channel = channel_create(by=None, center=center, name="示范县发布", platform="wechat")
    legacy = Fernet(credentials.current_key().encode()).encrypt(json.dumps({"a": "b"}).encode())
    Channel.objects.filter(pk=channel.pk).update(credentials_encrypted=legacy.decode())
    assert Lead.objects.get(pk=lead.pk).contact == "13800001111"  # read as it is meanwhile

    call_command("keys_rotate", stdout=io.StringIO())

    assert _raw("planning_lead", "contact", lead.pk).startswith("v1:new:")
    assert Lead.objects.get(pk=lead.pk).contact == "13800001111"
    stored = Channel.objects.get(pk=channel.pk).credentials_encrypted
    assert stored.startswith("v1:new:")
    assert credentials.decrypt(stored) == {"a": "b"}


def test_switching_to_sm4_re_encrypts_under_the_sm4_scheme(stored, settings):
    lead = stored[0]
    settings.RONGMEI_CIPHER_PROVIDER = "rongmei.core.crypto.Sm4GcmProvider"

    call_command("keys_rotate", stdout=io.StringIO())

    assert _raw("planning_lead", "contact", lead.pk).startswith("s1:old:")
    assert Lead.objects.get(pk=lead.pk).contact == "13812341234"
