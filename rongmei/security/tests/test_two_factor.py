"""Two-factor sign-in (GB/T 22239-2019 8.1.4.1 d): a TOTP device (seed encrypted at rest)
with one-time recovery codes; required for the administrators, reviewers and engineers
where they hold the role, optional for others; every step audited."""

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
from base64 import b32decode
from binascii import hexlify

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now as django_now
from django_otp.oath import TOTP

from rongmei.accounts.services import membership_add
from rongmei.accounts.tests.factories import make_staff
from rongmei.core.middleware import SESSION_KEY as CENTER_KEY
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.roles import ROLE_GROUP_NAMES
from rongmei.core.tests.helpers import work_in
from rongmei.core.tests.test_security_headers import assert_no_inline_script
from rongmei.security import services
from rongmei.security.models import PasswordHistory, RecoveryCode, TotpDevice

from .helpers import sign_in, signed_in

pytestmark = pytest.mark.django_db

LEVEL3_ROLES = [
    "administrator",
    "security_admin",
    "audit_admin",
    "editor",
    "desk_head",
    "chief_editor",
    "engineer",
]
HOME = "/admin/"
SETUP = "/admin/security/two-factor/"
VERIFY = "/admin/security/two-factor/verify/"


@pytest.fixture(autouse=True)
def _level3(settings):
    """The level-3 profile's roles (the test settings switch them off for other tests)."""
    settings.RONGMEI_2FA_REQUIRED_ROLES = LEVEL3_ROLES


def code_of(key: bytes, steps_later: int = 0) -> str:
    """The authenticator app's code for `key`, now or `steps_later` 30-second steps on."""
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_later
    return f"{totp.token():06d}"


def secret_of(page: str) -> bytes:
    """The key behind the secret the enrolment page shows (base32, as typed into an app)."""
    secret = re.search(r'data-totp-secret="([A-Z2-7]+)"', page).group(1)
    return b32decode(secret + "=" * (-len(secret) % 8))


def enrol(client) -> tuple[bytes, list[str]]:
    """Set up a device on the enrolment page as the signed-in user: its key and codes."""
    key = secret_of(client.get(SETUP).content.decode())
    response = client.post(SETUP, {"action": "confirm", "code": code_of(key)})
    assert response.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", response.content.decode()
    )
    return key, codes


def confirmed_device(user) -> TotpDevice:
    return TotpDevice.objects.create(
        user=user, name="TOTP", confirmed=True, seed=hexlify(os.urandom(20)).decode()
    )


def verbs():
    return list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))


@pytest.fixture
def editor(center):
    return make_staff(center, "editor", username="editor-a")


@pytest.fixture
def reporter(center):
    return make_staff(center, "reporter", username="reporter-a")


# -- required roles: enrolment before anything else -------------------------------------


