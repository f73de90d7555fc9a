"""Working days in England: the statutory clocks (20 working days to answer a request for
information or a report) skip weekends and England and Wales bank holidays.

The calendar comes from the ``holidays`` library (``country_holidays("GB", subdiv="ENG")``,
which includes substitute days and one-off bank holidays such as 2022's state funeral), never a
hand-written list. Counting follows the usual convention: the day something is sent is day 0
and the first working day after it is day 1, so a request sent on a Saturday or a bank holiday
starts counting on the next working day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

STATUTORY_WORKING_DAYS = 20
LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is day 0)."""
    if days < 0:
        return subtract_working_days(start, -days)
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def subtract_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days before ``start``."""
    current = start
    while days > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current)
    return count


def statutory_due_date(sent_on: date) -> date:
    return add_working_days(sent_on, STATUTORY_WORKING_DAYS)


def today() -> date:
    """Today in England (a deadline falls on a calendar day there, whatever the server's zone)."""
    return datetime.now(LONDON).date()
