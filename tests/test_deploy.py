"""Safe defaults of a deployment: Chinese error pages with DEBUG off, and production
settings that refuse the public keys."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_an_unknown_address_gets_the_chinese_404_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text
    assert "返回首页" in text
    assert "Traceback" not in text


def test_the_500_page_renders_without_a_request_or_the_database():
    text = render_to_string("500.html")
    assert "服务器出错" in text
    assert "/static/website/site.css" in text


def _prod(**env):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RONGMEI_CREDENTIAL"))
    }
    # The audit chain's key (安全审计); a test of it sets its own.
    base["RONGMEI_AUDIT_KEY"] = "audit-key-for-the-deploy-tests-" + "k" * 20
    # The data keys (数据保密性); a test of them sets its own.
    base["RONGMEI_DATA_KEYS"] = "k1:" + "A" * 43
    base.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_ALLOWED_HOSTS="rm.example.gov.cn",
        # Empty values set here win over any .env of the checkout.
        RONGMEI_CREDENTIALS_KEY="",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "secret", ["dev-only-insecure-key-change-me", "change-me-to-a-long-random-string", "short"]
)
def test_production_refuses_a_public_or_short_secret_key(secret):
    result = _prod(DJANGO_SECRET_KEY=secret, RONGMEI_CREDENTIAL_KEY=Fernet.generate_key().decode())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_needs_its_own_credential_key():
    result = _prod(DJANGO_SECRET_KEY="x" * 50, RONGMEI_CREDENTIAL_KEY="")
    assert result.returncode != 0
    assert "RONGMEI_CREDENTIAL_KEY" in result.stderr


@pytest.mark.parametrize("audit_key", ["", "short", "x" * 50])
def test_production_needs_its_own_audit_key(audit_key):
    """Unset, short, or the SECRET_KEY itself: refused (the hash chain's key, 安全审计)."""
    result = _prod(
        DJANGO_SECRET_KEY="x" * 50,
        RONGMEI_CREDENTIAL_KEY=Fernet.generate_key().decode(),
        RONGMEI_AUDIT_KEY=audit_key,
    )
    assert result.returncode != 0
    assert "RONGMEI_AUDIT_KEY" in result.stderr


@pytest.mark.parametrize("data_keys", ["", "k1:c2hvcnQ", "no-key-id"])
def test_production_needs_its_own_data_keys(data_keys):
    """Unset or malformed RONGMEI_DATA_KEYS: refused (never derived in production)."""
    result = _prod(
        DJANGO_SECRET_KEY="x" * 50,
        RONGMEI_CREDENTIAL_KEY=Fernet.generate_key().decode(),
        RONGMEI_DATA_KEYS=data_keys,
    )
    assert result.returncode != 0
    assert "RONGMEI_DATA_KEYS" in result.stderr


def test_production_starts_with_its_own_keys():
    result = _prod(
        DJANGO_SECRET_KEY="x" * 50, RONGMEI_CREDENTIAL_KEY=Fernet.generate_key().decode()
    )
    assert result.returncode == 0, result.stderr
