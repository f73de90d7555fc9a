"""Generalisation: exact dates to months, ages to bands, rare combinations flagged."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkhub.federation.anonymise import age_band, rare_combinations, review, scrub

MONTHS = "January February March April May June July August September October November December".split()


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


@settings(max_examples=300, deadline=None)
@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    year=st.integers(1990, 2030),
    style=st.integers(0, 5),
    before=st.sampled_from(["It happened on ", "Seen ", "Since ", "(", "On Tuesday "]),
)
def test_exact_dates_become_their_month(day, month, year, style, before):
    name = MONTHS[month - 1]
    date = [
        f"{day} {name} {year}",
        f"{_ordinal(day)} of {name} {year}",
        f"{name} {_ordinal(day)}, {year}",
        f"{day:02d}/{month:02d}/{year}",
        f"{day}.{month}.{str(year)[2:]}",
        f"{year}-{month:02d}-{day:02d}",
    ][style]
    out = scrub(f"{before}{date}, we waited.")
    assert name in out
    assert date not in out
    assert not re.search(rf"(?<![\d-]){day}(?:st|nd|rd|th)?\b(?!\d)", out.replace(str(year), "")), out


@settings(max_examples=200, deadline=None)
@given(age=st.integers(0, 110), style=st.integers(0, 3))
def test_ages_become_bands(age, style):
    text = [f"a {age}-year-old man", f"she is aged {age} now", f"he is {age} years old", f"age {age}."][style]
    out = scrub(text)
    assert not re.search(rf"(?<!\d){age}(?![\d+s])", out), out
    assert age_band(age) in out


@pytest.mark.parametrize(
    "age, band",
    [(0, "under 18"), (17, "under 18"), (18, "late teens"), (29, "20s"), (89, "80s"), (90, "90+"), (104, "90+")],
)
def test_age_bands(age, band):
    assert age_band(age) == band


@pytest.mark.parametrize(
    "text",
    [
        "I waited 3 hours on the road",
        "I may 3 times have asked",
        "ward 5 had 24 beds",
        "the 2 years since were hard",
        "version 3.2 of the leaflet",
    ],
)
def test_ordinary_numbers_are_not_generalised(text):
    assert scrub(text) == text


def test_rare_combination_is_flagged_with_reasons():
    text = "my mum, an 88-year-old Tigrinya-speaking widow from a small village, was sent home"
    flags = rare_combinations(text)
    assert len(flags) == 1
    reason = flags[0].reason
    for word in ("80s", "Tigrinya", "widow", "village"):
        assert word in reason


def test_one_attribute_alone_is_not_flagged():
    assert rare_combinations("a 45-year-old man waited four hours") == []
    assert rare_combinations("she speaks Polish and was fine") == []


def test_review_says_what_changed_and_why():
    result = review("On 4 November 2026 Mrs Okafor, a 94-year-old Somali-speaking widow, was discharged")
    assert result.text.startswith("On November 2026 [NAME], a 90+-year-old Somali-speaking widow")
    assert [(c.kind, c.text, c.replacement) for c in result.changes] == [
        ("date", "4 November 2026", "November 2026"),
        ("age", "94-year-old", "90+-year-old"),
    ]
    assert all(c.reason for c in result.changes)
    assert result.flags and "Somali" in result.flags[0].reason
