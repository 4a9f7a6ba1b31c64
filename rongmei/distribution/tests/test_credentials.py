"""Channel credentials: encrypted at rest, shown only as a hint, kept out of the audit log."""

import datetime as dt
import io
import json

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from rongmei.core import crypto
from rongmei.core.models import AuditEntry
from rongmei.distribution import credentials
from rongmei.distribution.models import Channel
from rongmei.distribution.services import channel_create

pytestmark = pytest.mark.django_db

SECRET = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
APPID = "wx1234567890abcd89"


@pytest.fixture
def channel(center):
    return channel_create(by=None, center=center, name="示范县发布", platform="wechat")


def _raw(channel):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials_encrypted, credentials_hint, token_encrypted "
            "FROM distribution_channel WHERE id = %s",
            [channel.pk],
        )
        return " ".join(cursor.fetchone())


def test_credentials_are_encrypted_at_rest_and_read_back(channel, admin_user):
    credentials.credentials_set(
        channel=channel, data={"appid": APPID, "secret": SECRET}, by=admin_user
    )

    raw = _raw(channel)
    assert SECRET not in raw
    assert APPID not in raw
    assert credentials.credentials_get(Channel.objects.get(pk=channel.pk)) == {
        "appid": APPID,
        "secret": SECRET,
    }
    assert Channel.objects.get(pk=channel.pk).credentials_hint == "AppID wx12…89 / 密钥 ****"


def test_the_audit_log_records_the_change_but_not_the_secret(channel, admin_user):
    credentials.credentials_set(
        channel=channel, data={"appid": APPID, "secret": SECRET}, by=admin_user
    )

    entry = AuditEntry.objects.filter(object_type="distribution.Channel").latest("pk")
    assert entry.verb == "更新渠道凭据"
    assert entry.actor == admin_user
    assert SECRET not in str(entry.changes)
    assert APPID not in str(entry.changes)


def test_empty_credentials_are_refused_and_change_nothing(channel):
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)
    before = _raw(channel)

    with pytest.raises(ValidationError) as exc:
        credentials.credentials_set(channel=channel, data={"appid": " ", "secret": ""}, by=None)

    assert "请填写凭据" in " ".join(exc.value.messages)
    assert _raw(channel) == before


def _legacy(channel, key, *, token=None):
    """Store the credentials (and a token) as a Fernet token of before, under `key`."""
    fernet = Fernet(key.encode())
    values = {
        "credentials_encrypted": fernet.encrypt(
            json.dumps({"appid": APPID, "secret": SECRET}).encode()
        ).decode()
    }
    if token:
        values["token_encrypted"] = fernet.encrypt(json.dumps(token).encode()).decode()
        values["token_expires_at"] = timezone.now() + dt.timedelta(hours=2)
    Channel.objects.filter(pk=channel.pk).update(**values)
    return Channel.objects.get(pk=channel.pk)


def test_credentials_go_through_the_data_cipher_with_the_current_key(channel, settings):
    settings.RONGMEI_DATA_KEYS = f"c2:{crypto.generate_key()},c1:{crypto.generate_key()}"
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)

    stored = Channel.objects.get(pk=channel.pk).credentials_encrypted
    assert stored.startswith("v1:c2:")
    # Bound to its column: the same token does not open as the access token.
    with pytest.raises(crypto.DecryptionError):
        credentials.decrypt(stored, field="token_encrypted")


