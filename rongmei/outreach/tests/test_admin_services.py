"""The outreach admin writes outlets and adoptions through the services: rules are
Chinese form errors with nothing written, every add, edit and delete is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.core.middleware import SESSION_KEY
from rongmei.core.models import AuditEntry
from rongmei.core.tests.helpers import audited
from rongmei.outreach.models import Adoption, Outcome, Outlet
from rongmei.outreach.services import (
    adoption_create,
    outlet_create,
    outlet_delete,
    outlet_update,
    submission_adopt,
)

from .factories import evidence_png, submission_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(client, center, make_user):
    user = make_user(center, "director", username="dir-o")
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = center.pk
    session.save()
    return user


@pytest.fixture
def cctv(center):
    return outlet_create(by=None, center=center, name="中央电视台", level="central")


# -- outlets -------------------------------------------------------------------------------


def test_outlet_add_edit_delete_are_audited(client, center, director):
    data = {"name": "青海日报", "level": "provincial", "contacts": "", "submission_address": ""}
    assert client.post(reverse("outlets:add"), data).status_code == 302
    outlet = Outlet.objects.get()
    assert outlet.center == center
    assert audited(outlet, "create").exists()

    url = reverse("outlets:edit", args=[outlet.pk])
    response = client.post(url, {**data, "submission_address": "tougao@example.cn"})
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert outlet.submission_address == "tougao@example.cn"
    assert audited(outlet, "update").exists()

    assert client.post(reverse("outlets:delete", args=[outlet.pk])).status_code == 302
    assert not Outlet.objects.exists()
    assert audited(outlet, "delete").exists()


def test_an_outlet_under_its_own_child_is_refused(client, center, director, cctv):
    news = outlet_create(by=None, center=center, name="新闻联播", level="central", parent=cctv)

    response = client.post(
        reverse("outlets:edit", args=[cctv.pk]),
        {"name": "中央电视台", "level": "central", "parent": news.pk},
    )

    assert response.status_code == 200
    assert "上级媒体不能形成循环" in response.content.decode()
    cctv.refresh_from_db()
    assert cctv.parent is None
    assert not audited(cctv, "update").exists()


def test_the_parent_rule_is_the_models(center, other_center, cctv):
    theirs = outlet_create(by=None, center=other_center, name="邻县报", level="county")
    with pytest.raises(ValidationError, match="上级媒体不属于本中心"):
        outlet_create(by=None, center=center, name="新闻联播", level="central", parent=theirs)
    with pytest.raises(ValidationError, match="上级媒体不能形成循环"):
        outlet_update(by=None, outlet=cctv, parent=cctv)


def test_an_outlet_with_children_is_not_deleted(client, center, director, cctv):
    outlet_create(by=None, center=center, name="新闻联播", level="central", parent=cctv)

    client.post(reverse("outlets:delete", args=[cctv.pk]))

    assert Outlet.objects.filter(pk=cctv.pk).exists()
    with pytest.raises(ValidationError, match="下级媒体"):
        outlet_delete(by=director, outlet=cctv)


def test_an_outlet_with_adoptions_is_not_deleted(center, director, cctv):
    adoption_create(by=None, center=center, outlet=cctv, date=dt.date(2021, 5, 1), title="稿")

    with pytest.raises(ValidationError, match="采用记录"):
        outlet_delete(by=director, outlet=cctv)
    assert Outlet.objects.filter(pk=cctv.pk).exists()


# -- adoptions -----------------------------------------------------------------------------


def adoption_data(outlet, **overrides):
    data = {"outlet": outlet.pk, "date": "2021-05-01", "title": "后台登记", "placement": "other"}
    data.update(overrides)
    return data


def test_adoption_add_edit_delete_are_audited(client, center, director, cctv):
    assert client.post(reverse("adoptions:add"), adoption_data(cctv)).status_code == 302
    adoption = Adoption.objects.get()
    assert adoption.center == center
    assert audited(adoption, "create").exists()

    url = reverse("adoptions:edit", args=[adoption.pk])
    response = client.post(url, adoption_data(cctv, url="不是网址"))
    assert response.status_code == 200
    adoption.refresh_from_db()
    assert adoption.url == ""
    assert not audited(adoption, "update").exists()

    response = client.post(url, adoption_data(cctv, title="后台登记（改）", placement="front_page"))
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert (adoption.title, adoption.placement) == ("后台登记（改）", "front_page")
    assert audited(adoption, "update").get().changes["placement"] == ["other", "front_page"]

    assert client.post(reverse("adoptions:delete", args=[adoption.pk])).status_code == 302
    assert not Adoption.objects.exists()
    assert audited(adoption, "delete").exists()


def test_evidence_is_uploaded_and_cleared_through_the_service(client, center, director, cctv):
    client.post(reverse("adoptions:add"), adoption_data(cctv, evidence=evidence_png()))
    adoption = Adoption.objects.get()
    assert adoption.evidence.name.endswith(".png")

    url = reverse("adoptions:edit", args=[adoption.pk])
    assert client.post(url, adoption_data(cctv, **{"evidence-clear": "on"})).status_code == 302
    adoption.refresh_from_db()
    assert not adoption.evidence


def test_the_outlet_rule_is_the_models(center, other_center):
    theirs = outlet_create(by=None, center=other_center, name="邻县报", level="county")
    with pytest.raises(ValidationError, match="该媒体不属于本中心"):
        adoption_create(by=None, center=center, outlet=theirs, date=dt.date(2021, 5, 1), title="稿")
    assert not Adoption.objects.exists()


def test_deleting_a_submissions_adoption_reopens_the_submission(client, center, director, cctv):
    submission = submission_for(center, director, [cctv])
    target = submission.targets.get()
    adoption = submission_adopt(by=director, target=target, date=dt.date(2021, 6, 3))

    assert client.post(reverse("adoptions:delete", args=[adoption.pk])).status_code == 302

    target.refresh_from_db()
    assert (target.outcome, target.adoption) == (Outcome.PENDING, None)
    assert AuditEntry.objects.filter(
        object_type="outreach.Submission", object_id=str(submission.pk), action="transition"
    ).exists()


def test_a_keeper_without_delete_permission_cannot_delete(client, center, make_user, cctv):
    adoption = adoption_create(
        by=None, center=center, outlet=cctv, date=dt.date(2021, 5, 1), title="稿"
    )
    client.force_login(make_user(center, "editor", username="ed-o"))

    client.post(reverse("adoptions:delete", args=[adoption.pk]))

    assert Adoption.objects.filter(pk=adoption.pk).exists()
