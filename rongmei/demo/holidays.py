"""The calendar of the demo year: working days, days off, holiday inspections."""

from __future__ import annotations

import calendar
import datetime as dt
import random

# Statutory days off and working weekends (调休) of 2021; other years fall back to the
# fixed-date holidays (the lunar ones move).
DAYS_OFF_2021 = (
    [dt.date(2021, 1, d) for d in (1, 2, 3)]
    + [dt.date(2021, 2, d) for d in range(11, 18)]
    + [dt.date(2021, 4, d) for d in (3, 4, 5)]
    + [dt.date(2021, 5, d) for d in range(1, 6)]
    + [dt.date(2021, 6, d) for d in (12, 13, 14)]
    + [dt.date(2021, 9, d) for d in (19, 20, 21)]
    + [dt.date(2021, 10, d) for d in range(1, 8)]
)


WORKING_WEEKENDS_2021 = [
    dt.date(2021, m, d) for m, d in ((2, 7), (2, 20), (4, 25), (5, 8), (9, 18), (9, 26), (10, 9))
]


HOLIDAY_INSPECTIONS_2021 = {
    "元旦": dt.date(2021, 1, 2),
    "春节": dt.date(2021, 2, 10),
    "清明": dt.date(2021, 4, 2),
    "五一": dt.date(2021, 4, 30),
    "端午": dt.date(2021, 6, 11),
    "中秋": dt.date(2021, 9, 18),
    "国庆": dt.date(2021, 9, 30),
}


HOLIDAY_INSPECTIONS_FIXED = {
    "元旦": (1, 2),
    "春节": (2, 5),
    "清明": (4, 3),
    "五一": (4, 30),
    "端午": (6, 10),
    "中秋": (9, 15),
    "国庆": (9, 30),
}


def days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range(366 if calendar.isleap(year) else 365)]


def days_off(year: int) -> set[dt.date]:
    if year == 2021:
        return set(DAYS_OFF_2021)
    fixed = [(1, 1), (5, 1), (5, 2), (5, 3)] + [(10, d) for d in range(1, 8)]
    return {dt.date(year, m, d) for m, d in fixed}


def working_days(year: int) -> list[dt.date]:
    off = days_off(year)
    extra = set(WORKING_WEEKENDS_2021) if year == 2021 else set()
    return [d for d in days(year) if (d.weekday() < 5 and d not in off) or d in extra]


def holiday_inspections(year: int) -> dict[str, dt.date]:
    if year == 2021:
        return HOLIDAY_INSPECTIONS_2021
    return {k: dt.date(year, m, d) for k, (m, d) in HOLIDAY_INSPECTIONS_FIXED.items()}


def spread_dates(rng: random.Random, year: int, n: int) -> list[dt.date]:
    """`n` dates through the year, fewer on weekends and days off, in order."""
    off = days_off(year)
    year_days = days(year)
    weights = [0.4 if d in off else 0.65 if d.weekday() >= 5 else 1.0 for d in year_days]
    return sorted(rng.choices(year_days, weights=weights, k=n))


def in_month(rng: random.Random, year: int, month: int, first: int = 1, last: int = 28) -> dt.date:
    return dt.date(year, month, rng.randint(first, last))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
