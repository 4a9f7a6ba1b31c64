"""Sessions (GB/T 22239-2019 8.1.4.1 b): idle end after 30 minutes, 12 hours at most,
optionally one per account; an ended session is audited as a sign-out."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rongmei.accounts.tests.factories import make_staff
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.tests.helpers import work_in
from rongmei.security import services

from .helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, center):
    user = make_staff(center, "editor", username="editor-a")
    work_in(client, user, center)
    return user


def _move_clock_back(client, key, seconds):
    """The session's clock read `seconds` earlier (the same as time passing)."""
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_idle_for_31_minutes_ends_the_session(client, editor, center):
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    _move_clock_back(client, services.SEEN_AT, 31 * 60)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login") + "?next=")
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.verb == "会话超时"
    assert entry.actor == editor
    assert entry.center == center
    assert entry.changes == {"reason": "idle", "idle_minutes": 31}
    page = client.get(response.url).content.decode()
    assert "您已30分钟未操作，会话已超时结束，请重新登录。" in page


def test_idle_for_29_minutes_goes_on(client, editor):
    client.get(reverse("wagtailadmin_home"))
    _move_clock_back(client, services.SEEN_AT, 29 * 60)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert not AuditEntry.objects.filter(action=AuditAction.LOGOUT).exists()


def test_a_session_in_use_ends_after_12_hours(client, editor):
    _move_clock_back(client, services.SIGNED_IN_AT, 12 * 3600 + 60)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert AuditEntry.objects.get(action=AuditAction.LOGOUT).changes["reason"] == "lifetime"
    assert "登录已超过12小时，会话已结束，请重新登录。" in client.get(response.url).content.decode()


def test_an_api_call_after_the_idle_end_is_refused_not_redirected(client, editor):
    _move_clock_back(client, services.SEEN_AT, 31 * 60)
    assert client.get("/api/v1/stories/").status_code == 401


def test_a_session_cookie_lives_12_hours_at_most():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_two_sessions_of_one_account_by_default(client, editor, center):
    other = Client()
    work_in(other, editor, center)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert other.get(reverse("wagtailadmin_home")).status_code == 200


def test_with_single_session_a_new_sign_in_ends_the_older(settings, client, center):
    settings.RONGMEI_SINGLE_SESSION = True
    user = make_staff(center, "editor", username="single-a")
    work_in(client, user, center)
    newer = Client()
    work_in(newer, user, center)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.verb == "会话结束（已在别处登录）"
    assert (
        "您的账号已在别处登录，本次会话已结束，请重新登录。"
        in client.get(response.url).content.decode()
    )
    assert newer.get(reverse("wagtailadmin_home")).status_code == 200


def _settings_in(profile: str) -> dict:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'RONGMEI_PASSWORD_MAX_AGE_DAYS', 'RONGMEI_PASSWORD_HISTORY', 'AXES_FAILURE_LIMIT', "
        "'RONGMEI_LOCKOUT_MINUTES', 'RONGMEI_SESSION_IDLE_MINUTES', 'SESSION_COOKIE_AGE', "
        "'RONGMEI_SINGLE_SESSION')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "RONGMEI_SECURITY_PROFILE": profile,
    }
    for name in list(env):
        if name.startswith(("RONGMEI_PASSWORD_", "RONGMEI_LOCKOUT_", "RONGMEI_SESSION_")):
            del env[name]
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_profiles_set_the_defaults():
    assert _settings_in("level3") == {
        "RONGMEI_PASSWORD_MAX_AGE_DAYS": 90,
        "RONGMEI_PASSWORD_HISTORY": 5,
        "AXES_FAILURE_LIMIT": 5,
        "RONGMEI_LOCKOUT_MINUTES": 30,
        "RONGMEI_SESSION_IDLE_MINUTES": 30,
        "SESSION_COOKIE_AGE": 12 * 3600,
        "RONGMEI_SINGLE_SESSION": False,
    }
    assert _settings_in("level2") == {
        "RONGMEI_PASSWORD_MAX_AGE_DAYS": 180,
        "RONGMEI_PASSWORD_HISTORY": 3,
        "AXES_FAILURE_LIMIT": 5,
        "RONGMEI_LOCKOUT_MINUTES": 15,
        "RONGMEI_SESSION_IDLE_MINUTES": 30,
        "SESSION_COOKIE_AGE": 24 * 3600,
        "RONGMEI_SINGLE_SESSION": False,
    }
