"""The central kitchen end to end in a real browser: a public tip becomes a lead, a topic, an
assignment and a story with a WeChat version; the story passes 三审三校 with one send-back and
appears on the public site; the review sheet shows every opinion."""

import pytest
from django.urls import reverse

from rongmei.core.models import Center
from rongmei.demo.services import DEMO_PASSWORD
from rongmei.newsroom.models import Story
from rongmei.planning.models import Assignment, Lead

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TIP = "城东路口的红绿灯坏了三天，早晚高峰很堵，希望尽快修复。"


def _as(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def _write(page, text):
    """Type Chinese into the focused Draftail editor as an input method delivers it: one
    insertion. Draft.js only takes it once a key event has given it a selection."""
    page.keyboard.type("a")
    page.keyboard.press("Backspace")
    page.keyboard.insert_text(text)
    page.wait_for_timeout(300)


def _review(page, base, story_pk, opinion, button):
    page.goto(f"{base}/admin/newsroom/desk/{story_pk}/")
    page.fill("#id_comment", opinion)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    page.get_by_text("审核意见已提交").first.wait_for()


def test_tip_to_published_article_through_three_level_review(site, demo_staff, page, browser):
    from rongmei.website.services import site_home_ensure

    site_home_ensure(center=Center.objects.get(code="632224"))
    base = site.url

    # A member of the public sends a tip.
    page.goto(f"{base}/tips/")
    page.fill("#id_content", TIP)
    page.fill("#id_contact", "13800000000")
    page.get_by_role("button", name="提交爆料").click()
    page.get_by_text("已收到您的爆料").wait_for()
    lead = Lead.objects.get(source="public", content=TIP)

    # The editor turns the lead into a topic.
    editor = _as(browser, base, "editor")
    editor.goto(f"{base}/admin/planning/leads/inspect/{lead.pk}/")
    editor.get_by_role("button", name="转为选题").click()
    editor.get_by_text("已转为选题").wait_for()
    topic_url = editor.url

    # The desk head approves it and dispatches an assignment to the reporter.
    desk = _as(browser, base, "deskhead")
    desk.goto(topic_url)
    desk.fill("#id_approve-opinion", "同意，尽快采访")
    desk.get_by_role("button", name="批准", exact=True).click()
    desk.get_by_text("操作成功").wait_for()
    desk.goto(base + reverse("planning_assignments:add"))
    desk.select_option("#id_topic", label=lead.title)
    desk.fill("#id_title", "采访城东路口红绿灯故障")
    desk.fill("#id_due", "2030-01-01 10:00")
    desk.keyboard.press("Escape")
    desk.get_by_role("button", name="创建", exact=True).click()
    desk.wait_for_url("**/planning/assignments/")
    # The demo year fills the listing; open the new assignment directly.
    created = Assignment.objects.get(title="采访城东路口红绿灯故障")
    desk.goto(f"{base}/admin/planning/assignments/inspect/{created.pk}/")
    desk.select_option("#id_user", label="李记者")
    desk.select_option("#id_role", value="reporter")
    desk.get_by_role("button", name="添加执行人").click()
    desk.get_by_text("操作成功").wait_for()
    desk.get_by_role("button", name="派发").click()
    desk.get_by_text("已派发").first.wait_for()
    assignment_url = desk.url

    # The reporter accepts, writes the story and makes a WeChat version.
    reporter = _as(browser, base, "reporter")
    reporter.goto(assignment_url)
    reporter.get_by_role("button", name="接受").click()
    reporter.get_by_role("button", name="开始采访").click()
    reporter.get_by_text("采访中").first.wait_for()
    reporter.goto(base + reverse("wagtailsnippets_newsroom_story:add"))
    reporter.fill("#id_title", "城东路口红绿灯已修复")
    body = reporter.locator("#panel-child-body-wrapper [contenteditable=true]")
    body.click()
    _write(reporter, "记者从县交警大队获悉，城东路口红绿灯已于今日修复。")
    reporter.select_option("#id_authors-0-user", label="李记者")
    reporter.get_by_role("button", name="保存草稿").click()
    reporter.wait_for_url("**/admin/newsroom/desk/*/")
    story = Story.objects.get(title="城东路口红绿灯已修复")
    reporter.select_option("#id_kind", value="wechat")
    reporter.get_by_role("button", name="生成渠道版本").click()
    reporter.wait_for_url("**/admin/newsroom/versions/*/")
    reporter.fill("#id_title", "好消息！城东路口红绿灯修好了")
    reporter.get_by_role("button", name="保存").click()
    reporter.wait_for_url(f"**/admin/newsroom/desk/{story.pk}/")
    reporter.get_by_role("button", name="送审").click()
    reporter.get_by_text("当前环节：初审").wait_for()

    # 初审 passes; 复审 sends it back; the reporter edits and sends it again.
    _review(editor, base, story.pk, "初审：文字通顺", "通过")
    _review(desk, base, story.pk, "请补充修复时间", "退回修改")
    reporter.goto(f"{base}/admin/newsroom/stories/edit/{story.pk}/")
    body = reporter.locator("#panel-child-body-wrapper [contenteditable=true]")
    body.click()
    reporter.keyboard.press("Control+End")
    _write(reporter, "修复于上午十点完成。")
    reporter.get_by_role("button", name="保存草稿").click()
    reporter.wait_for_load_state()
    reporter.locator(".messages .success").first.wait_for()
    reporter.goto(f"{base}/admin/newsroom/desk/{story.pk}/")
    reporter.get_by_role("button", name="送审").click()
    reporter.get_by_text("当前环节：初审").wait_for()
    _review(editor, base, story.pk, "初审：已补充，同意", "通过")
    _review(desk, base, story.pk, "复审：同意", "通过")
    chief = _as(browser, base, "chief")
    _review(chief, base, story.pk, "终审：同意签发", "签发")
    story.refresh_from_db()
    assert story.stage == "published"

    # The article is on the public site.
    page.goto(f"{base}/")
    page.get_by_role("link", name="城东路口红绿灯已修复").click()
    page.get_by_text("修复于上午十点完成").wait_for()

    # The review sheet shows every opinion, the send-back included.
    chief.goto(f"{base}/admin/newsroom/sheet/{story.pk}/")
    for opinion in (
        "初审：文字通顺",
        "请补充修复时间",
        "初审：已补充，同意",
        "复审：同意",
        "终审：同意签发",
    ):
        assert chief.get_by_text(opinion).first.is_visible()
    assert chief.get_by_text("签发人：陈总编").is_visible()
