"""Identifiers people write so that a pattern will not see them, and those in
formats the UK patterns do not know: spelled-out e-mail addresses ("jo dot
bloggs at gmail dot com"), phone numbers in words or mixed digits ("oh seven
seven double-oh 900 456"), numbers in any country's format after a written
country code (``phonenumbers``' matcher, loaded only for such a text), social
media handles and profile addresses, vehicle registrations."""

from __future__ import annotations

import re

from .findings import EMAIL, PHONE, SOCIAL_MEDIA, VEHICLE, Finding, _finding

# ------------------------------------------------------ spelled-out e-mail

_DOT = r"(?:\s*(?:\.|[(\[{<]\s*dot\s*[)\]}>]|\bdot\b)\s*)"
_AT = r"(?:\s*(?:@|[(\[{<]\s*at\s*[)\]}>]|\bat\b)\s*)"
_TLD = r"(?:com|net|org|uk|co|ac|gov|nhs|io|me|info|biz|ie|edu|email|online|live|scot|wales)"
_SPELLED_EMAIL = re.compile(
    rf"(?<![\w.])[A-Za-z0-9][\w%+\-]*(?:(?:{_DOT}|\s*(?:_|-|\bunderscore\b|\bdash\b|\bhyphen\b)\s*)"
    rf"[A-Za-z0-9][\w%+\-]*)*{_AT}[A-Za-z0-9][\w\-]*(?:{_DOT}[A-Za-z0-9][\w\-]*)*{_DOT}{_TLD}\b",
    re.I,
)
# An ordinary sentence can look like one ("arrived at Leeds dot com"? no, but
# "waited at home. Com..." can): the local part must not be a function word.
_NOT_LOCAL = frozenset("i we he she they it was were is be been arrived left stayed waited".split())


def spelled_emails(text: str) -> list[Finding]:
    low = text.lower()
    if "dot" not in low and "@" not in low and "(at)" not in low:
        return []
    found = []
    for m in _SPELLED_EMAIL.finditer(text):
        local = re.split(_AT, m.group(), maxsplit=1, flags=re.I)[0].strip().lower()
        if local.split()[-1] in _NOT_LOCAL:
            continue
        found.append(_finding(EMAIL, text, m.start(), m.end()))
    return found


# -------------------------------------------------------- phones in words

