"""Street addresses: a house number, the street's words and type, the town after it;
streets without a number ("of Orchard Road"), flats in named buildings ("Flat 3 The
Willows, Crookes"), named houses ("Rose Cottage") and places where someone lives
("lives at The Willows"), with the locality after them. A provider named after its
street is kept: "Orchard Road Surgery"."""

from __future__ import annotations

import re

from .findings import ADDRESS, Finding, _finding
from .words import _STRONG_PLACES_OF_CARE, _WEAK_PLACES_OF_CARE, _Lexicon, _lexicon

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
    found = _numbered(text, lex)
    for pattern in (_FLAT, _NAMED_STREET, _LOWER_STREET, _NAMED_HOUSE, _RESIDENCE):
        for m in pattern.finditer(text):
            start, end = m.span("addr")
            if _kept_provider(text, end) or not _street_words_ok(m.group("addr"), lex, strict=True):
                continue
            found.append(_finding(ADDRESS, text, start, _town_end(text, end, lex)))
    return found


def _numbered(text: str, lex: _Lexicon) -> list[Finding]:
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


def _street_words_ok(words: str, lex: _Lexicon, strict: bool = False) -> bool:
    parts = words.split()
    for k, word in enumerate(parts):
        low = word.lower().rstrip(".,")
        if strict and k == 0 and low == "the":
            continue  # "The Willows", "The Crescent"
        if (low in lex.function or low in _TIME_WORDS) and low not in _STREET_WORDS:
            return False
        if strict and (low in _NOT_STREET or low in _STRONG_PLACES_OF_CARE):
            return False
    return True


def _kept_provider(text: str, end: int) -> bool:
    """ "Orchard Road Surgery", "Park Lane Medical Centre": a provider, kept."""
    after = re.match(r"[ \t]+((?:[A-Z][\w'’]*[ \t]+){0,2}[A-Za-z][\w'’]*)", text[end : end + 60])
    if not after:
        return False
    words = after.group(1).lower().split()
    return any(w in _STRONG_PLACES_OF_CARE or w in _WEAK_PLACES_OF_CARE for w in words)


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
    after_comma = m.group().lstrip().startswith(",")
    if after_comma and all(w[:1].isupper() and w.lower() not in lex.function for w in words):
        return m.end()  # "Rose Cottage, Little Hucklow"
    return end


_TIME_WORDS = frozenset(
    "second seconds minute minutes min mins hour hours hr hrs day days week weeks "
    "month months year years time times tablets mg ml beds patients people staff".split()
)


# Without a house number only the unambiguous street types count.
_PLAIN_TYPES = (
    "street|road|lane|avenue|close|crescent|drive|grove|gardens|terrace|mews|square|walk|"
    "rise|parade|chase|wharf|croft|fold|vale|way|court|place|row|hill|view"
)
_CAP = r"(?:[A-Z][\w'’\-]*|St\.?)"
# "of Orchard Road", "Kirkstall Lane, Leeds": capitalised words and a capitalised type.
_NAMED_STREET = re.compile(
    rf"(?<![\w'’])(?P<addr>(?:The\s+)?(?:{_CAP}\s+){{0,2}}(?!The\b){_CAP}\s+"
    rf"(?:{_PLAIN_TYPES.replace('|', '|').title()}))(?![\w'’])"
)
# "lives on orchard road", "from the top of meadow lane": lower case after a preposition.
_LOWER_STREET = re.compile(
    r"\b(?:on|of|off|along|near|in|at|from|to|down|up|round)\s+"
    r"(?!(?:the|a|an|my|our|his|her|their|this|that|same|main|other|wrong|busy|long|full|plain|clear|"
    r"public|point|sea|good|better|best|no|any|each|every|whose|its|your|one|own)\b)"
    rf"(?P<addr>(?:[a-z][a-z'’\-]+\s+){{1,2}}(?:{_PLAIN_TYPES}))\b"
)
_BUILDING = rf"(?:The\s+)?(?:{_CAP}\s+){{0,3}}{_CAP}"
# "Flat 3 The Willows", "Apartment 12, Kelham Wharf", "flat 2b Orchard Court".
_FLAT = re.compile(
    rf"(?P<addr>\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?)\s*\d{{1,4}}[A-Za-z]?\b"
    rf"(?:\s*,?\s+{_BUILDING})?)"
)
# "Rose Cottage", "Holly Tree Farm": houses with names that say they are houses.
_NAMED_HOUSE = re.compile(
    rf"(?P<addr>\b(?:{_CAP}\s+){{1,3}}(?:Cottage|Cottages|Farm|Farmhouse|Barn|Bungalow|Villa|"
    r"Smithy|Forge|Granary|Stables|Oast|Lodge|Mill\s+House|Coach\s+House|Old\s+Rectory|Vicarage))(?![\w'’])"
)
# "lives at The Willows", "her address is Highfield House": named places someone lives at.
_RESIDENCE = re.compile(
    r"\b(?:lives?|lived|living|resides?|residing|stays?|staying|stayed|moved|address\s+is|"
    r"home\s+is|house\s+is|flat\s+is)\s+(?:at|to|on|in|is)?\s*"
    rf"(?P<addr>(?:The\s+{_CAP}(?:\s+{_CAP}){{0,2}})|(?:{_CAP}\s+){{0,2}}(?:House|Lodge|Hall|Manor|"
    r"Court|Heights|Gardens|Mansions|Buildings|Towers|Place|View))(?![\w'’])"
)
# Capitalised words that start a sentence or name something else, not a street.
_NOT_STREET = frozenset(
    "i we he she they it my our his her their this that when then after before on in at "
    "during yesterday today monday tuesday wednesday thursday friday saturday sunday".split()
)