def test_a_reviewer_without_a_device_is_sent_to_enrolment_and_the_api_is_closed(client, editor):
    assert sign_in(client, "editor-a", "pass-1234").status_code == 302
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == SETUP
    assert client.get("/admin/newsroom/stories/").url == SETUP
    api = client.get("/api/v1/stories/")
    assert api.status_code == 403
    assert api.json()["detail"] == "您的角色须使用双因素认证登录，请先设置动态口令后再继续使用。"
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "您在本中心的角色须使用双因素认证登录。" in text
    assert "<svg" in text
    assert "segno" in text
    assert_no_inline_script(page)


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(client, editor, center):
    sign_in(client, "editor-a", "pass-1234")
    key = secret_of(client.get(SETUP).content.decode())
    # The QR code and the secret stay the same across reloads until confirmed.
    assert secret_of(client.get(SETUP).content.decode()) == key

    wrong = client.post(SETUP, {"action": "confirm", "code": "12345"})
    assert "请输入身份验证器上显示的6位数字动态口令。" in wrong.content.decode()
    response = client.post(SETUP, {"action": "confirm", "code": code_of(key)})
    page = response.content.decode()
    assert "下面的10个恢复码只显示这一次" in page
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page)
    assert len(set(codes)) == 10
    # Kept as keyed hashes only.
    stored = set(RecoveryCode.objects.filter(user=editor).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    device = TotpDevice.objects.get(user=editor)
    assert device.confirmed
    entry = AuditEntry.objects.get(verb="启用双因素认证")
    assert entry.action == AuditAction.CREATE
    assert entry.center == center
    assert entry.changes == {"account": "editor-a", "recovery_codes": 10}
    # The session is past its second factor; the page now says enrolled, without codes.
    assert client.get(HOME).status_code == 200
    again = client.get(SETUP).content.decode()
    assert "已启用双因素认证" in again
    assert "恢复码只显示这一次" not in again


def test_the_seed_is_stored_encrypted(client, editor):
    sign_in(client, "editor-a", "pass-1234")
    key = secret_of(client.get(SETUP).content.decode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed FROM security_totpdevice")
        (raw,) = cursor.fetchone()
    assert raw.startswith("v1:")
    assert hexlify(key).decode() not in raw
    assert TotpDevice.objects.get(user=editor).bin_key == key


def test_a_wrong_code_at_enrolment_is_audited_and_enrols_nothing(client, editor):
    sign_in(client, "editor-a", "pass-1234")
    key = secret_of(client.get(SETUP).content.decode())
    bad = f"{(int(code_of(key)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"action": "confirm", "code": bad})
    assert "动态口令不正确" in response.content.decode()
    assert not TotpDevice.objects.filter(user=editor, confirmed=True).exists()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, verb="动态口令错误")
    assert entry.changes == {"stage": "enrol"}
    assert client.get(HOME).url == SETUP


# -- the code step -------------------------------------------------------------------------


def test_with_a_device_the_code_step_comes_before_any_page(client, editor, center):
    device = confirmed_device(editor)
    sign_in(client, "editor-a", "pass-1234")
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == VERIFY + "?next=%2Fadmin%2F"
    page = client.get(response.url)
    assert "输入动态口令" in page.content.decode()
    assert_no_inline_script(page)
    assert client.get("/api/v1/stories/").json()["detail"] == "请输入动态口令，完成登录。"
    done = client.post(VERIFY, {"code": code_of(device.bin_key), "next": "/admin/"})
    assert done.status_code == 302
    assert done.url == "/admin/"
    assert client.get(HOME).status_code == 200
    entry = AuditEntry.objects.get(verb="动态口令验证通过")
    assert entry.action == AuditAction.LOGIN
    assert entry.center == center


def test_an_offsite_next_is_not_followed(client, editor):
    device = confirmed_device(editor)
    sign_in(client, "editor-a", "pass-1234")
    done = client.post(VERIFY, {"code": code_of(device.bin_key), "next": "https://evil.example/"})
    assert done.url == "/admin/"


def test_a_code_is_accepted_once(client, editor):
    device = confirmed_device(editor)
    code = code_of(device.bin_key)
    sign_in(client, "editor-a", "pass-1234")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    sign_in(other, "editor-a", "pass-1234")
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "动态口令或恢复码不正确" in response.content.decode()


def test_a_code_two_minutes_old_is_refused_the_next_one_accepted(settings, client, editor):
    settings.RONGMEI_2FA_THROTTLE_SECONDS = 0
    device = confirmed_device(editor)
    sign_in(client, "editor-a", "pass-1234")
    assert client.post(VERIFY, {"code": code_of(device.bin_key, -4)}).status_code == 200
    assert client.post(VERIFY, {"code": code_of(device.bin_key, 1)}).status_code == 302


def test_a_recovery_code_signs_in_once(client, editor, center):
    sign_in(client, "editor-a", "pass-1234")
    _key, codes = enrol(client)
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, "editor-a", "pass-1234")
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")}, follow=True)
    assert "您使用了一个恢复码，还剩9个" in response.content.decode()
    entry = AuditEntry.objects.get(verb="使用恢复码登录")
    assert entry.changes == {"account": "editor-a", "recovery_codes_left": 9}
    client.post(reverse("wagtailadmin_logout"))

    sign_in(client, "editor-a", "pass-1234")
    again = client.post(VERIFY, {"code": codes[3]})
    assert again.status_code == 200
    assert "动态口令或恢复码不正确" in again.content.decode()


