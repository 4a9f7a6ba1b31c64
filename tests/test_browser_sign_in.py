"""Sign-in policy in a real browser (GB/T 22239-2019 8.1.4.1): two-factor enrolment and
sign-in with a code computed from the secret the page shows, a session ending after idle
time (its clock moved in the session store), and the lockout after five wrong passwords.
Screenshots of the two-factor pages at phone and desktop widths go to var/screenshots/."""

import re
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django_otp.oath import TOTP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pass-1234"
SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
LEVEL3_ROLES = [
    "administrator",
    "security_admin",
    "audit_admin",
    "editor",
    "desk_head",
    "chief_editor",
    "engineer",
]


def _sign_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _code(key: bytes, steps_later: int = 0) -> str:
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_later
    return f"{totp.token():06d}"


def _shoot(page, name):
    """The page at phone (390 px) and desktop (1280 px) width, back to desktop after."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)  # let the layout settle; not a measurement
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)


def _sign_out(page):
    """Through the sidebar's account menu, as a person would."""
    page.locator(".sidebar-footer__account").click()
    page.get_by_text("注销", exact=True).click()
    page.wait_for_url("**/admin/login/**")


def test_two_factor_enrolment_sign_in_idle_end_and_lockout(site, page, settings):
    from axes.models import AccessAttempt
    from django.contrib.sessions.backends.db import SessionStore

    from rongmei.accounts.tests.factories import make_staff
    from rongmei.core.models import AuditEntry
    from rongmei.core.tests.factories import CenterFactory
    from rongmei.security import services

    settings.RONGMEI_2FA_REQUIRED_ROLES = LEVEL3_ROLES
    center = CenterFactory(code="632224", name="示范县融媒体中心")
    make_staff(center, "chief_editor", username="chief-b")
    make_staff(center, "reporter", username="reporter-b")
    base = site.url

    # 1. A reviewer signs in with the password and is sent to set up the second factor.
    _sign_in(page, base, "chief-b")
    page.wait_for_url("**/admin/security/two-factor/")
    assert page.locator("#main > h1").inner_text() == "双因素认证"
    assert page.get_by_text("您在本中心的角色须使用双因素认证登录。").is_visible()
    assert page.locator("[data-totp-qr] svg").is_visible()
    _shoot(page, "two-factor-enrol")
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", _code(key))
    page.get_by_role("button", name="确认并启用").click()
    page.wait_for_load_state()
    assert page.get_by_text("下面的10个恢复码只显示这一次").is_visible()
    assert page.locator("[data-recovery-codes] li").count() == 10
    _shoot(page, "two-factor-codes")
    page.get_by_role("link", name="我已保存恢复码，继续").click()
    page.wait_for_url(f"{base}/admin/")
    assert page.get_by_role("heading", name="我的待办").is_visible()

    # 2. Signed out and in again: the code step, with a code of the next 30 seconds.
    _sign_out(page)
    _sign_in(page, base, "chief-b")
    page.wait_for_url("**/admin/security/two-factor/verify/**")
    assert page.locator("#main > h1").inner_text() == "输入动态口令"
    _shoot(page, "two-factor-verify")
    page.fill("#id_code", _code(key, 1))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url(f"{base}/admin/")
    assert AuditEntry.objects.filter(verb="动态口令验证通过").count() == 1

    # 3. Idle for 31 minutes (the session's clock moved back in the store): the next page
    # is the sign-in page, saying why.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    store = SessionStore(session_key=cookie["value"])
    store[services.SEEN_AT] = store[services.SEEN_AT] - 31 * 60
    store.save()
    page.reload()
    page.wait_for_url("**/admin/login/**")
    assert page.get_by_text("您已30分钟未操作，会话已超时结束，请重新登录。").is_visible()
    assert AuditEntry.objects.filter(verb="会话超时").exists()

    # 4. Another account, five wrong passwords: locked, the page says for how long.
    for i in range(5):
        _sign_in(page, base, "reporter-b", f"wrong-{i}")
    message = page.locator("[data-lockout]")
    assert message.is_visible()
    assert re.search(r"该账号已被锁定30分钟（至\d\d:\d\d）", message.inner_text())
    _sign_in(page, base, "reporter-b")
    assert page.locator("[data-lockout]").is_visible()
    assert page.url.endswith("/admin/login/")
    assert AccessAttempt.objects.filter(username="reporter-b").exists()
