"""In a real browser, the public home, the dashboard, the statistics with ECharts and a
story's edit form break no rule of the Content-Security-Policy, on a phone and a desktop."""

import os
from pathlib import Path

import pytest

from rongmei.demo.services import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = os.environ.get("RONGMEI_SHOTS")  # a folder: save screenshots of the pages there
# Every violation the page reports, also those of scripts loaded later.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _context(browser, width):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": 900},
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(20000)
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    return context, page, console


def _visit(page, console, url, name):
    """Open `url`; the page's CSP violations and CSP console messages (none expected)."""
    console.clear()
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # let deferred scripts and charts run; not a measurement
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)
    violations = page.evaluate("window.__csp")
    messages = [
        m
        for m in console
        if "Content Security Policy" in m or "Refused to" in m or "pageerror" in m
    ]
    return violations + messages


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_render_without_a_csp_violation(site, demo_staff, browser, width):
    from django.utils import timezone

    from rongmei.accounts.models import User
    from rongmei.core.models import Center
    from rongmei.distribution.tests.factories import ChannelFactory, PublicationFactory
    from rongmei.newsroom.tests.factories import story_for
    from rongmei.website.services import site_home_ensure

    center = Center.objects.get(code="632224")
    site_home_ensure(center=center)
    story = story_for(center, User.objects.get(username="reporter"), title="待编辑的稿件")
    # One publication this year, so that the statistics have a chart to draw.
    PublicationFactory(
        center=center, channel=ChannelFactory(center=center), date=timezone.localdate(), views=1200
    )
    context, page, console = _context(browser, width)
    try:
        assert _visit(page, console, site.url + "/", f"csp-home-{width}") == []
        assert page.get_by_role("heading", level=1).inner_text() == "示范县融媒体中心"

        page.goto(f"{site.url}/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{site.url}/admin/")

        assert _visit(page, console, site.url + "/admin/", f"csp-dashboard-{width}") == []
        assert page.get_by_role("heading", name="我的待办").is_visible()

        stats = _visit(page, console, site.url + "/admin/reporting/stats/", f"csp-stats-{width}")
        assert stats == []
        assert page.evaluate("typeof window.echarts") == "object"
        # charts.js ran: each chart drawn by ECharts, or marked empty; at least one drawn.
        charts = page.locator("[data-chart]")
        drawn = page.locator("[data-chart] canvas, [data-chart] svg")
        empty = page.locator("[data-chart].rm-chart--empty")
        assert drawn.count() > 0
        assert page.locator("[data-chart]:has(canvas, svg)").count() + empty.count() == (
            charts.count()
        )

        assert (
            _visit(page, console, site.url + "/admin/newsroom/stories/", f"csp-stories-{width}")
            == []
        )
        edit_url = f"{site.url}/admin/newsroom/stories/edit/{story.pk}/"
        assert _visit(page, console, edit_url, f"csp-edit-{width}") == []
        # The authors' inline panel ran (its script carries the nonce): it offers to add one.
        assert page.locator("[id$='-ADD']").count() >= 1
    finally:
        context.close()
