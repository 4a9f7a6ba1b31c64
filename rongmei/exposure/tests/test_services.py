"""Exposure services: the workflow's transitions and a ledger's recorded status."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rongmei.exposure.services import (
    exposure_case_create,
    exposure_case_publish,
    exposure_case_record_status,
    exposure_case_rectify,
)


def test_case_moves_from_received_to_published_to_rectified(center):
    case = exposure_case_create(by=None, center=center, date=dt.date(2021, 8, 1), title="乱堆")

    exposure_case_publish(by=None, case=case)
    exposure_case_rectify(by=None, case=case, rectified_date=dt.date(2021, 8, 3))

    case.refresh_from_db()
    assert (case.status, case.rectified_date) == ("rectified", dt.date(2021, 8, 3))


def test_a_rectified_case_cannot_be_published_again(center):
    case = exposure_case_create(
        by=None, center=center, date=dt.date(2021, 8, 1), title="乱堆", status="rectified"
    )

    with pytest.raises(ValidationError):
        exposure_case_publish(by=None, case=case)
    case.refresh_from_db()
    assert case.status == "rectified"


def test_rectification_before_the_case_is_refused(center):
    with pytest.raises(ValidationError):
        exposure_case_create(
            by=None,
            center=center,
            date=dt.date(2021, 8, 5),
            title="乱堆",
            status="rectified",
            rectified_date=dt.date(2021, 8, 1),
        )


def test_a_ledger_may_record_any_status(center):
    case = exposure_case_create(
        by=None, center=center, date=dt.date(2021, 8, 1), title="乱堆", status="rectified"
    )

    exposure_case_record_status(by=None, case=case, status="received")

    assert case.status == "received"