def test_five_wrong_codes_end_the_session(settings, client, editor, center):
    settings.RONGMEI_2FA_THROTTLE_SECONDS = 0
    device = confirmed_device(editor)
    good = int(code_of(device.bin_key))
    wrong = [f"{(good + i) % 1_000_000:06d}" for i in range(100_000, 600_000, 100_000)]
    sign_in(client, "editor-a", "pass-1234")
    for n, code in enumerate(wrong[:4], start=1):
        response = client.post(VERIFY, {"code": code})
        assert f"（还可尝试{5 - n}次）" in response.content.decode()
    response = client.post(VERIFY, {"code": wrong[4]})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_login")
    assert not signed_in(client)
    assert (
        "动态口令连续输入错误5次，已退出登录，请重新登录。"
        in client.get(response.url).content.decode()
    )
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, verb="动态口令错误")
    assert [e.changes["failures"] for e in failed.order_by("pk")] == [1, 2, 3, 4, 5]
    out = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert out.verb == "动态口令错误次数过多，已退出"
    assert out.center == center


def test_wrong_codes_make_the_next_try_wait_across_sessions(client, editor):
    device = confirmed_device(editor)
    sign_in(client, "editor-a", "pass-1234")
    bad = f"{(int(code_of(device.bin_key)) + 500_000) % 1_000_000:06d}"
    client.post(VERIFY, {"code": bad})
    # Right away, even the right code waits (django-otp's throttle: 1 s after 1 failure).
    other = Client()
    sign_in(other, "editor-a", "pass-1234")
    response = other.post(VERIFY, {"code": code_of(device.bin_key)})
    assert re.search(r"动态口令错误次数较多，请\d+秒后再试。", response.content.decode())
    # The failure two seconds earlier (the clock moved back): the code passes.
    device.refresh_from_db()
    TotpDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - dt.timedelta(seconds=2)
    )
    assert other.post(VERIFY, {"code": code_of(device.bin_key, 1)}).status_code == 302


def test_the_second_factor_comes_before_an_owed_password_change(client, editor):
    PasswordHistory.objects.filter(user=editor).update(
        created_at=django_now() - dt.timedelta(days=91)
    )
    sign_in(client, "editor-a", "pass-1234")
    assert client.get(reverse("security_password_change")).url == SETUP
    enrol(client)
    assert client.get(HOME).url == reverse("security_password_change")


def test_the_qr_code_holds_the_otpauth_uri(editor):
    device = services.totp_setup_start(by=editor)
    uri = services.totp_uri(device)
    secret = services.totp_secret(device)
    assert uri == (
        "otpauth://totp/%E8%9E%8D%E5%AA%92%E4%BD%93%E4%B8%AD%E5%BF%83%3Aeditor-a"
        f"?secret={secret}&algorithm=SHA1&digits=6&period=30"
        "&issuer=%E8%9E%8D%E5%AA%92%E4%BD%93%E4%B8%AD%E5%BF%83"
    )
    assert b32decode(secret) == device.bin_key
    assert len(device.bin_key) == 20


# -- optional roles ------------------------------------------------------------------------


def test_a_reporter_signs_in_with_the_password_alone(client, reporter):
    sign_in(client, "reporter-a", "pass-1234")
    assert client.get(HOME).status_code == 200


def test_a_reporter_may_enrol_and_is_then_asked_for_the_code(client, reporter, center):
    work_in(client, reporter, center)
    page = client.get(SETUP).content.decode()
    assert "启用双因素认证后，登录时除密码外还须输入" in page
    key, codes = enrol(client)
    assert len(codes) == 10
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "reporter-a", "pass-1234")
    assert client.get(HOME).url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_of(key, 1)}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_the_account_menu_offers_the_page(client, reporter, center):
    work_in(client, reporter, center)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert SETUP in page
    assert "双因素认证" in page


def test_removing_the_device_needs_a_current_code(settings, client, reporter, center):
    settings.RONGMEI_2FA_THROTTLE_SECONDS = 0
    work_in(client, reporter, center)
    key, _codes = enrol(client)
    bad = f"{(int(code_of(key)) + 500_000) % 1_000_000:06d}"
    response = client.post(SETUP, {"action": "remove", "code": bad})
    assert "动态口令或恢复码不正确" in response.content.decode()
    assert TotpDevice.objects.filter(user=reporter).exists()
    response = client.post(SETUP, {"action": "remove", "code": code_of(key, 1)})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=reporter).exists()
    assert not RecoveryCode.objects.filter(user=reporter).exists()
    assert verbs()[-1] == "停用双因素认证"
    sign_in(client, "reporter-a", "pass-1234")
    assert client.get(HOME).status_code == 200


def test_a_reviewer_removing_the_device_must_set_up_a_new_one(settings, client, editor):
    settings.RONGMEI_2FA_THROTTLE_SECONDS = 0
    sign_in(client, "editor-a", "pass-1234")
    key, _codes = enrol(client)
    client.post(SETUP, {"action": "remove", "code": code_of(key, 1)})
    assert client.get(HOME).url == SETUP


