"""Working days: England and Wales bank holidays from the holidays library, counted by hand here."""

from __future__ import annotations

from datetime import date

import pytest

from linkhub.platform import clock


@pytest.mark.parametrize(
    "sent, due",
    [
        # Christmas and New Year: 25, 26 Dec and 1 Jan skipped.
        (date(2024, 12, 18), date(2025, 1, 20)),
        # 2020: Christmas on Friday, Boxing Day's substitute on Monday 28th, New Year on Friday.
        (date(2020, 12, 24), date(2021, 1, 26)),
        # 2021-22: Christmas and Boxing Day on a weekend, substitutes on 27 and 28 Dec; 1 Jan a Saturday, 3 Jan off.
        (date(2021, 12, 23), date(2022, 1, 25)),
        # Easter 2024: Good Friday 29 Mar and Easter Monday 1 Apr. Sent 29 Feb (leap day) the clock stops before them.
        (date(2024, 2, 29), date(2024, 3, 28)),
        (date(2024, 3, 1), date(2024, 4, 2)),
        # Sent on Good Friday itself: counting starts on the next working day (Tuesday 2 Apr).
        (date(2024, 3, 29), date(2024, 4, 29)),
        # Easter 2025 (18 and 21 April) and the early May bank holiday (5 May).
        (date(2025, 4, 10), date(2025, 5, 13)),
        # A Saturday: Monday is day 1; Easter 2026 (3 and 6 April) on the way.
        (date(2026, 3, 14), date(2026, 4, 14)),
        # Leap year 2028: 29 Feb is a Tuesday and an ordinary working day.
        (date(2028, 2, 1), date(2028, 2, 29)),
        # One-off bank holidays: the state funeral (19 Sep 2022) and the coronation (8 May 2023).
        (date(2022, 9, 12), date(2022, 10, 11)),
        (date(2023, 4, 28), date(2023, 5, 31)),
    ],
)
def test_twenty_working_days(sent, due):
    assert clock.statutory_due_date(sent) == due


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2024, 12, 25), False),
        (date(2024, 12, 26), False),
        (date(2024, 12, 27), True),
        (date(2025, 1, 1), False),
        (date(2024, 3, 29), False),
        (date(2024, 4, 1), False),
        (date(2024, 2, 29), True),
        (date(2024, 3, 2), False),
        (date(2022, 12, 27), False),
        (date(2022, 9, 19), False),
        (date(2024, 8, 26), False),
        # England, not Scotland: 2 January and St Andrew's Day are working days here.
        (date(2025, 1, 2), True),
        (date(2024, 12, 2), True),
    ],
)
def test_working_days(day, working):
    assert clock.is_working_day(day) is working


def test_counting_back_and_between():
    assert clock.subtract_working_days(date(2025, 1, 2), 5) == date(2024, 12, 23)
    assert clock.working_days_between(date(2024, 12, 20), date(2025, 1, 2)) == 6
    assert clock.working_days_between(date(2025, 1, 2), date(2024, 12, 20)) == -6
    assert clock.add_working_days(date(2024, 12, 24), 0) == date(2024, 12, 24)
