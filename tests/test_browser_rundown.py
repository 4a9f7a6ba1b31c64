"""An editor plans an episode's rundown (串联单) in a real browser, on a desk and a phone."""

import pytest
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.tests.factories import CenterFactory
from rongmei.programmes.services import rundown_item_add
from rongmei.programmes.tests.factories import EpisodeFactory, ProgrammeFactory, signed_off_version

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "rundown-editor")
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_editor_builds_and_reorders_a_rundown(site, page, phone_page):
    center = CenterFactory(code="632224", name="示范县融媒体中心")
    make_staff(center, "editor", username="rundown-editor")
    programme = ProgrammeFactory(center=center, name="示范新闻")
    episode = EpisodeFactory(center=center, programme=programme, date=timezone.localdate())
    rundown_item_add(episode=episode, by=None, title="本期导视", kind="intro", duration_seconds=30)
    signed_off_version(center, title="全县春耕生产有序推进")

    _sign_in(page, site.url)
    page.goto(f"{site.url}/admin/programmes/rundown/{episode.pk}/")
    page.select_option("#id_version", label="电视稿｜全县春耕生产有序推进")
    page.fill("#id_duration_seconds", "2:05")
    page.fill("#id_presenter_notes", "观众朋友们，请看报道。")
    page.get_by_role("button", name="加入串联单").click()
    page.wait_for_load_state()
    assert page.get_by_text("已加入串联单：全县春耕生产有序推进").is_visible()
    assert page.get_by_test_id("total").inner_text() == "2:35"
    assert page.get_by_test_id("counted").inner_text() == "1"

    page.locator("button[aria-label='上移']").nth(1).click()
    page.wait_for_load_state()
    first_title = page.locator(".rm-rundown tbody tr").first.locator(".rm-title")
    assert "全县春耕生产有序推进" in first_title.inner_text()

    _sign_in(phone_page, site.url)
    phone_page.goto(f"{site.url}/admin/programmes/rundown/{episode.pk}/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert phone_page.get_by_text("观众朋友们，请看报道。").is_visible()