def test_fernet_tokens_of_before_are_still_read(channel, monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(credentials.ENV_KEY, key)
    stored = _legacy(channel, key, token="ACCESS-TOKEN-XYZ")

    assert credentials.credentials_get(stored) == {"appid": APPID, "secret": SECRET}
    assert credentials.token_get(stored) == "ACCESS-TOKEN-XYZ"
    monkeypatch.delenv(credentials.ENV_KEY)
    # Read with another key the credentials are simply missing: the operator re-enters them.
    assert credentials.credentials_get(stored) == {}


def test_access_token_is_kept_encrypted_until_shortly_before_it_expires(channel):
    now = timezone.now()
    credentials.token_set(channel, "ACCESS-TOKEN-XYZ", now + dt.timedelta(hours=2))
    stored = Channel.objects.get(pk=channel.pk)

    assert "ACCESS-TOKEN-XYZ" not in _raw(stored)
    assert credentials.token_get(stored) == "ACCESS-TOKEN-XYZ"
    assert credentials.token_get(stored, now=now + dt.timedelta(hours=2)) is None


def test_new_credentials_drop_the_old_token_and_clearing_removes_them(channel):
    credentials.token_set(channel, "OLD", timezone.now() + dt.timedelta(hours=1))
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)
    assert credentials.token_get(Channel.objects.get(pk=channel.pk)) is None

    credentials.credentials_clear(channel=channel, by=None)

    stored = Channel.objects.get(pk=channel.pk)
    assert credentials.credentials_get(stored) == {}
    assert stored.credentials_hint == ""


@pytest.fixture
def operator_client(client, center, make_user):
    client.force_login(make_user(center, "channel_operator", username="operator-a"))
    return client


def test_the_credentials_page_never_shows_the_secret(operator_client, channel):
    url = reverse("distribution_channel_credentials", args=[channel.pk])

    response = operator_client.post(url, {"appid": APPID, "secret": SECRET})
    assert response.status_code == 302
    page = operator_client.get(url).content.decode()
    listing = operator_client.get(reverse("channels:index")).content.decode()
    edit = operator_client.get(reverse("channels:edit", args=[channel.pk])).content.decode()
    board = operator_client.get(reverse("distribution_jobs")).content.decode()

    for html in (page, listing, edit, board):
        assert SECRET not in html
        assert APPID not in html
    assert "AppID wx12…89 / 密钥 ****" in page
    assert "AppID wx12…89 / 密钥 ****" in listing
    assert url in edit  # the channel's edit page links to its credentials page
    assert credentials.credentials_get(Channel.objects.get(pk=channel.pk))["secret"] == SECRET


def test_the_credentials_form_needs_both_parts(operator_client, channel):
    url = reverse("distribution_channel_credentials", args=[channel.pk])

    response = operator_client.post(url, {"appid": APPID, "secret": ""})

    assert response.status_code == 200
    assert "请同时填写 AppID 和密钥" in response.content.decode()
    assert Channel.objects.get(pk=channel.pk).credentials_encrypted == ""


def test_clearing_through_the_page(operator_client, channel):
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)
    url = reverse("distribution_channel_credentials", args=[channel.pk])

    operator_client.post(url, {"clear": "on"})

    assert Channel.objects.get(pk=channel.pk).credentials_encrypted == ""


def test_another_centers_channel_credentials_are_not_found(operator_client, other_center):
    foreign = channel_create(by=None, center=other_center, name="邻县发布", platform="wechat")
    url = reverse("distribution_channel_credentials", args=[foreign.pk])

    assert operator_client.get(url).status_code == 404
    assert operator_client.post(url, {"appid": APPID, "secret": SECRET}).status_code == 404
    assert Channel.objects.get(pk=foreign.pk).credentials_encrypted == ""


def test_a_reporter_cannot_set_credentials(client, center, make_user, channel):
    client.force_login(make_user(center, "reporter"))
    url = reverse("distribution_channel_credentials", args=[channel.pk])

    assert client.post(url, {"appid": APPID, "secret": SECRET}).status_code in (302, 403)
    assert Channel.objects.get(pk=channel.pk).credentials_encrypted == ""


# -- the key and its rotation -------------------------------------------------------------

PUBLIC_DEFAULT_SECRET = "dev-only-insecure-key-change-me"


@pytest.fixture
def new_key(settings, monkeypatch):
    monkeypatch.delenv(credentials.ENV_KEY, raising=False)
    monkeypatch.delenv(credentials.OLD_ENV_KEY, raising=False)
    key = Fernet.generate_key().decode()
    settings.RONGMEI_CREDENTIAL_KEY = key
    return key