_DIGIT_WORDS = {
    "oh": "0", "o": "0", "zero": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
    "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
_HUNDREDS = {"hundred": "00", "thousand": "000"}  # "one nine hundred"
_SPOKEN_UNIT = (
    r"(?:(?:double|triple|treble)[\s\-]*)?"
    r"(?:oh|o|zero|nought|nil|one|two|three|four|five|six|seven|eight|nine|hundred|thousand|\d+)"
)
_UNIT = re.compile(
    r"double|triple|treble|hundred|thousand|zero|nought|nil|one|two|three|four|five|six|seven|"
    r"eight|nine|oh|o|\d+"
)
_SPOKEN = re.compile(rf"(?<![\w+])(?:\+\s*)?{_SPOKEN_UNIT}(?:[\s,.\-]{{0,3}}{_SPOKEN_UNIT})+(?![\w])", re.I)


def _spoken_digits(run: str) -> str | None:
    """The digits a run of number words stands for, or None if it has no words."""
    digits, repeat, words = [], 1, False
    for part in _UNIT.findall(run.lower()):
        if part in _HUNDREDS:
            digits.append(_HUNDREDS[part])
            words = True
            continue
        if part in _REPEAT:
            repeat, words = _REPEAT[part], True
            continue
        if part.isdigit():
            digits.append(part[0] * repeat + part[1:])
        else:
            digits.append(_DIGIT_WORDS[part] * repeat)
            words = True
        repeat = 1
    return "".join(digits) if words else None


def spoken_phones(text: str) -> list[Finding]:
    found = []
    for m in _SPOKEN.finditer(text):
        digits = _spoken_digits(m.group())
        if digits is None:
            continue
        if (digits.startswith("0") and 10 <= len(digits) <= 11) or (
            digits.startswith("44") and 11 <= len(digits) <= 12
        ):
            found.append(_finding(PHONE, text, m.start(), m.end()))
    return found


# ------------------------------------------------- phones in any format

# A country code written out: "+33 1 ...", "0049 30 ...", "(+1) 415 ...". UK numbers written
# nationally are the UK patterns' (patterns.py); another country's number written without its
# code cannot be told from other digits, so the matcher runs only where a code is written.
_COUNTRY_CODE = re.compile(r"(?:\+|(?<!\d)00)[ \t]*\(?[1-9]")


def international_phones(text: str) -> list[Finding]:
    """Numbers after a written country code, in any country's format (``phonenumbers``)."""
    if _COUNTRY_CODE.search(text) is None:
        return []
    import phonenumbers  # 0.2 s to import: only for texts that may hold such a number

    # Possible (the right length for the country's plan) is enough once a country code is
    # written: a number no operator has been given yet was still meant as a phone number.
    return [
        _finding(PHONE, text, m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
        if m.raw_string.lstrip("( ").startswith(("+", "00"))
    ]


# ------------------------------------------------------------ social media

_HANDLE = re.compile(r"(?<![\w@.\-/])@\w(?:[\w.]{0,28}\w)?(?![\w@])")
_PLATFORMS = (
    r"(?:facebook|fb|instagram|twitter|x|tiktok|linkedin|youtube|snapchat|threads|reddit|"
    r"pinterest|tumblr|bsky|mastodon\.social|linktr|github|medium|vimeo|twitch|t)"
)
_PROFILE_URL = re.compile(
    rf"(?<![\w.])(?:https?://)?(?:(?:www|m|mobile|uk)\.)?{_PLATFORMS}\.(?:com|net|me|app|ee|co|social)"
    r"/[^\s,;)\]]+",
    re.I,
)
_PLATFORM_NAMES = r"(?:instagram|insta|ig|twitter|tiktok|snapchat|snap|facebook|fb|x|threads|bluesky)"
# "she's jane_smith88 on instagram", "my insta is jsmith_77"
_NAMED_HANDLE = re.compile(
    rf"(?P<id>[A-Za-z][\w.\-]*[_.0-9][\w.\-]*)\s+on\s+{_PLATFORM_NAMES}\b"
    rf"|\b{_PLATFORM_NAMES}\s+(?:is|handle|name|account|username)\s*(?:is\s+)?:?\s*@?"
    r"(?P<id2>[A-Za-z0-9_.]{3,30})"
    # "insta: kemal.ozturk_", "snap - jas_k99": a platform, a colon or dash, the account
    rf"|\b{_PLATFORM_NAMES}\s*[:\-–]\s*@?(?P<id3>[A-Za-z0-9_.]*[A-Za-z0-9_][A-Za-z0-9_.]*)",
    re.I,
)


def social_media(text: str) -> list[Finding]:
    found = [_finding(SOCIAL_MEDIA, text, m.start(), m.end()) for m in _PROFILE_URL.finditer(text)]
    if "@" in text:
        found += [_finding(SOCIAL_MEDIA, text, m.start(), m.end()) for m in _HANDLE.finditer(text)]
    for m in _NAMED_HANDLE.finditer(text):
        group = "id" if m.group("id") else "id2" if m.group("id2") else "id3"
        found.append(_finding(SOCIAL_MEDIA, text, m.start(group), m.end(group)))
    return found


# -------------------------------------------------- vehicle registrations

# Current (2001-): two letters, two digits, three letters ("KT19 XRA"), any case.
_REG_CURRENT = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}[ \t]?[A-Z]{3}(?![\w-])", re.I)
# Prefix (1983-2001) and suffix (1963-1983) formats, in capitals only: "P123 ABC", "ABC 123D".
_REG_OLD = re.compile(r"(?<![\w-])(?:[A-HJ-NP-Y]\d{1,3}[ \t]?[A-Z]{3}|[A-Z]{3}[ \t]?\d{1,3}[A-HJ-NP-Y])(?![\w-])")
_REG_CONTEXT = re.compile(r"\b(?:reg|registration|number\s*plate|plate|car|van|vehicle)\b", re.I)


def vehicle_registrations(text: str) -> list[Finding]:
    found = [_finding(VEHICLE, text, m.start(), m.end()) for m in _REG_CURRENT.finditer(text)]
    for m in _REG_OLD.finditer(text):
        if _REG_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            found.append(_finding(VEHICLE, text, m.start(), m.end()))
    return found
