"""Structured identifiers found by regular expressions (each checked in Python
where a regex cannot tell, e.g. the NHS number check digit): e-mail addresses,
NHS, NI and hospital numbers, phone numbers, postcodes, dates of birth."""

from __future__ import annotations

import re

from .findings import (
    DATE_OF_BIRTH,
    EMAIL,
    HOSPITAL_NUMBER,
    NHS_NUMBER,
    NI_NUMBER,
    PHONE,
    POSTCODE,
    Finding,
    _finding,
)

# ----------------------------------------------------------------- e-mail

_EMAIL = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])"
    r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.+[\w!#$%&'*+/=?^`{|}~-]+)*\.?"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def _emails(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    return [_finding(EMAIL, text, m.start(), m.end()) for m in _EMAIL.finditer(text)]


# ------------------------------------------------------------- NHS numbers

# Ten digits, a space or hyphen allowed between any two ("943 476 5919").
_TEN_DIGITS = re.compile(r"(?<![\w-])\d(?:[ -]?\d){9}(?!\w)")
# Context in which any ten-digit run is taken for an NHS number, check digit
# or not: people mistype them, and a mistyped one still identifies.
_NHS_CONTEXT = re.compile(r"\b(?:nhs|patient|health\s*(?:and|&)\s*care)\s*(?:no\b|num\b|number|#|id\b)", re.I)


# A country code before the digits ("+44 (0)114 ...", "+234 802 ...", "0049 171 ...") makes them a phone number.
_PHONE_PREFIX = re.compile(r"(?:(?:\+|(?<!\d)00)[ \t]?\d{1,3}[ \t]?(?:\(0\)[ \t]?)?|\(0\)[ \t]?|\(0?)$")


def _nhs_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> list[Finding]:
    found = []
    for m in _TEN_DIGITS.finditer(text):
        if _PHONE_PREFIX.search(text, max(0, m.start() - 12), m.start()):
            continue  # "+44 (0)114 271 1900" is a phone number
        digits = m.group().replace(" ", "").replace("-", "")
        window = text[max(0, m.start() - 40) : m.start()] + " " + text[m.end() : m.end() + 30]
        if _nhs_checksum_ok(digits) or _NHS_CONTEXT.search(window):
            found.append(_finding(NHS_NUMBER, text, m.start(), m.end()))
    return found


# -------------------------------------------------------------- NI numbers

_NI_FULL = re.compile(r"(?<!\w)[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D](?!\w)", re.I)
_NI_NO_SUFFIX = re.compile(r"(?<!\w)[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?!\w)", re.I)
_NI_CONTEXT = re.compile(r"national\s+insurance|\bN\.?I\.?\b|\bnino\b", re.I)


def _ni_numbers(text: str) -> list[Finding]:
    found = [_finding(NI_NUMBER, text, m.start(), m.end()) for m in _NI_FULL.finditer(text)]
    for m in _NI_NO_SUFFIX.finditer(text):
        if _NI_CONTEXT.search(text[max(0, m.start() - 40) : m.start()]):
            found.append(_finding(NI_NUMBER, text, m.start(), m.end()))
    return found


# ------------------------------------------------------------ phone numbers

# A run that starts like a UK number (+44, 0044 or a leading 0, maybe in
# brackets) and goes on in digits, spaces, hyphens and brackets. Whether it
# is one is decided on its digits in _valid_uk_phone.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?\(?|\(?0)"
    r"\d[\d \t()\-]{6,18}\d(?!\w)"
)
_UK_NATIONAL = re.compile(r"0[1235789]\d{8,9}")


def _valid_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith(("+", "00")):
        digits = digits[4:] if digits.startswith("0044") else digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits
    return _UK_NATIONAL.fullmatch(digits) is not None


def _longest_phone(candidate: str) -> int:
    """Length of the longest prefix of ``candidate`` that is a UK number, or 0.

    The pattern can run on into digits that follow ("0114 271 1900 2 times").
    """
    ends = [
        i + 1
        for i, ch in enumerate(candidate)
        if ch.isdigit() and (i + 1 == len(candidate) or not candidate[i + 1].isdigit())
    ]
    for end in reversed(ends):
        if _valid_uk_phone(candidate[:end]):
            return end
    return 0


