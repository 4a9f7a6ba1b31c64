"""Figures as a work summary writes them (contract "Work summary wording").

Counts under 100 are exact ("18期"); larger ones are rounded down to two significant
figures and marked 余 ("1200余条", "240余期", "1.2万余次"). A count that rounding
leaves unchanged (1200) is written exactly, since "1200余" would claim more than
there is. Changes against the previous year are whole percentages ("同比增长95%").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = ((10**8, "亿"), (10**4, "万"))


def _two_figures(n: int) -> int:
    """`n` rounded down to two significant figures."""
    step = 10 ** max(len(str(n)) - 2, 0)
    return n // step * step


def _scaled(value: int, divisor: int) -> str:
    text = format(Decimal(value) / divisor, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count_words(n: int | float | Decimal, unit: str = "") -> str:
    """A count as a work summary writes it: `count_words(1234, "条")` → "1200余条"."""
    if n < 0:
        raise ValueError(n)
    if n < 100:
        # A fraction (12.5 hours) stays as it is; a whole number loses any ".0".
        text = format(Decimal(str(n)).normalize(), "f") if n != int(n) else str(int(n))
        return f"{text}{unit}"
    rounded = _two_figures(int(n))
    more = "余" if rounded != n else ""
    for divisor, name in _UNITS:
        if rounded >= divisor:
            return f"{_scaled(rounded, divisor)}{name}{more}{unit}"
    return f"{rounded}{more}{unit}"


def percent_change(current: int | float | Decimal, previous: int | float | Decimal) -> int | None:
    """The change from `previous` to `current` in whole percent (half up); None if
    there is nothing to compare with."""
    if not previous:
        return None
    change = (Decimal(str(current)) - Decimal(str(previous))) * 100 / Decimal(str(previous))
    return int(change.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def change_words(
    current: int | float | Decimal, previous: int | float | Decimal | None, basis: str = "同比"
) -> str:
    """ "同比增长95%", "同比下降12%", "与上年持平"; "" where there is no previous figure."""
    if previous is None:
        return ""
    change = percent_change(current, previous)
    if change is None:
        return ""
    if change == 0:
        return "与上年持平" if basis == "同比" else f"{basis}持平"
    if change > 0:
        return f"{basis}增长{change}%"
    return f"{basis}下降{-change}%"
