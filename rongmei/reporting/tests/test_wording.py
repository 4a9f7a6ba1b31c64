"""Work-summary wording of counts and changes."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rongmei.reporting.wording import change_words, count_words, percent_change


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [
        (0, "条", "0条"),
        (18, "期", "18期"),
        (99, "条", "99条"),
        (100, "条", "100条"),
        (245, "期", "240余期"),
        (1234, "条", "1200余条"),
        (1200, "条", "1200条"),
        (9999, "条", "9900余条"),
        (12345, "次", "1.2万余次"),
        (10000, "次", "1万次"),
        (10500, "次", "1万余次"),
        (99999, "次", "9.9万余次"),
        (123456, "次", "12万余次"),
        (123456789, "次", "1.2亿余次"),
        (Decimal("2.5"), "小时", "2.5小时"),
        (150.5, "小时", "150余小时"),
    ],
)
def test_count_words(n, unit, expected):
    assert count_words(n, unit) == expected


def _value(text: str) -> Decimal:
    text = text.removesuffix("余")
    for suffix, scale in (("亿", 10**8), ("万", 10**4)):
        if text.endswith(suffix):
            return Decimal(text[: -len(suffix)]) * scale
    return Decimal(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_count_words_never_overstates_and_keeps_two_figures(n):
    text = count_words(n)
    value = _value(text)
    assert value <= n
    if n < 100:
        assert text == str(n)
    else:
        # Two significant figures, rounded down: the next step up would pass n.
        step = Decimal(10) ** (len(str(n)) - 2)
        assert n - value < step
        assert value % step == 0
        assert text.endswith("余") == (value != n)


@given(st.integers(min_value=100, max_value=10**12))
def test_count_words_is_monotonic(n):
    assert _value(count_words(n)) <= _value(count_words(n + 1))


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (195, 100, "同比增长95%"),
        (88, 100, "同比下降12%"),
        (100, 100, "与上年持平"),
        (1004, 1000, "与上年持平"),
        (1005, 1000, "同比增长1%"),
        (5, 0, ""),
        (5, None, ""),
    ],
)
def test_change_words(current, previous, expected):
    assert change_words(current, previous) == expected


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_percent_change_is_the_nearest_whole_percent(current, previous):
    change = percent_change(current, previous)
    exact = Decimal(current - previous) * 100 / previous
    assert abs(Decimal(change) - exact) <= Decimal("0.5")
    words = change_words(current, previous)
    if change > 0:
        assert words == f"同比增长{change}%"
    elif change < 0:
        assert words == f"同比下降{-change}%"
    else:
        assert words == "与上年持平"
