"""The admin saves nothing itself: create, edit and delete go through the services, a
rule the service or the model refuses is a Chinese form error with nothing written, and
status moves only by transition buttons."""

import datetime as dt

import pytest
from django.urls import reverse

from rongmei.core.middleware import SESSION_KEY
from rongmei.core.models import AuditEntry
from rongmei.exposure.models import ExposureCase, ExposureStatus
from rongmei.exposure.services import exposure_case_create
from rongmei.newsroom.models import Campaign
from rongmei.newsroom.services import campaign_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client, center, make_user):
    user = make_user(center, "director", username="dir-a")
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = center.pk
    session.save()
    return user


def test_campaign_that_ends_before_it_starts_is_refused(client, director):
    response = client.post(
        reverse("campaigns:add"), {"name": "倒着的专题", "start": "2021-06-01", "end": "2021-05-01"}
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Campaign.objects.exists()


def test_campaign_edit_goes_through_the_service(client, center, director):
    campaign = campaign_create(by=None, center=center, name="乡村振兴", start=dt.date(2021, 1, 1))
    url = reverse("campaigns:edit", args=[campaign.pk])
    response = client.post(url, {"name": "乡村振兴", "start": "2021-01-01", "end": "2020-12-31"})
    assert "结束日期不能早于开始日期" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.end is None
    response = client.post(url, {"name": "乡村振兴", "start": "2021-01-01", "end": "2021-12-31"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.end == dt.date(2021, 12, 31)
    entry = AuditEntry.objects.filter(
        object_type="newsroom.Campaign", object_id=str(campaign.pk), action="update"
    ).get()
    assert entry.changes["end"] == [None, "2021-12-31"]


def test_case_rectified_before_it_was_received_is_refused(client, director):
    response = client.post(
        reverse("exposures:add"),
        {"date": "2021-05-10", "title": "路灯不亮", "rectified_date": "2021-05-01"},
    )
    assert response.status_code == 200
    assert "整改日期不能早于受理日期" in response.content.decode()
    assert not ExposureCase.objects.exists()


def test_status_is_not_a_form_field(client, center, director):
    response = client.post(
        reverse("exposures:add"),
        {"date": "2021-05-10", "title": "路灯不亮", "status": ExposureStatus.RECTIFIED},
    )
    assert response.status_code == 302
    case = ExposureCase.objects.get()
    assert case.status == ExposureStatus.RECEIVED
    assert AuditEntry.objects.filter(
        object_type="exposure.ExposureCase", object_id=str(case.pk), action="create"
    ).exists()


def test_transitions_are_buttons_that_call_the_service(client, center, director):
    case = exposure_case_create(by=None, center=center, date=dt.date(2021, 5, 10), title="井盖缺失")
    edit = client.get(reverse("exposures:edit", args=[case.pk])).content.decode()
    assert "曝光" in edit
    assert 'data-rongmei-transition="publish"' in edit
    url = reverse("exposures:transition", args=[case.pk, "publish"])
    assert client.get(url).status_code == 405  # only by POST
    assert client.post(url).status_code == 302
    case.refresh_from_db()
    assert case.status == ExposureStatus.PUBLISHED
    # Publishing twice is refused by the service's rule; the status stays.
    client.post(reverse("exposures:transition", args=[case.pk, "reject"]))
    case.refresh_from_db()
    assert case.status == ExposureStatus.PUBLISHED
    edit = client.get(reverse("exposures:edit", args=[case.pk])).content.decode()
    assert 'data-rongmei-transition="publish"' not in edit
    assert 'data-rongmei-transition="rectify"' in edit


def test_transition_needs_the_role_in_this_center(client, center, make_user):
    case = exposure_case_create(by=None, center=center, date=dt.date(2021, 5, 10), title="井盖缺失")
    reporter = make_user(center, "reporter")
    client.force_login(reporter)
    response = client.post(reverse("exposures:transition", args=[case.pk, "publish"]))
    assert response.status_code in (302, 403)
    case.refresh_from_db()
    assert case.status == ExposureStatus.RECEIVED


def test_delete_goes_through_the_service_and_is_audited(client, center, director):
    case = exposure_case_create(by=None, center=center, date=dt.date(2021, 5, 10), title="已处理")
    response = client.post(reverse("exposures:delete", args=[case.pk]))
    assert response.status_code == 302
    assert not ExposureCase.objects.exists()
    assert AuditEntry.objects.filter(
        object_type="exposure.ExposureCase", object_id=str(case.pk), action="delete"
    ).exists()


def test_viewset_without_a_service_offers_no_writes(center, director):
    from rongmei.core.viewsets import NO_SERVICES, ServicePermissionPolicy

    policy = ServicePermissionPolicy(Campaign, services=NO_SERVICES)
    assert not policy.user_has_permission(director, "add")
    assert not policy.user_has_permission(director, "change")
    assert not policy.user_has_permission(director, "delete")
