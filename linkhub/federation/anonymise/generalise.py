"""Generalisation of free text (anonymisation layer 2, after the identifiers):
exact dates become months, ages become bands, and rare combinations of
attributes (age, language, ethnicity or nationality, family status, a small
place) are flagged for the reviewer, who decides whether to generalise them
further. ``generalisations`` says what would change and why; ``generalise``
applies it. Dates of birth are identifiers and are replaced before this runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?:the\s+)?)?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATES = [
    # "4 November 2026", "Tuesday 4th of Nov", "the 4th of November, 2026"
    re.compile(
        rf"(?<![\w/])(?P<all>{_WEEKDAY}(?P<day>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_MONTH_RE}(?:,?\s+{_YEAR})?)(?![\w/])",
        re.I,
    ),
    # "November 4th, 2026", "Nov the 4th"
    re.compile(
        rf"(?<![\w/])(?P<all>{_WEEKDAY}{_MONTH_RE}\s+(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}(?:,?\s+{_YEAR})?)(?![\w/:])",
        re.I,
    ),
    # "04/11/2026", "4.11.26", "4-11-2026" (day first, as in the UK)
    re.compile(
        r"(?<![\w/.\-])(?P<all>(?P<day>\d{1,2})[/.\-](?P<mnum>\d{1,2})[/.\-](?P<year>(?:19|20)?\d{2}))(?![\w/\-]|\.\d)"
    ),
    # "2026-11-04"
    re.compile(r"(?<![\w\-])(?P<all>(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2}))(?![\w\-])"),
]

_AGE = re.compile(
    r"(?<![\w.])(?:(?P<pre>aged|age|ages|age:)\s+(?P<n1>\d{1,3})(?![\d:/]|[.,]\d)"
    r"|(?P<n2>\d{1,3})(?P<post>[\s\-]*(?:years?|yrs?)[\s\-]*old|-?yo\b|\s*y/o\b|[\s\-]*year[\s\-]old))",
    re.I,
)


def age_band(age: int) -> str:
    """The band an age is shown as: under 18, late teens, then decades (20s...80s), 90+."""
    if age < 18:
        return "under 18"
    if age < 20:
        return "late teens"
    if age >= 90:
        return "90+"
    return f"{age // 10 * 10}s"


@dataclass(frozen=True, slots=True)
class Change:
    """One generalisation: where, what it said, what it says now, and why."""

    kind: str  # "date" or "age"
    start: int
    end: int
    text: str
    replacement: str
    reason: str


def _date_changes(text: str) -> list[Change]:
    changes = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            if groups.get("month") == "may":
                continue  # "I may 3 times": the verb, not the month
            if groups.get("month"):
                month = next(x for x in _MONTHS if x.lower().startswith(groups["month"][:3].lower()))
            else:
                number = int(groups["mnum"])
                if not 1 <= number <= 12 or not 1 <= int(groups["day"]) <= 31:
                    continue
                month = _MONTHS[number - 1]
            if not 1 <= int(groups["day"]) <= 31:
                continue
            year = groups.get("year")
            if year and len(year) == 2:
                year = "20" + year
            replacement = f"{month} {year}" if year else month
            start, end = m.span("all")
            changes.append(Change("date", start, end, m.group("all"), replacement, "exact date shown as its month"))
    return changes


def _age_changes(text: str) -> list[Change]:
    changes = []
    for m in _AGE.finditer(text):
        number = m.group("n1") or m.group("n2")
        age = int(number)
        if age > 115:
            continue
        band = age_band(age)
        if m.group("pre"):
            replacement = f"{m.group('pre')} {band}"
        else:
            replacement = band + m.group("post")
        changes.append(Change("age", m.start(), m.end(), m.group(), replacement, f"age shown as the band {band}"))
    return changes


def generalisations(text: str, skip: list[tuple[int, int]] = ()) -> list[Change]:
    """The changes ``generalise`` makes, in order, none overlapping ``skip`` or each other."""
    taken = list(skip)
    kept: list[Change] = []
    for change in sorted(_date_changes(text) + _age_changes(text), key=lambda c: (c.start, -c.end)):
        if all(change.end <= s or change.start >= e for s, e in taken):
            kept.append(change)
            taken.append((change.start, change.end))
    return kept


def generalise(text: str) -> str:
    return apply(text, generalisations(text))


def apply(text: str, changes: list) -> str:
    """``text`` with each change (anything with start, end, replacement) made."""
    parts, pos = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        parts += [text[pos : change.start], change.replacement]
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)


# ------------------------------------------------------- rare combinations

_LANGUAGES = (
    "somali tigrinya amharic oromo arabic kurdish kurmanji sorani farsi persian dari pashto urdu "
    "punjabi bengali bangla sylheti gujarati hindi tamil sinhala nepali mandarin cantonese "
    "vietnamese thai tagalog polish romanian bulgarian czech slovak hungarian latvian lithuanian "
    "russian ukrainian albanian turkish greek portuguese spanish italian french lingala yoruba "
    "igbo hausa twi shona swahili romani bsl welsh gaelic"
).split()
_GROUPS = (
    "somali eritrean ethiopian sudanese afghan syrian iraqi iranian kurdish yemeni roma romany "
    "gypsy traveller travellers vietnamese chinese filipino nepali bangladeshi pakistani "
    "kashmiri sikh jewish orthodox muslim hindu polish romanian lithuanian latvian slovak czech "
    "nigerian ghanaian zimbabwean congolese ukrainian albanian asylum refugee"
).split()
_FAMILY = re.compile(
    r"\b(?:widow|widowed|widower|single\s+(?:mum|mother|dad|father|parent)|lone\s+parent|"
    r"orphan(?:ed)?|twins|triplets|quads|pregnant|divorced|separated|foster(?:ed)?|adopted|"
    r"lives\s+alone|living\s+alone|ten\s+children|(?:nine|eight|seven|six)\s+children)\b",
    re.I,
)
_SMALL_PLACE = re.compile(r"\b(?:village|hamlet|small\s+town|estate|island|the\s+only\b)", re.I)
_LANGUAGE = re.compile(
    rf"\b(?P<lang>{'|'.join(_LANGUAGES)})(?:[\s\-]+speak(?:ing|er|s)|\s+interpreter|\s+only)\b"
    rf"|\bspeaks?\s+(?:only\s+)?(?P<lang2>{'|'.join(_LANGUAGES)})\b",
    re.I,
)
_GROUP = re.compile(rf"\b(?P<group>{'|'.join(_GROUPS)})\b", re.I)


@dataclass(frozen=True, slots=True)
class Flag:
    """A combination of attributes that may single a person out, for the reviewer."""

    attributes: tuple[str, ...]
    reason: str


def rare_combinations(text: str) -> list[Flag]:
    """A flag when two or more kinds of attribute that narrow down who someone is
    appear together (a very old or young age counts, as does any exact age)."""
    found: dict[str, str] = {}
    for change in _age_changes(text):
        band = change.reason.rsplit(" ", 1)[-1]
        found.setdefault("age", f"age {band}")
    language = _LANGUAGE.search(text)
    if language:
        found["language"] = f"language ({(language.group('lang') or language.group('lang2')).title()})"
    for m in _GROUP.finditer(text):
        if language is None or m.end() <= language.start() or m.start() >= language.end():
            found["origin"] = f"ethnicity, nationality or faith ({m.group('group').title()})"
            break  # "Somali-speaking" is a language, not also an origin
    if m := _FAMILY.search(text):
        found["family"] = f"family status ({m.group().lower()})"
    if m := _SMALL_PLACE.search(text):
        found["place"] = f"a small place ({m.group().lower()})"
    if len(found) < 2:
        return []
    attributes = tuple(found.values())
    return [
        Flag(
            attributes,
            "Together, " + ", ".join(attributes) + " may identify one person in a small area: "
            "generalise or remove some of them before sharing.",
        )
    ]
