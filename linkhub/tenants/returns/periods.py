"""Reporting periods of the financial year (April to March): quarters, halves, years."""

from __future__ import annotations

from datetime import date, timedelta

MONTHS = {"quarterly": 3, "six_monthly": 6, "annual": 12}


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def starts_a_period(day: date, frequency: str) -> bool:
    """Quarters start in April, July, October, January; halves in April and October; years in April."""
    if not isinstance(day, date) or day.day != 1 or frequency not in MONTHS:
        return False
    return (day.month - 4) % MONTHS[frequency] == 0


def period_end(start: date, frequency: str) -> date:
    return _add_months(start, MONTHS[frequency]) - timedelta(days=1)


def period_containing(day: date, frequency: str) -> tuple[date, date]:
    months = MONTHS[frequency]
    offset = ((day.month - 4) % 12) // months * months
    year_start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    start = _add_months(year_start, offset)
    return start, period_end(start, frequency)


def label(start: date, end: date) -> str:
    return f"{start.strftime('%B %Y')} to {end.strftime('%B %Y')}"
