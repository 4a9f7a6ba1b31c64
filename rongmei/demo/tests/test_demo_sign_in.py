"""The demo's accounts sign in with the published password and are not asked to change
it first (an account an administrator creates on the staff pages is: rongmei/security)."""

import pytest
from django.urls import reverse

from rongmei.demo import services

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_sign_in_without_a_password_change(client, monkeypatch):
    monkeypatch.setattr(services, "YEAR_BUILDERS", [])
    services.demo_seed(code="632224", name="示范县融媒体中心", year=2021)
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "chief", "password": services.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
