"""`seed_demo` builds the same demo center from the same seed, and adds nothing when re-run."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest

from rongmei.accounts.models import Membership, User
from rongmei.core.models import Center
from rongmei.core.roles import ROLE_GROUP_NAMES
from rongmei.demo import services
from rongmei.demo.services import DEMO_PASSWORD, demo_seed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staff_only(monkeypatch):
    """These tests are about the center and its staff; `tests/test_demo_year.py` builds
    the year."""
    monkeypatch.setattr(services, "YEAR_BUILDERS", [])


def _snapshot() -> list[tuple]:
    return sorted(
        Membership.objects.values_list(
            "center__code",
            "user__username",
            "user__display_name",
            "department__name",
            "roles__name",
        )
    )


def test_same_seed_builds_the_same_center():
    with transaction.atomic():
        demo_seed(code="632224", name="示范县融媒体中心", year=2021, seed=7)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Center.objects.exists()
    demo_seed(code="632224", name="示范县融媒体中心", year=2021, seed=7)
    assert _snapshot() == first
    assert len(first) >= 50


def test_another_seed_builds_other_names():
    with transaction.atomic():
        demo_seed(code="632224", name="示范县融媒体中心", year=2021, seed=7)
        first = _snapshot()
        transaction.set_rollback(True)
    demo_seed(code="632224", name="示范县融媒体中心", year=2021, seed=8)
    assert _snapshot() != first


def test_rerun_adds_nothing():
    demo_seed(code="632224", name="示范县融媒体中心", year=2021)
    before = (User.objects.count(), Membership.objects.count(), _snapshot())
    demo_seed(code="632224", name="示范县融媒体中心", year=2021)
    assert (User.objects.count(), Membership.objects.count(), _snapshot()) == before


def test_every_role_has_a_demo_account_that_can_sign_in(client):
    call_command("seed_demo", "--quiet")
    roles_with_accounts = set(
        Membership.objects.filter(
            user__username__in=[
                "reporter",
                "camera",
                "editor",
                "deskhead",
                "chief",
                "operator",
                "engineer",
                "party",
                "integrity",
                "director",
                "admin",
                "security",
                "auditor",
                "cityviewer",
            ]
        ).values_list("roles__name", flat=True)
    )
    assert roles_with_accounts == set(ROLE_GROUP_NAMES.values()) - {"省级平台"}
    # django-axes checks the lockout of the request that signs in.
    assert client.login(request=HttpRequest(), username="chief", password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_scale_multiplies_the_staff():
    small = demo_seed(code="632224", name="示范县", year=2021, scale=1).center
    big = demo_seed(code="632225", name="大县", year=2021, scale=3).center
    n_small = Membership.objects.filter(center=small).count()
    n_big = Membership.objects.filter(center=big).count()
    assert n_big > 2 * n_small


def test_public_site_shows_the_demo_center(client):
    call_command("seed_demo", "--quiet")
    response = client.get("/")
    assert response.status_code == 200
    assert "示范县融媒体中心" in response.text
