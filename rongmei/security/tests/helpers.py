"""Signing in through the real sign-in page (lockout and password rules apply there)."""

from django.contrib.auth import SESSION_KEY
from django.urls import reverse


def sign_in(client, username, password, ip="10.0.0.5", **extra):
    """POST the staff sign-in form from `ip`; the response."""
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session
