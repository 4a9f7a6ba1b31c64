"""Content-Security-Policy without inline script (the pages: tests/test_security_pages.py):
templates, Wagtail's widgets, and production settings that pass `check --deploy`."""

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.test import RequestFactory

from rongmei.core.context import current_request

ROOT = Path(settings.BASE_DIR)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


class Scripts(HTMLParser):
    """Inline scripts (with their nonce) and `on…=` handler attributes of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline: list[str | None] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [f"<{tag} {name}=…>" for name in attrs if name.startswith("on")]
        self.js_urls += [
            f"<{tag} {name}=…>"
            for name, value in attrs.items()
            if value and value.strip().lower().startswith("javascript:")
        ]
        if tag == "script" and "src" not in attrs:
            kind = (attrs.get("type") or "text/javascript").lower()
            if kind not in ("application/json", "text/template", "application/ld+json"):
                self.inline.append(attrs.get("nonce"))


def assert_no_inline_script(response):
    """Every inline script carries this response's nonce; no handler attributes."""
    assert response.status_code == 200, response.status_code
    found = Scripts()
    found.feed(response.content.decode())
    assert found.handlers == []
    assert found.js_urls == []
    script_src = policy_of(response)["script-src"]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    for nonce in found.inline:
        assert nonce is not None, "inline <script> without nonce"
        assert f"'nonce-{nonce}'" in script_src
    return found


@pytest.mark.django_db
def test_wagtails_date_pickers_and_choosers_get_the_nonce(rf: RequestFactory):
    from csp.middleware import CSPMiddleware
    from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser

    request = rf.get("/admin/")
    CSPMiddleware(lambda r: None).process_request(request)
    token = current_request.set(request)
    try:
        nonce = str(request.csp_nonce)
        widgets = [AdminDateInput(), AdminDateTimeInput(), AdminPageChooser()]
        for widget in widgets:
            html = str(widget.render("when", None, attrs={"id": "id_when"}))
            found = Scripts()
            found.feed(html)
            assert found.inline == [nonce], type(widget).__name__
    finally:
        current_request.reset(token)
    # Outside a request: unchanged, no nonce.
    html = str(AdminPageChooser().render("s", None, attrs={"id": "id_s"}))
    assert "<script>" in html


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def test_no_template_of_ours_has_an_inline_script_or_handler():
    """Inline scripts go to static files; the few that must stay carry the nonce tag."""
    offenders = []
    templates = sorted((ROOT / "rongmei").glob("*/templates/**/*.html"))
    assert len(templates) > 50
    for path in templates:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        for match in SCRIPT_TAG.finditer(text):
            attrs = match.group(1)
            if "src=" in attrs or "application/json" in attrs:
                continue
            if "{% csp_nonce_attr %}" not in attrs:
                offenders.append(f"{name}: <script{attrs}>")
        offenders += [f"{name}: handler {m.group(0).strip()}" for m in HANDLER.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{name}: javascript: URL")
    assert offenders == []


def _prod_env(**extra) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RONGMEI_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        RONGMEI_CREDENTIAL_KEY=Fernet.generate_key().decode(),
        RONGMEI_AUDIT_KEY=secrets.token_urlsafe(32),
        RONGMEI_DATA_KEYS="k1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DJANGO_ALLOWED_HOSTS="rm.example.gov.cn",
        # Empty values set here win over any .env of the checkout.
        RONGMEI_CREDENTIALS_KEY="",
        RONGMEI_TRUSTED_PROXIES="",
    )
    env.update(extra)
    return env


NAMES = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
]  # fmt: skip


def _prod_settings(**extra) -> dict:
    code = (
        "import json, config.settings.prod as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_prod_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_https_and_the_security_headers():
    prod = _prod_settings()
    assert prod["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    # No proxy trusted: X-Forwarded-Proto means nothing.
    assert prod["SECURE_PROXY_SSL_HEADER"] is None
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert prod["SECURE_REFERRER_POLICY"] == "same-origin"
    assert prod["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_SAMESITE"] == prod["CSRF_COOKIE_SAMESITE"] == "Lax"
    behind = _prod_settings(RONGMEI_TRUSTED_PROXIES="127.0.0.1", RONGMEI_HSTS_SECONDS="600")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind["SECURE_HSTS_SECONDS"] == 600


def test_check_deploy_passes_with_the_production_settings():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
