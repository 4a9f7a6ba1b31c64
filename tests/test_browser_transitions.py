"""A status moves by its button, in a real browser, at desktop and phone widths."""

import datetime as dt

import pytest

from rongmei.demo.services import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_director_exposes_a_case_with_the_button(site, demo_staff, browser, width, tmp_path):
    from rongmei.exposure.models import ExposureCase, ExposureStatus
    from rongmei.exposure.services import exposure_case_create

    case = exposure_case_create(
        by=None, center=demo_staff.center, date=dt.date(2021, 5, 10), title="城南路灯不亮"
    )
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{site.url}/admin/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/admin/")
    page.goto(f"{site.url}/admin/exposures/edit/{case.pk}/")
    # No status field on the form: the status moves only by the buttons.
    assert page.locator("[name=status]").count() == 0
    page.screenshot(path=tmp_path / f"exposure-{width}.png", full_page=True)
    button = page.locator('[data-rongmei-transition="publish"]')
    if not button.is_visible():
        # On narrow screens Wagtail folds header buttons into its "more" menu.
        page.locator(".w-header [aria-label], .w-dropdown__toggle").first.click()
    button.click()
    page.wait_for_load_state("networkidle")
    assert "已曝光" in page.content() or "已曝光" in page.inner_text("body")
    case.refresh_from_db()
    assert case.status == ExposureStatus.PUBLISHED
    assert ExposureCase.objects.count() == 1
    context.close()
