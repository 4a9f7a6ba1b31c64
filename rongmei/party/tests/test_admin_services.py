"""The party admin writes through the services, for all four record kinds: the models'
rules are Chinese form errors with nothing written; adds, edits and deletes are audited;
a member with reports is not deleted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.tests.helpers import audited
from rongmei.core.tests.helpers import work_in as login
from rongmei.party.models import (
    CommunityServiceReport,
    PartyActivity,
    PartyMember,
    StudyAppUsage,
)
from rongmei.party.services import (
    community_service_report_create,
    community_service_report_update,
    party_activity_create,
    party_member_create,
    party_member_delete,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(client, center, make_user):
    return login(client, make_user(center, "party_branch", username="dzb-a"), center)


@pytest.fixture
def director(client, center, make_user):
    return login(client, make_user(center, "director", username="dir-a"), center)


# -- activities ----------------------------------------------------------------------


ACTIVITY = {"date": "2021-06-01", "kind": "community_service", "title": "到社区报到"}


def test_activity_with_negative_hours_is_refused(client, branch):
    response = client.post(reverse("party-activities:add"), {**ACTIVITY, "hours": "-1"})

    assert response.status_code == 200
    assert "服务时长不能为负数" in response.content.decode()
    assert not PartyActivity.objects.exists()


def test_activity_add_edit_delete_are_audited(client, center, branch, make_user):
    response = client.post(reverse("party-activities:add"), {**ACTIVITY, "attendees": "12"})
    assert response.status_code == 302
    activity = PartyActivity.objects.get()
    assert activity.center == center
    assert audited(activity, "create").exists()

    url = reverse("party-activities:edit", args=[activity.pk])
    assert "服务时长不能为负数" in client.post(url, {**ACTIVITY, "hours": "-3"}).content.decode()
    activity.refresh_from_db()
    assert activity.hours is None
    assert client.post(url, {**ACTIVITY, "attendees": "12", "hours": "6"}).status_code == 302
    activity.refresh_from_db()
    assert activity.hours == Decimal(6)
    assert audited(activity, "update").exists()

    login(client, make_user(center, "director", username="dir-a"), center)
    assert client.post(reverse("party-activities:delete", args=[activity.pk])).status_code == 302
    assert not PartyActivity.objects.exists()
    assert audited(activity, "delete").exists()


# -- members -------------------------------------------------------------------------


def test_member_who_left_before_joining_is_refused(client, branch):
    response = client.post(
        reverse("party-members:add"), {"name": "张三", "joined": "2021-06-01", "left": "2021-01-01"}
    )

    assert response.status_code == 200
    assert "转出日期不能早于转入日期" in response.content.decode()
    assert not PartyMember.objects.exists()


def test_member_add_and_edit_are_audited(client, center, branch):
    response = client.post(reverse("party-members:add"), {"name": " 张三 ", "joined": "2021-01-01"})
    assert response.status_code == 302
    member = PartyMember.objects.get()
    assert (member.center, member.name) == (center, "张三")
    assert audited(member, "create").exists()

    url = reverse("party-members:edit", args=[member.pk])
    bad = {"name": "张三", "joined": "2021-01-01", "left": "2020-12-31"}
    assert "转出日期不能早于转入日期" in client.post(url, bad).content.decode()
    member.refresh_from_db()
    assert member.left is None
    good = {"name": "张三", "joined": "2021-01-01", "left": "2021-12-31"}
    assert client.post(url, good).status_code == 302
    member.refresh_from_db()
    assert member.left == dt.date(2021, 12, 31)
    assert audited(member, "update").get().changes["left"] == [None, "2021-12-31"]


def test_same_name_twice_is_refused(client, center, branch):
    party_member_create(by=None, center=center, name="张三")

    response = client.post(reverse("party-members:add"), {"name": "张三"})

    assert response.status_code == 200
    assert PartyMember.objects.count() == 1


def test_member_with_reports_is_not_deleted(client, center, director):
    member = party_member_create(by=None, center=center, name="张三")
    community_service_report_create(
        by=None, center=center, member=member, date=dt.date(2021, 3, 5), hours=Decimal(2)
    )
    url = reverse("party-members:delete", args=[member.pk])

    client.post(url)
    assert PartyMember.objects.filter(pk=member.pk).exists()
    assert not audited(member, "delete").exists()
    # The service says why, to the admin and to any other caller.
    with pytest.raises(ValidationError, match="该党员已有社区报到记录，不能删除"):
        party_member_delete(by=director, member=member)
    assert PartyMember.objects.filter(pk=member.pk).exists()

    CommunityServiceReport.objects.all().delete()
    assert client.post(url).status_code == 302
    assert not PartyMember.objects.exists()
    assert audited(member, "delete").exists()


# -- reports to the community --------------------------------------------------------


def test_report_of_no_hours_is_refused(client, center, branch):
    member = party_member_create(by=None, center=center, name="张三")

    response = client.post(
        reverse("party-service-reports:add"),
        {"member": member.pk, "date": "2021-03-05", "hours": "0"},
    )

    assert response.status_code == 200
    assert "服务时长应大于零" in response.content.decode()
    assert not CommunityServiceReport.objects.exists()


def test_report_add_edit_delete_are_audited(client, center, branch, make_user):
    member = party_member_create(by=None, center=center, name="张三")
    service = party_activity_create(
        by=None, center=center, date=dt.date(2021, 3, 5), kind="community_service"
    )
    data = {"member": member.pk, "date": "2021-03-05", "hours": "2", "activity": service.pk}
    assert client.post(reverse("party-service-reports:add"), data).status_code == 302
    report = CommunityServiceReport.objects.get()
    assert (report.center, report.activity) == (center, service)
    assert audited(report, "create").exists()

    url = reverse("party-service-reports:edit", args=[report.pk])
    assert "服务时长应大于零" in client.post(url, {**data, "hours": "-1"}).content.decode()
    report.refresh_from_db()
    assert report.hours == Decimal(2)
    assert client.post(url, {**data, "hours": "3.5"}).status_code == 302
    report.refresh_from_db()
    assert report.hours == Decimal("3.5")
    assert audited(report, "update").exists()

    login(client, make_user(center, "director", username="dir-a"), center)
    assert client.post(reverse("party-service-reports:delete", args=[report.pk])).status_code == 302
    assert not CommunityServiceReport.objects.exists()
    assert audited(report, "delete").exists()


def test_report_update_keeps_to_the_centers_own_records(center, other_center):
    member = party_member_create(by=None, center=center, name="张三")
    report = community_service_report_create(
        by=None, center=center, member=member, date=dt.date(2021, 3, 5), hours=Decimal(2)
    )
    theirs = party_member_create(by=None, center=other_center, name="邻县党员")
    meeting = party_activity_create(
        by=None, center=center, date=dt.date(2021, 3, 5), kind="theme_day"
    )

    with pytest.raises(ValidationError, match="只能选择本中心的党员"):
        community_service_report_update(by=None, report=report, member=theirs)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="双报到服务"):
        community_service_report_update(by=None, report=report, activity=meeting)
    report.refresh_from_db()
    assert (report.member, report.activity) == (member, None)


# -- study apps ----------------------------------------------------------------------


STUDY = {"date": "2021-06-30", "app": "学习强国", "members": "30", "installed": "28"}


def test_study_app_figures_that_cannot_be_are_refused(client, branch):
    url = reverse("party-study-apps:add")

    response = client.post(url, {**STUDY, "installed": "31", "active": "20"})
    assert "已安装人数不能多于党员总数" in response.content.decode()
    response = client.post(url, {**STUDY, "active": "29"})
    assert "经常使用人数不能多于已安装人数" in response.content.decode()

    assert not StudyAppUsage.objects.exists()


def test_study_app_add_twice_and_edit(client, center, branch):
    url = reverse("party-study-apps:add")
    assert client.post(url, {**STUDY, "active": "25"}).status_code == 302
    usage = StudyAppUsage.objects.get()
    assert audited(usage, "create").exists()

    # The same app and day again is refused rather than silently overwritten.
    assert client.post(url, {**STUDY, "active": "10"}).status_code == 200
    usage.refresh_from_db()
    assert StudyAppUsage.objects.count() == 1
    assert usage.active == 25

    edit = reverse("party-study-apps:edit", args=[usage.pk])
    assert client.post(edit, {**STUDY, "active": "26"}).status_code == 302
    usage.refresh_from_db()
    assert usage.active == 26
    assert audited(usage, "update").get().changes["active"] == [25, 26]


def test_study_app_delete_is_audited(client, center, director):
    client.post(reverse("party-study-apps:add"), {**STUDY, "active": "25"})
    usage = StudyAppUsage.objects.get()

    assert client.post(reverse("party-study-apps:delete", args=[usage.pk])).status_code == 302
    assert not StudyAppUsage.objects.exists()
    assert audited(usage, "delete").exists()
