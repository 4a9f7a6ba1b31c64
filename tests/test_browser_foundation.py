"""Signing in as the chief editor in a real browser reaches the Chinese dashboard."""

import pytest

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.demo.services import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, base, username, password=DEMO_PASSWORD):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_chief_editor_signs_in_and_sees_the_chinese_dashboard(site, demo_staff, page):
    _sign_in(page, site.url, "chief")
    page.wait_for_url(f"{site.url}/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="示范县融媒体中心").is_visible()
    assert page.get_by_role("heading", name="我的待办").is_visible()
    assert page.get_by_text("终审签发稿件，一票否决。").is_visible()
    # The menu is grouped by the areas of the mission, empty ones included.
    for area in ("策划指挥", "采编审校", "发布与节目", "外宣与考核", "统计与总结"):
        assert page.get_by_text(area, exact=True).first.is_visible()
    # Wagtail's own strings are in Chinese too.
    assert page.get_by_placeholder("搜索所有页面…").count() == 1
    page.get_by_text("采编审校", exact=True).first.click()
    page.get_by_role("link", name="概览").first.click()
    page.wait_for_url("**/admin/area/newsroom/")
    assert page.get_by_text("稿件、渠道版本").first.is_visible()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, actor__username="chief").exists()


def test_wrong_password_shows_a_chinese_error_and_is_audited(site, demo_staff, page):
    _sign_in(page, site.url, "chief", "not-the-password")
    page.wait_for_load_state()
    error = page.get_by_text("密码不匹配")
    error.first.wait_for()
    assert page.url.endswith("/admin/login/")
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor_name="chief").exists()


def test_public_home_reads_on_a_phone(site, demo_staff, phone_page):
    from rongmei.core.models import Center
    from rongmei.website.services import site_home_ensure

    site_home_ensure(center=Center.objects.get(code="632224"))
    phone_page.goto(site.url + "/")
    heading = phone_page.get_by_role("heading", level=1)
    assert heading.inner_text() == "示范县融媒体中心"
    # Nothing wider than the phone's screen.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
