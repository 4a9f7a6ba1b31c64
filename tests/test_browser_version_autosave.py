"""A reporter's typing into a channel version survives a reload: it is autosaved as their
draft, offered back with a notice, and gone once the version is saved."""

import os
from pathlib import Path

import pytest

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.tests.factories import CenterFactory
from rongmei.newsroom import services
from rongmei.newsroom.choices import VersionKind
from rongmei.newsroom.models import ChannelVersion, VersionDraft

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = os.environ.get("RONGMEI_SHOTS")  # a folder: save screenshots of the pages there


def _sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def _write(page, text):
    """Type Chinese into the focused Draftail editor as an input method delivers it: one
    insertion. Draft.js only takes it once a key event has given it a selection."""
    page.keyboard.type("a")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(text)


def _draft_when(page, done):
    """The one draft once `done(draft)` holds, waiting for the autosave (at most 15 s)."""
    for _ in range(60):
        draft = VersionDraft.objects.first()
        if draft is not None and done(draft):
            return draft
        page.wait_for_timeout(250)
    status = page.locator("#newsroom-autosave-status").inner_html()
    raise AssertionError(f"autosave did not happen: {VersionDraft.objects.first()!r} {status}")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_typing_is_autosaved_restored_after_reload_and_cleared_by_saving(site, page, phone_page):
    center = CenterFactory(code="632224", name="示范县融媒体中心")
    reporter = make_staff(center, "reporter", username="autosave-reporter")
    story = services.story_create(
        by=reporter, center=center, title="全县秋粮收购工作全面启动", body="<p>收购点已开放。</p>"
    )
    version = services.version_create(story=story, kind=VersionKind.WECHAT, by=reporter)
    url = f"{site.url}/admin/newsroom/versions/{version.pk}/"

    _sign_in(page, site.url, "autosave-reporter")
    page.goto(url)
    # Opening the page and waiting autosaves nothing.
    page.wait_for_timeout(2500)
    assert not VersionDraft.objects.exists()

    page.fill("#id_title", "秋粮收购启动，价格稳定")
    body = page.locator("[contenteditable=true]").first
    body.click()
    page.keyboard.press("Control+End")
    _write(page, "今年新增三个收购点。")
    # The body reaches the draft although Draftail writes its input without input events.
    draft = _draft_when(page, lambda d: "今年新增三个收购点。" in d.body)
    assert draft.title == "秋粮收购启动，价格稳定"
    assert "收购点已开放。" in draft.body
    page.locator("#newsroom-autosave-status").get_by_text("草稿已自动保存").wait_for()
    _shot(page, "version-autosave-status-desktop")
    # The version itself is untouched until saved.
    assert ChannelVersion.objects.get(pk=version.pk).title == "全县秋粮收购工作全面启动"

    page.reload()
    page.get_by_text("已恢复您于").wait_for()
    assert page.input_value("#id_title") == "秋粮收购启动，价格稳定"
    assert "今年新增三个收购点。" in page.locator("[contenteditable=true]").first.inner_text()
    assert page.get_by_role("button", name="放弃草稿").is_visible()
    _shot(page, "version-autosave-restored-desktop")

    _sign_in(phone_page, site.url, "autosave-reporter")
    phone_page.goto(url)
    phone_page.get_by_text("已恢复您于").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone_page, "version-autosave-restored-phone")
    phone_page.fill("#id_title", "秋粮收购启动，价格稳定！")
    phone_page.locator("#id_title").blur()
    _draft_when(phone_page, lambda d: d.title.endswith("！"))
    phone_page.locator("#newsroom-autosave-status").get_by_text("草稿已自动保存").wait_for()
    _shot(phone_page, "version-autosave-status-phone")
    phone_page.close()

    page.reload()
    assert page.input_value("#id_title") == "秋粮收购启动，价格稳定！"
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**/admin/newsroom/desk/{story.pk}/")
    assert not VersionDraft.objects.exists()
    version.refresh_from_db()
    assert version.title == "秋粮收购启动，价格稳定！"
    assert "今年新增三个收购点。" in version.body
    page.goto(url)
    page.wait_for_load_state()
    assert page.get_by_text("已恢复您于").count() == 0

    # While someone else holds the story's lock, the status says why nothing was kept.
    other = make_staff(center, "editor", username="autosave-editor")
    type(story).objects.filter(pk=story.pk).update(locked=True, locked_by=other)
    page.fill("#id_title", "抢着改的标题")
    page.locator("#newsroom-autosave-status").get_by_text("未能自动保存").wait_for()
    assert "锁定" in page.locator("#newsroom-autosave-status").inner_text()
    assert not VersionDraft.objects.exists()
    _shot(page, "version-autosave-refused-desktop")
    # That text is kept nowhere: leaving the page asks first.
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
