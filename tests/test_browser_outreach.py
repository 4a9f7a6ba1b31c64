"""An editor registers a submission, marks it adopted as a front-page headline with
evidence, and the adoption shows on the outreach board, in the statistics and in the
author's monthly score."""

import datetime as dt

import pytest
from django.utils import timezone

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.tests.factories import CenterFactory
from rongmei.newsroom.services import story_create
from rongmei.outreach.models import Outcome, SubmissionTarget
from rongmei.outreach.services import outlet_load_starter
from rongmei.outreach.tests.factories import PNG_BYTES
from rongmei.reporting.services import stats_document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TITLE = "高原夏菜喜获丰收"


def _sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-1234")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_submission_adopted_as_headline_reaches_board_stats_and_score(site, page, browser):
    center = CenterFactory(code="632224", name="示范县融媒体中心")
    reporter = make_staff(center, "reporter", username="li")
    make_staff(center, "editor", username="zhang")
    make_staff(center, "director", username="zheng")
    outlet_load_starter(center)
    story_create(by=reporter, center=center, title=TITLE, body="<p>我县夏菜丰收。</p>")
    today = timezone.localdate()

    # The editor sends the story to 人民日报.
    _sign_in(page, site.url, "zhang")
    page.goto(f"{site.url}/admin/outreach/board/")
    page.get_by_role("link", name="新建报送").click()
    page.get_by_label("稿件").select_option(label=TITLE)
    page.get_by_label("人民日报（中央）").check()
    page.get_by_label("报送方式").select_option(label="投稿平台")
    page.get_by_role("button", name="登记报送").click()
    page.get_by_text("已登记报送。").wait_for()
    assert page.get_by_role("heading", name=TITLE).is_visible()

    # It ran as the front-page headline; the screenshot is the evidence.
    target = SubmissionTarget.objects.get(submission__title=TITLE)
    form = page.locator(f"form[action$='/targets/{target.pk}/adopt/']")
    form.get_by_label("刊播日期").fill(today.isoformat())
    form.get_by_label("版面位置").select_option(label="头版头条")
    form.get_by_label("栏目或版面").fill("第1版")
    form.get_by_label("采用凭证").set_input_files(
        {"name": "头版截图.png", "mimeType": "image/png", "buffer": PNG_BYTES}
    )
    form.get_by_role("button", name="确认采用").click()
    page.get_by_text("已登记采用：人民日报。").wait_for()
    assert page.locator("[data-outcome=adopted]").count() == 1
    target.refresh_from_db()
    assert target.outcome == Outcome.ADOPTED
    assert target.adoption.evidence.name.endswith(".png")

    # The board of this month highlights it.
    page.get_by_role("link", name="返回外宣看板").click()
    headlines = page.get_by_role("region", name="头版头条")
    assert TITLE in headlines.inner_text()
    assert page.locator("tr.rm-out-headline").filter(has_text=TITLE).count() == 1
    assert page.locator("[data-figure=front_page_headline]").inner_text() == "1"
    assert page.locator("[data-figure=level-central]").inner_text() == "1"

    # The statistics count it like any imported adoption.
    start = today.replace(day=1)
    doc = stats_document(center=center, start=start, end=today + dt.timedelta(days=1))
    assert doc["outreach"]["adoptions"] == 1
    assert doc["outreach"]["by_level"]["central"] == 1
    assert doc["outreach"]["front_page_headline"] == 1
    assert doc["outreach"]["by_outlet"][0]["outlet"] == "人民日报"

    # The director computes the month; the reporter, the story's writer, scores it:
    # central 5 + front-page headline 2.
    director = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    dpage = director.new_page()
    _sign_in(dpage, site.url, "zheng")
    dpage.goto(f"{site.url}/admin/scoring/?month={today:%Y-%m}")
    dpage.get_by_role("button", name="按记录计算").click()
    dpage.get_by_text("已按记录重新计算本月稿分。").wait_for()
    row = dpage.locator("tr[data-user=li]")
    assert row.locator("td").last.inner_text() == "7.00"
    row.get_by_role("link", name="li").click()
    dpage.locator("[data-figure=total]").wait_for()
    assert dpage.locator("[data-figure=total]").inner_text() == "7.00"
    line = dpage.locator("tr[data-line=adoption]")
    assert TITLE in line.inner_text()
    assert "人民日报（中央）5分+头版头条2" in line.inner_text()
    director.close()
