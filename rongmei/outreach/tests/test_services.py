"""Outreach services: outlets' parents stay within the center and never loop."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rongmei.outreach.models import Adoption
from rongmei.outreach.services import adoption_create, outlet_create, outlet_update


def test_parent_of_another_center_is_refused(center, other_center):
    foreign = outlet_create(by=None, center=other_center, name="中央电视台", level="central")

    with pytest.raises(ValidationError):
        outlet_create(by=None, center=center, name="新闻联播", level="central", parent=foreign)


def test_parents_may_not_loop(center):
    cctv = outlet_create(by=None, center=center, name="中央电视台", level="central")
    news = outlet_create(by=None, center=center, name="新闻联播", level="central", parent=cctv)

    with pytest.raises(ValidationError):
        outlet_update(by=None, outlet=cctv, parent=news)


def test_adoption_needs_an_outlet_of_the_center(center, other_center):
    foreign = outlet_create(by=None, center=other_center, name="邻县报", level="county")

    with pytest.raises(ValidationError):
        adoption_create(by=None, center=center, outlet=foreign, date=dt.date(2021, 1, 1), title="x")
    assert not Adoption.objects.exists()


def test_a_parent_outlet_counts_its_childrens_adoptions(center):
    from rongmei.outreach.selectors import adoption_rollup_by_outlet

    cctv = outlet_create(by=None, center=center, name="中央电视台", level="central")
    news = outlet_create(by=None, center=center, name="新闻联播", level="central", parent=cctv)
    for outlet, placement in ((cctv, "other"), (news, "front_page_headline"), (news, "other")):
        adoption_create(
            by=None, center=center, outlet=outlet, date=dt.date(2021, 6, 1), title="x",
            placement=placement,
        )  # fmt: skip

    rows = adoption_rollup_by_outlet(
        center=center, start=dt.date(2021, 6, 1), end=dt.date(2021, 6, 30)
    )

    assert [(r["outlet"], r["parent"], r["adoptions"], r["front_page_headline"]) for r in rows] == [
        ("中央电视台", None, 3, 1),
        ("新闻联播", "中央电视台", 2, 1),
    ]
