"""`assert_queries_do_not_grow` catches a query per row, and lets a flat count pass."""

import pytest

from rongmei.core.models import Center
from rongmei.core.tests.factories import CenterFactory
from rongmei.core.tests.helpers import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _more_centers(parent):
    def add():
        for n in range(3):
            CenterFactory(code=f"{632250 + n}", parent=parent)

    return add


def test_a_query_per_row_fails(center):
    CenterFactory(code="632240", parent=center)

    def parents():
        return [c.parent.code for c in Center.objects.filter(parent__isnull=False)]

    with pytest.raises(AssertionError, match="2 queries with the small data, 5 with more rows"):
        assert_queries_do_not_grow(parents, _more_centers(center))


def test_the_same_count_passes_and_returns_the_last_result(center):
    CenterFactory(code="632240", parent=center)

    def parents():
        return [
            c.parent.code
            for c in Center.objects.filter(parent__isnull=False).select_related("parent")
        ]

    assert assert_queries_do_not_grow(parents, _more_centers(center)) == [center.code] * 4