def _columns(channel):
    stored = Channel.objects.get(pk=channel.pk)
    return stored.credentials_encrypted, stored.token_encrypted


def test_the_configured_key_is_not_the_one_derived_from_the_public_default(
    channel, settings, new_key
):
    settings.RONGMEI_DATA_KEYS = f"p1:{crypto.generate_key()}"
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)
    stored = Channel.objects.get(pk=channel.pk).credentials_encrypted

    settings.RONGMEI_DATA_KEYS = ""
    settings.SECRET_KEY = PUBLIC_DEFAULT_SECRET
    with pytest.raises(crypto.DecryptionError):
        credentials.decrypt(stored)


def test_rotation_re_encrypts_from_the_old_key_and_is_audited(channel, new_key):
    old_key = Fernet.generate_key().decode()
    _legacy(channel, old_key, token="ACCESS-TOKEN-XYZ")
    assert credentials.credentials_get(Channel.objects.get(pk=channel.pk)) == {}
    entries = AuditEntry.objects.count()

    out = io.StringIO()
    call_command("credentials_rotate", f"--old-key={old_key}", stdout=out)

    stored = Channel.objects.get(pk=channel.pk)
    assert credentials.credentials_get(stored) == {"appid": APPID, "secret": SECRET}
    assert credentials.token_get(stored) == "ACCESS-TOKEN-XYZ"
    assert crypto.get_provider().is_current(stored.credentials_encrypted)
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(stored.credentials_encrypted.encode())
    assert "已重新加密 2 项" in out.getvalue()
    entry = AuditEntry.objects.latest("pk")
    assert AuditEntry.objects.count() == entries + 1
    assert entry.verb == "更换渠道凭据加密密钥"
    assert entry.object_id == str(channel.pk)
    assert SECRET not in str(entry.changes)
    assert "ACCESS-TOKEN" not in str(entry.changes)


def test_rotation_again_changes_nothing(channel, new_key, monkeypatch):
    old_key = Fernet.generate_key().decode()
    _legacy(channel, old_key)
    monkeypatch.setenv(credentials.OLD_ENV_KEY, old_key)
    call_command("credentials_rotate", stdout=io.StringIO())
    after_first = _columns(channel)
    entries = AuditEntry.objects.count()

    out = io.StringIO()
    call_command("credentials_rotate", stdout=out)

    assert _columns(channel) == after_first
    assert AuditEntry.objects.count() == entries
    assert "已重新加密 0 项，1 项已是当前密钥" in out.getvalue()


def test_rotation_from_a_key_derived_from_the_old_secret_key(channel, new_key):
    _legacy(channel, credentials.derived_key(PUBLIC_DEFAULT_SECRET))

    call_command(
        "credentials_rotate", "--old-secret-key", PUBLIC_DEFAULT_SECRET, stdout=io.StringIO()
    )

    stored = Channel.objects.get(pk=channel.pk).credentials_encrypted
    assert credentials.decrypt(stored)["secret"] == SECRET


def test_rotation_leaves_what_neither_key_opens(channel, other_center, new_key):
    _legacy(channel, Fernet.generate_key().decode())
    before = _columns(channel)

    err = io.StringIO()
    call_command(
        "credentials_rotate",
        # `=`: a key may begin with "-".
        f"--old-key={Fernet.generate_key().decode()}",
        stdout=io.StringIO(),
        stderr=err,
    )

    assert _columns(channel) == before
    assert "重新填写" in err.getvalue()


def test_rotation_needs_a_valid_old_key_and_changes_nothing_without_one(channel, new_key):
    credentials.credentials_set(channel=channel, data={"appid": APPID, "secret": SECRET}, by=None)
    before = _columns(channel)

    with pytest.raises(CommandError, match="旧密钥"):
        call_command("credentials_rotate", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Fernet"):
        call_command("credentials_rotate", "--old-key", "not-a-key", stdout=io.StringIO())
    with pytest.raises(CommandError, match="相同"):
        call_command("credentials_rotate", f"--old-key={new_key}", stdout=io.StringIO())
    assert _columns(channel) == before
