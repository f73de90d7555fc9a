"""Street addresses: a house number, the street's words and type, the town after it."""

from __future__ import annotations

import re

from .findings import ADDRESS, Finding, _finding
from .words import _Lexicon, _lexicon

_STREET_TYPES = (
    "street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|crescent|cres|court|ct|"
    "place|pl|grove|gardens|gdns|terrace|walk|mews|row|hill|park|view|rise|square|sq|"
    "green|parade|vale|croft|fold|gate|mount|bank|boulevard|chase|meadows?|wharf|yard|"
    "lea|brow|heights|end|approach|side|wynd|garth"
)
# A house number (maybe after "Flat 3,") and one to three words ending in a
# street type: "12 Acacia Avenue", "Flat 3, 45 High Street".
_ADDRESS = re.compile(
    r"(?<!\w)(?=flat|apartment|apt|\d)"
    r"(?:(?:flat|apartment|apt)\.?\s*\d+[a-z]?\s*,?\s+)?"
    r"(?:\d{1,4}[a-z]?(?:\s*[-–]\s*\d{1,4}[a-z]?)?\s*,?\s+)?"
    rf"(?P<words>(?:[a-z][\w'’.\-]*\s+){{1,3}})(?:{_STREET_TYPES})\b",
    re.I,
)
# The town after a street: one to three words ("Newcastle upon Tyne"), letters only.
_TOWN = re.compile(
    r"(?:,\s*|\s+)"
    r"([^\W\d_][^\W\d_'’\-]*(?:[ \-](?:upon[ \-]|on[ \-]|le[ \-])?[A-Z][^\W\d_'’\-]*){0,2})"
    r"(?![\w'’\-])"
)
# Lower-case words a street name may be made of although they are common words.
_STREET_WORDS = frozenset(
    "high church station park green hill mill old new main north south east west long "
    "little queen queen's king king's victoria market school bridge the".split()
)


def _addresses(text: str) -> list[Finding]:
    lex = _lexicon()
    found, pos = [], 0
    while (m := _ADDRESS.search(text, pos)) is not None:
        head = m.group()[: m.start("words") - m.start()]
        if any(c.isdigit() for c in head) and _street_words_ok(m.group("words"), lex):
            end = _town_end(text, m.end(), lex)
            found.append(_finding(ADDRESS, text, m.start(), end))
            pos = end
        else:
            pos = m.start() + 1
    return found


def _street_words_ok(words: str, lex: _Lexicon) -> bool:
    for word in words.split():
        low = word.lower().rstrip(".")
        if (low in lex.function or low in _TIME_WORDS) and low not in _STREET_WORDS:
            return False
    return True


def _town_end(text: str, end: int, lex: _Lexicon) -> int:
    """Extend an address over the town after it ("14 Church Lane, Sheffield")."""
    m = _TOWN.match(text, end)
    if not m:
        return end
    words = re.split(r"[ \-]", m.group(1))
    if all(w.lower() in lex.places for w in words if w[0].isupper() or w.islower()):
        return m.end()
    if all(w[:1].isupper() and w.lower() not in lex.common for w in words):
        return m.end()
    return end


_TIME_WORDS = frozenset(
    "second seconds minute minutes min mins hour hours hr hrs day days week weeks "
    "month months year years time times tablets mg ml beds patients people staff".split()
)

