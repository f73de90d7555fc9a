"""Free-text scrubber: layer 2 of the federation anonymisation (see DESIGN.md).

Feedback text is about care services, and often mentions the people involved.
``scrub`` replaces what identifies a person (names, NHS/NI/hospital numbers,
phone numbers, e-mail and street addresses, postcodes, dates of birth) with
typed placeholders such as ``[NAME]``, and keeps what the feedback is about:
providers, places of care, job roles and clinical terms.

It is rules plus word lists, no model: hand-written lists in
``data/`` (common UK names, ordinary words, places), census given-name and
surname frequency tables and an English dictionary vendored there (see
``data/SOURCES.md``), read as plain text on first use. It runs offline, starts in a tenth of a second and
scrubs thousands of records a second. Rules favour leaking nothing over keeping
every word; a person at the network still reviews the result (layer 3), helped
by ``find_identifiers``.

Structured identifiers are found first with regular expressions (each checked
in Python where a regex cannot tell, e.g. the NHS number check digit). Names
are then found token by token: a word is a name when its context says so
(after a title, a relation word, "called", a job role) or when it is in the
gazetteer and is not an ordinary word, never when it is part of a provider
name ("Dr Gray's Hospital") or a known place.
"""

from __future__ import annotations

from dataclasses import dataclass

from .addresses import _addresses
from .findings import (
    ADDRESS,
    DATE_OF_BIRTH,
    EMAIL,
    HOSPITAL_NUMBER,
    NAME,
    NHS_NUMBER,
    NI_NUMBER,
    PHONE,
    POSTCODE,
    SOCIAL_MEDIA,
    VEHICLE,
    Finding,
    _resolve,
)
from .generalise import Change, Flag, age_band, apply, generalisations, rare_combinations
from .names import _find_names
from .obfuscated import (
    international_phones,
    social_media,
    spelled_emails,
    spoken_phones,
    vehicle_registrations,
)
from .patterns import (
    _dates_of_birth,
    _emails,
    _hospital_numbers,
    _nhs_numbers,
    _ni_numbers,
    _phones,
    _postcodes,
)
from .words import _lexicon

__all__ = [
    "ADDRESS",
    "DATE_OF_BIRTH",
    "EMAIL",
    "HOSPITAL_NUMBER",
    "NAME",
    "NHS_NUMBER",
    "NI_NUMBER",
    "PHONE",
    "POSTCODE",
    "SOCIAL_MEDIA",
    "VEHICLE",
    "Change",
    "Finding",
    "Flag",
    "Review",
    "age_band",
    "find_identifiers",
    "generalisations",
    "rare_combinations",
    "review",
    "scrub",
    "scrub_record",
    "_lexicon",
]


def scrub(text: str) -> str:
    """Return ``text`` with every identifier replaced by its placeholder and
    exact dates and ages generalised (to months and age bands)."""
    findings = find_identifiers(text)
    changes = generalisations(text, [(f.start, f.end) for f in findings])
    if not findings and not changes:
        return text
    return apply(text, [_Placeholder(f.start, f.end, f.placeholder) for f in findings] + changes)


@dataclass(frozen=True, slots=True)
class _Placeholder:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Review:
    """What scrubbing one text did, for the person who approves it (layer 3)."""

    text: str  # the scrubbed, generalised text
    findings: list[Finding]  # identifiers replaced
    changes: list[Change]  # dates and ages generalised, with the reason
    flags: list[Flag]  # rare combinations of attributes left for the reviewer


def review(text: str) -> Review:
    findings = find_identifiers(text)
    changes = generalisations(text, [(f.start, f.end) for f in findings])
    return Review(scrub(text), findings, changes, rare_combinations(text))


def find_identifiers(text: str) -> list[Finding]:
    """Identifiers in ``text``, in order, not overlapping.

    A review page calls this on text a person has edited, to warn when it
    still matches an identifier pattern.
    """
    structured = _resolve(_structured_findings(text))
    names = _find_names(text, structured)
    return sorted(structured + names, key=lambda f: f.start)


def scrub_record(record: dict) -> dict:
    """A copy of ``record`` with its ``text`` scrubbed; other keys unchanged."""
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("record has no string 'text'")
    return {**record, "text": scrub(text)}


def _structured_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    for detector in (
        _emails,
        spelled_emails,
        social_media,
        _nhs_numbers,
        _ni_numbers,
        _dates_of_birth,
        _hospital_numbers,
        _phones,
        spoken_phones,
        international_phones,
        vehicle_registrations,
        _postcodes,
        _addresses,
    ):
        found.extend(detector(text))
    return found