def test_the_role_counts_in_the_current_center_only(client, center, other_center):
    """Reporter in A, editor in B: optional while working in A, required in B."""
    user = make_staff(center, "reporter", username="two-centers")
    membership_add(center=other_center, user=user, roles=["editor"])
    sign_in(client, "two-centers", "pass-1234")
    session = client.session
    session[CENTER_KEY] = center.pk
    session.save()
    assert client.get(HOME).status_code == 200
    session = client.session
    session[CENTER_KEY] = other_center.pk
    session.save()
    assert client.get(HOME).url == SETUP


def test_a_session_begun_without_the_sign_in_form_owes_nothing(client, editor, center):
    """Tests' force_login: the password sign-in is the only one mounted."""
    work_in(client, editor, center)
    assert client.get(HOME).status_code == 200


# -- the security administrator's reset --------------------------------------------------


def test_the_security_administrator_resets_a_lost_device(client, editor, center):
    confirmed_device(editor)
    security = make_staff(center, "security_admin", username="sec-a")
    work_in(client, security, center)
    page = client.get(reverse("security_two_factor_resets"))
    assert page.status_code == 200
    assert "editor-a" in page.content.decode()
    response = client.post(reverse("security_two_factor_resets"), {"username": "editor-a"})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=editor).exists()
    entry = AuditEntry.objects.get(verb="重置双因素认证")
    assert entry.actor == security
    assert entry.center == center
    assert entry.action == AuditAction.DELETE
    # At the next sign-in the editor sets up a new device.
    other = Client()
    sign_in(other, "editor-a", "pass-1234")
    assert other.get(HOME).url == SETUP


@pytest.mark.parametrize("role", ["administrator", "audit_admin", "chief_editor"])
def test_only_the_security_administrator_resets(center, editor, role):
    confirmed_device(editor)
    other = make_staff(center, role, username=f"{role}-x")
    with pytest.raises(PermissionDenied):
        services.two_factor_reset(by=other, username="editor-a", center=center)
    assert TotpDevice.objects.filter(user=editor).exists()


def test_a_reset_of_another_centers_account_or_none_is_refused(center, other_center):
    security = make_staff(center, "security_admin", username="sec-a")
    elsewhere = make_staff(other_center, "editor", username="editor-b")
    confirmed_device(elsewhere)
    with pytest.raises(ValidationError) as exc:
        services.two_factor_reset(by=security, username="editor-b", center=center)
    assert exc.value.messages == ["本中心没有账号“editor-b”。"]
    make_staff(center, "reporter", username="plain-a")
    with pytest.raises(ValidationError) as exc:
        services.two_factor_reset(by=security, username="plain-a", center=center)
    assert exc.value.messages == ["账号“plain-a”尚未启用双因素认证。"]


def test_the_reset_permission_is_the_security_administrators():
    holders = Group.objects.filter(
        permissions__codename="reset_two_factor", permissions__content_type__app_label="security"
    )
    assert list(holders.values_list("name", flat=True)) == [ROLE_GROUP_NAMES["security_admin"]]


# -- the profiles --------------------------------------------------------------------------


def _required_in(profile: str) -> list[str]:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps(s.RONGMEI_2FA_REQUIRED_ROLES))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "RONGMEI_SECURITY_PROFILE": profile,
    }
    env.pop("RONGMEI_2FA_REQUIRED_ROLES", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_level3_requires_the_administrators_reviewers_and_engineers_level2_none():
    assert _required_in("level3") == LEVEL3_ROLES
    assert _required_in("level2") == []


def test_keys_rotate_re_encrypts_the_seeds(settings, editor):
    from rongmei.core import crypto

    old, new = crypto.generate_key(), crypto.generate_key()
    settings.RONGMEI_DATA_KEYS = f"old:{old}"
    device = confirmed_device(editor)
    key = device.bin_key
    settings.RONGMEI_DATA_KEYS = f"new:{new},old:{old}"
    call_command("keys_rotate", stdout=io.StringIO())
    settings.RONGMEI_DATA_KEYS = f"new:{new}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT seed FROM security_totpdevice")
        assert cursor.fetchone()[0].startswith("v1:new:")
    assert TotpDevice.objects.get(pk=device.pk).bin_key == key
