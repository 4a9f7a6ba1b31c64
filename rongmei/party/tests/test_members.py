"""Members, their reports to the community (双报到) and study-app usage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.models import AuditEntry
from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.party.models import CommunityServiceReport, StudyAppUsage
from rongmei.party.selectors import community_service_by_member, study_app_usage_latest
from rongmei.party.services import (
    community_service_report_create,
    party_activity_create,
    party_member_create,
    study_app_usage_record,
)

pytestmark = pytest.mark.django_db

START = dt.date(2021, 1, 1)
END = dt.date(2021, 12, 31)


def _report(center, member, day, hours, activity=None):
    return community_service_report_create(
        by=None, center=center, member=member, date=day, hours=Decimal(hours), activity=activity
    )


def test_per_member_figures_count_every_member_of_the_period(center, other_center):
    a = party_member_create(by=None, center=center, name="张三")
    b = party_member_create(by=None, center=center, name="李四")
    party_member_create(by=None, center=center, name="王五", left=dt.date(2020, 6, 30))
    party_member_create(by=None, center=center, name="赵六", joined=dt.date(2022, 1, 1))
    idle = party_member_create(by=None, center=center, name="孙七", joined=dt.date(2021, 3, 1))
    _report(center, a, dt.date(2021, 3, 5), "2.5")
    _report(center, a, dt.date(2021, 4, 5), "3")
    _report(center, b, dt.date(2021, 4, 5), "4")
    _report(center, b, dt.date(2020, 4, 5), "9")  # before the period
    neighbour = party_member_create(by=None, center=other_center, name="邻县党员")
    _report(other_center, neighbour, dt.date(2021, 4, 5), "8")

    figures = community_service_by_member(center=center, start=START, end=END)

    assert idle.pk  # on the roster from March: counted with no report
    assert figures == {
        "members": 3,
        "reports": 3,
        "hours": Decimal("9.5"),
        "min_reports": 0,
        "max_reports": 2,
        "min_hours": Decimal(0),
        "max_hours": Decimal("5.5"),
    }
    assert community_service_by_member(center=other_center, start=START, end=END)["reports"] == 1


def test_no_members_no_figures(center):
    assert community_service_by_member(center=center, start=START, end=END) is None


def test_report_refuses_another_centers_member_or_activity(center, other_center):
    neighbour = party_member_create(by=None, center=other_center, name="邻县党员")
    own = party_member_create(by=None, center=center, name="张三")
    meeting = party_activity_create(
        by=None, center=center, date=dt.date(2021, 3, 5), kind="theme_day"
    )
    with pytest.raises(ValidationError):
        _report(center, neighbour, dt.date(2021, 3, 5), "2")
    with pytest.raises(ValidationError, match="双报到服务"):
        _report(center, own, dt.date(2021, 3, 5), "2", activity=meeting)
    with pytest.raises(ValidationError):
        _report(center, own, dt.date(2021, 3, 5), "0")
    assert not CommunityServiceReport.objects.exists()


def test_report_is_audited(center):
    member = party_member_create(by=None, center=center, name="张三")
    report = _report(center, member, dt.date(2021, 3, 5), "2")
    assert AuditEntry.objects.filter(object_id=str(report.pk)).exists()


def test_study_app_latest_figures_and_rate(center, other_center):
    study_app_usage_record(
        by=None,
        center=center,
        date=dt.date(2021, 6, 30),
        app="学习强国",
        members=20,
        installed=18,
        active=15,
    )
    study_app_usage_record(
        by=None,
        center=center,
        date=dt.date(2021, 12, 31),
        app="学习强国",
        members=20,
        installed=20,
        active=20,
    )
    study_app_usage_record(
        by=None,
        center=center,
        date=dt.date(2021, 12, 31),
        app="青海党建",
        members=20,
        installed=20,
        active=19,
    )
    study_app_usage_record(
        by=None,
        center=other_center,
        date=dt.date(2021, 12, 31),
        app="学习强国",
        members=5,
        installed=1,
        active=1,
    )

    rows = study_app_usage_latest(center=center, start=START, end=END)

    assert [(r["app"], r["rate"]) for r in rows] == [("学习强国", 100), ("青海党建", 95)]


def test_study_app_record_corrects_the_day_and_refuses_impossible_figures(center):
    study_app_usage_record(
        by=None, center=center, date=END, app="学习强国", members=20, installed=18, active=15
    )
    usage = study_app_usage_record(
        by=None, center=center, date=END, app="学习强国", members=20, installed=20, active=20
    )
    assert StudyAppUsage.objects.count() == 1
    assert usage.rate == 100
    with pytest.raises(ValidationError):
        study_app_usage_record(
            by=None, center=center, date=END, app="学习强国", members=20, installed=21, active=1
        )
    with pytest.raises(ValidationError):
        study_app_usage_record(
            by=None, center=center, date=END, app="学习强国", members=20, installed=10, active=11
        )
    usage.refresh_from_db()
    assert (usage.installed, usage.active) == (20, 20)


@pytest.fixture
def branch_client(client, center, make_user):
    client.force_login(make_user(center, "party_branch"))
    return client


@pytest.mark.parametrize("name", ["party-members", "party-service-reports", "party-study-apps"])
def test_new_listings_show_own_center_only(branch_client, center, other_center, name):
    for c, label in ((center, "本支部"), (other_center, "邻县")):
        member = party_member_create(by=None, center=c, name=f"{label}党员")
        _report(c, member, dt.date(2021, 3, 5), "2")
        study_app_usage_record(
            by=None, center=c, date=END, app=f"{label}APP", members=9, installed=9, active=9
        )
    response = branch_client.get(reverse(f"{name}:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "本支部" in content
    assert "邻县" not in content


@pytest.mark.parametrize("name", ["party-members", "party-service-reports", "party-study-apps"])
def test_new_listings_queries_do_not_grow_with_rows(branch_client, center, name):
    service = party_activity_create(
        by=None, center=center, date=dt.date(2021, 3, 1), kind="community_service", title="服务"
    )

    def add_rows(count, first):
        for n in range(first, first + count):
            member = party_member_create(by=None, center=center, name=f"党员{n}")
            _report(center, member, dt.date(2021, 3, n + 1), "2", activity=service)
            study_app_usage_record(
                by=None, center=center, date=dt.date(2021, 6, n + 1), app="学习强国",
                members=9, installed=9, active=9,
            )  # fmt: skip

    add_rows(2, 0)
    assert_queries_do_not_grow(
        lambda: branch_client.get(reverse(f"{name}:index")), lambda: add_rows(8, 2)
    )


def test_service_report_form_offers_own_members_and_service_activities(
    branch_client, center, other_center
):
    party_member_create(by=None, center=center, name="本支部党员")
    party_member_create(by=None, center=other_center, name="邻县党员")
    party_activity_create(
        by=None,
        center=center,
        date=dt.date(2021, 3, 5),
        kind="community_service",
        title="到社区报到",
    )
    party_activity_create(
        by=None, center=center, date=dt.date(2021, 3, 5), kind="theme_day", title="主题党日"
    )

    content = branch_client.get(reverse("party-service-reports:add")).content.decode()

    assert "本支部党员" in content
    assert "到社区报到" in content
    assert "邻县党员" not in content
    assert "主题党日" not in content


def test_another_centers_report_is_not_found(branch_client, other_center):
    member = party_member_create(by=None, center=other_center, name="邻县党员")
    report = _report(other_center, member, dt.date(2021, 3, 5), "2")
    url = reverse("party-service-reports:edit", args=[report.pk])
    assert branch_client.get(url).status_code == 404
