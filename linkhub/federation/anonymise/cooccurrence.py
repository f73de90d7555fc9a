"""Names found by co-occurrence, whatever their case: a given name then a
surname-like word ("joanne whitfield", "Faith Okonkwo"), a word in no list
before a surname ("iolo warsame"), a frequent given name that is no English
word ("dev"), and the words after which a name follows ("patient", "told",
"Re:", "carer for"). The base of the name finder in ``names``."""

from __future__ import annotations

from .context import _Words
from .words import (
    _AFTER_NAME,
    _CHAT,
    _CONTEXT_PAIRS,
    _CONTEXT_WORDS,
    _HEADINGS,
    _KEEP,
    _LOWER_NAME_MIN,
    _NAME_CUES,
    _PARTICLES,
    _PERSON_CONTEXT,
    _ROLES,
)


class _Pairs(_Words):
    """Co-occurrence rules over the words of one text."""

    def _surname(self, low: str) -> bool:
        """A census or listed surname, or a double-barrelled one ("al-sayed", "eze-okafor")."""
        lex = self.lex
        if low in lex.surnames or lex.family_count.get(low, 0) >= 100:
            return True
        parts = low.split("-")
        return len(parts) > 1 and all(
            p in _PARTICLES or p in lex.surnames or lex.family_count.get(p, 0) >= 100 for p in parts
        )

    def _unknown_word(self, tok) -> bool:
        """In no list at all: not a word, not a place, not a known name."""
        lex = self.lex
        return not (
            tok.low in lex.dictionary
            or tok.low in lex.places
            or tok.low in lex.common
            or self._known_name(tok)
            or self._shouted(tok)
            or len(tok.low) < 3
        )

    def _context_word(self, i: int) -> bool:
        """ "patient rose bellamy", "told joanne", "Re: Siobhan", "carer for dev"."""
        tok = self.toks[i]
        if tok.low in _HEADINGS:
            # "Re: ...", "RE - ...", "Subject: ...", "FAO ...": a heading naming someone
            after = self.text[tok.end : tok.end + 3].lstrip(" ")[:1]
            return after in (":", "-", "–") or (tok.low in ("fao", "attn") and not after)
        if tok.low in _CONTEXT_WORDS:
            return True
        return (self._word(i - 1), tok.low) in _CONTEXT_PAIRS

    def _lower_unknown(self, i: int) -> bool:
        """A lower-case word that no dictionary, place or kept list holds: in a place
        where names go ("thanks to mhairi", "my lad baz", "bronwen's idea") it is one."""
        tok, lex = self.toks[i], self.lex
        low = tok.low
        shouted = len(tok.text) > 2 and tok.text.isupper() and any(c in "aeiouy" for c in low)
        return (
            (not tok.cap or shouted)
            and len(low) > 1
            and not self.hard[i]
            and (not self.soft[i] or shouted)
            and low not in lex.dictionary
            and low not in lex.common
            and low not in lex.places
            and low not in _CHAT
            and low not in _KEEP
            and not low.endswith(("n't", "'ll", "'ve", "'re", "'d", "'m"))
            and not all(p in lex.dictionary for p in low.split("-"))
        )

    def _lower_given_name(self, i: int) -> bool:
        """A lower-case word that is a frequent given name and no English word."""
        tok, lex = self.toks[i], self.lex
        return (
            not tok.cap
            and len(tok.low) > 2
            and not (self.hard[i] or self.soft[i])
            and tok.low not in lex.dictionary
            and tok.low not in lex.places
            and lex.given_count.get(tok.low, 0) >= _LOWER_NAME_MIN
        )

    def _name_pair(self, i: int) -> bool:
        """Co-occurrence: a given name then a surname-like word, in any case:
        "joanne whitfield", "Faith Okonkwo", "rose bellamy", "Ngozika Eze"."""
        j = self._next(i)
        if j is None or self.hard[i] or self.hard[j]:
            return False
        first, last, lex = self.toks[i], self.toks[j], self.lex
        if self.soft[j] and not self._place_surname(i, j):
            return False
        if first.cap != last.cap or self._shouted(first) or self._shouted(last):
            return False
        if last.low in lex.dictionary or last.low in _ROLES or len(last.low) < 2:
            return False
        surname_like = self._surname(last.low) or (
            last.cap and last.low not in lex.places and last.low not in lex.extra
        )
        known_first = first.low in lex.first or lex.given_count.get(first.low, 0) >= 200
        if not surname_like and not first.cap and known_first and first.low not in lex.dictionary:
            # "joanne lindqvist": a given name that is no word, then a word in no list
            surname_like = self._unknown_word(last) and not last.possessive
        if not surname_like:
            return False
        if first.low in _AFTER_NAME or first.low in _CONTEXT_WORDS or first.low in _NAME_CUES:
            return False  # "rang gemma", "told joanne": verbs, not given names
        if not first.cap and first.low in lex.word_names and lex.given_count.get(first.low, 0) < 1000:
            return False
        if first.low in _PERSON_CONTEXT or first.low in lex.function:
            return False  # "Sister Jones" is a title and a name, "the Smiths" no pair
        if (
            first.low in lex.dictionary
            and first.low not in lex.word_names
            and lex.given_count.get(first.low, 0) < 1000
            and not (self._barrelled(last.low) and lex.given_count.get(first.low, 0) >= 200)
        ):
            return False
        if first.low in lex.first or lex.given_count.get(first.low, 0) >= 200:
            return (
                not self.soft[i]
                or first.low in lex.word_names
                or self._barrelled(last.low)
                or self._place_given_name(i, j)
            )
        if not first.cap and self._surname(last.low) and self._unknown_word(first):
            return first.low not in _KEEP  # "iolo warsame": a given name no list holds
        # two capitalised words that are in no list: a name from elsewhere
        return (
            first.cap
            and not self.soft[i]
            and first.low not in lex.dictionary
            and first.low not in lex.places
            and last.low not in lex.extra
            and not last.possessive
        )

    def _place_given_name(self, i: int, j: int) -> bool:
        """ "beverley dubois", "Chelsea Okafor": a frequent given name that is also a place,
        then a surname that is no word and no place."""
        first, last, lex = self.toks[i], self.toks[j], self.lex
        return (
            first.low in lex.places
            and first.low not in _KEEP
            and lex.given_count.get(first.low, 0) >= 1000
            and (self._surname(last.low) or self._unknown_word(last))
            and last.low not in lex.dictionary
            and last.low not in lex.places
        )

    def _barrelled(self, low: str) -> bool:
        """ "fenwick-stewart", "chowdhury-reid": two surnames joined."""
        parts = low.split("-")
        return len(parts) == 2 and all(self.lex.family_count.get(p, 0) >= 100 or p in self.lex.surnames for p in parts)

    def _place_surname(self, i: int, j: int) -> bool:
        """ "then angharad sowerby said": a given name no dictionary holds, then a
        surname that is also a place, then what follows a name."""
        first, last, lex = self.toks[i], self.toks[j], self.lex
        return (
            last.low in lex.places
            and last.low not in _KEEP
            and first.low in lex.first
            and first.low not in lex.dictionary
            and first.low not in lex.places
            and lex.family_count.get(last.low, 0) >= 100
            and self._word(j + 1) in _AFTER_NAME
        )

    def _unknown_then_surname(self, j: int) -> bool:
        """After a context word, a word in no list then a surname: "told min-jun morales"."""
        k = self._next(j)
        if k is None or self.hard[j] or self.soft[j] or self.hard[k] or self.soft[k]:
            return False
        first, last, lex = self.toks[j], self.toks[k], self.lex
        return (
            first.low not in lex.dictionary
            and first.low not in lex.function
            and last.low not in lex.dictionary
            and self._surname(last.low)
        )
