"""Browser fixtures: a real headless Chromium (Debian's package) driven by Playwright."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("RONGMEI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("未安装 Chromium（Debian 软件包 chromium），跳过浏览器测试；.ci/run 会安装它")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """The database contents right after migrations (role groups, Wagtail's root page)."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None) or (
            connection.creation.serialize_db_to_string()
        )


@pytest.fixture
def site(migrated_state, live_server):
    """The live server over a database in its migrated state.

    Playwright's sync API switches execution contexts, and Django keeps database
    connections per context, so the connection that Django restores from after a flush
    can be a fresh one without the saved contents. Restore explicitly instead.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    if not Group.objects.exists():
        # The flush before this test re-created content types; start from empty tables.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrated_state)
        ContentType.objects.clear_cache()
        # Rows came back with their ids; move PostgreSQL's sequences past them.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    return live_server


@pytest.fixture
def demo_staff(site, monkeypatch):
    """The demo center's departments and accounts (one per role, `DEMO_PASSWORD`), on the
    live server's database, without the demo year of records: what a browser test signs
    in with. `tests/test_demo_year.py` builds the year, once per run."""
    from rongmei.demo import services

    monkeypatch.setattr(services, "YEAR_BUILDERS", [])
    return services.demo_seed(code="632224", name="示范县融媒体中心", year=2021)