def _phones(text: str) -> list[Finding]:
    found, pos = [], 0
    while (m := _PHONE.search(text, pos)) is not None:
        length = _longest_phone(m.group())
        if length:
            found.append(_finding(PHONE, text, m.start(), m.start() + length))
            pos = m.start() + length
        else:
            pos = m.start() + 1
    return found


# ---------------------------------------------------------------- postcodes

_POSTCODE = re.compile(r"(?<!\w)([A-Z]{1,2}\d[A-Z\d]?)[ \t]?(\d[ABD-HJLNP-UW-Z]{2})(?!\w)", re.I)


_WARD_BEFORE = re.compile(r"\b(?:ward|bay|room|bed|block|level|wing|unit)\s+$", re.I)


def _postcodes(text: str) -> list[Finding]:
    found = []
    for m in _POSTCODE.finditer(text):
        inward = m.group(2)
        # "Ward B3 2nd floor": after a ward or bay code, an ordinal is no inward code
        if (
            inward[1:].lower() in {"st", "nd", "rd", "th"}
            and not inward.isupper()
            and _WARD_BEFORE.search(text, max(0, m.start() - 8), m.start())
        ):
            continue
        found.append(_finding(POSTCODE, text, m.start(), m.end()))
    return found


# ----------------------------------------------------------- dates of birth

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    rf"|\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH},?\s+\d{{2,4}}"
    rf"|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|{_MONTH},?\s+\d{{4}}"
    r"|(?:19|20)\d{2}"
    rf"|\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH}"
    rf"|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD})"
)
# A date right after "DOB", "date of birth", "born (on|in)", "birthday".
# An ordinary date ("seen on 3 March") has no such cue: generalise.py shows it as its month.
_DOB = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b|\bbirthday\b)"
    r"[\s:=\-–(),]*(?:(?:is|was|on|in|of|the)\s+)*"
    rf"(?P<date>{_DATE})(?![\w/])",
    re.I,
)


def _dates_of_birth(text: str) -> list[Finding]:
    return [_finding(DATE_OF_BIRTH, text, m.start("date"), m.end("date")) for m in _DOB.finditer(text)]


# --------------------------------------------------------- hospital numbers

_HOSP_ID = r"(?:[A-Z]{1,4}[ \-]?)?\d(?:[ \-]?\d){4,11}[A-Z]?"
_HOSP_BEFORE = re.compile(
    r"(?:\b(?:hospital|hosp|unit|case|medical\s+records?|records?|patient|clinic|pas)"
    r"\s*(?:no\b\.?|num\b\.?|number|#|id\b|ref\b)|\bMRN\b|\bM\.R\.N\b\.?)"
    rf"[\s:=#\-–(]*(?:(?:is|was|of)\s+)*(?P<id>{_HOSP_ID})(?!\w)",
    re.I,
)
_HOSP_AFTER = re.compile(
    rf"(?<!\w)(?P<id>{_HOSP_ID})(?!\w)(?=[\s,)]+(?:[\w']+\s+){{0,3}}?"
    r"(?:wrist\s?band|hospital\s+(?:number|no\b)|MRN\b))",
    re.I,
)
# A hospital-number shape needs no context: capital letters then 6-9 digits
# (RHQ1234567, K1234567) is an identifier of some kind in feedback text.
_HOSP_SHAPE = re.compile(r"(?<!\w)[A-Z]{1,3}\d{6,9}(?!\w)")


def _hospital_numbers(text: str) -> list[Finding]:
    found = [
        _finding(HOSPITAL_NUMBER, text, m.start("id"), m.end("id"))
        for pattern in (_HOSP_BEFORE, _HOSP_AFTER)
        for m in pattern.finditer(text)
    ]
    found += [_finding(HOSPITAL_NUMBER, text, m.start(), m.end()) for m in _HOSP_SHAPE.finditer(text)]
    return found
