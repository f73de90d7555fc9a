"""Names written in lower case ("told joanne whitfield to go home"): a lower-case word is a
name only with a cue beside it (a relation, a role, "called", a thanking verb) or when it pairs
with a listed surname; mixed into the name finder (names.py)."""

from __future__ import annotations

from .words import (
    _AFTER_NAME,
    _CUE_PAIRS,
    _CUE_WORDS,
    _KEEP,
    _LOWER_CUE_PAIRS,
    _LOWER_CUE_WORDS,
    _NAME_CUES,
    _NOT_LOWER_NAMES,
    _RELATIONS,
    _ROLES,
    _STATIONED,
    _STATIONED_THE,
)


class _LowerCaseNames:
    """Methods of the name finder (its tokens, flags and look-ups) for lower-case names."""

    def _lower_word_pair(self, j: int) -> bool:
        """After a context word, a lower-case given name (maybe also a word) then a
        surname (maybe also a word): "patient hope strong", "my nan blessing rice"."""
        k = self._next(j)
        if k is None or self.toks[j].cap or self.toks[k].cap or self.hard[k] or self.soft[k]:
            return False
        first, last, lex = self.toks[j].low, self.toks[k].low, self.lex
        if first in lex.function or last in lex.function or last in _AFTER_NAME or last in _NAME_CUES:
            return False
        if last in _ROLES or last in _RELATIONS or self.toks[k].possessive and last in lex.dictionary:
            return False
        if first in _AFTER_NAME or first in _NAME_CUES or first in lex.common and first not in lex.word_names:
            return False
        given = first in lex.first or lex.given_count.get(first, 0) >= 100
        surname = self._surname(last) or lex.family_count.get(last, 0) >= 100
        unknown = self._lower_unknown(k)
        if not ((given and (surname or unknown)) or (surname and last not in lex.dictionary)):
            return False  # "patient hope strong", "patient clay copperwheat", "paramedic clemency diallo"
        # "staff will tell you" is no name: the pair must be followed by what follows a name
        after = self.toks[k + 1].gap.strip() if k + 1 < len(self.toks) else "."
        return after[:1] in (".", ",", "!", "?", ";", ":", "(", "-") or self._word(k + 1) in _AFTER_NAME

    def _lower_cued(self, i: int) -> bool:
        """A lower-case word in no dictionary where a name goes: "thanks to mhairi",
        "oluwatobi's tablets", "sully from the day centre", "kudzai said"."""
        if not self._lower_unknown(i):
            return self._lower_thanked(i)
        tok = self.toks[i]
        if tok.possessive:
            return True
        prev = self._word(i - 1)
        if "\n" not in tok.gap and tok.gap.strip() in ("", ","):
            if (self._word(i - 2), prev) in _LOWER_CUE_PAIRS or prev in _LOWER_CUE_WORDS:
                return True
        if self._next(i) is None:
            return False
        after = self._word(i + 1)
        if after in ("on", "at", "from"):
            nxt = self._word(i + 2)
            return nxt in _STATIONED or (nxt == "the" and self._word(i + 3) in _STATIONED_THE)
        if after in ("and", "is", "has", "had", "then", "just", "really", "always", "also", "never"):
            return False
        return (after in _AFTER_NAME or after in _NAME_CUES) and len(tok.low) > 2

    def _lower_thanked(self, i: int) -> bool:
        """ "big thanks to kit!!", "cheers sully xx": a frequent given name that is also a
        word, thanked, and nothing after it but an exclamation or kisses."""
        tok, lex = self.toks[i], self.lex
        prev = self._word(i - 1)
        if (self._word(i - 2), prev) not in _CUE_PAIRS and prev not in _CUE_WORDS:
            return False  # the common case first
        if tok.cap or self.hard[i] or self.soft[i] or lex.given_count.get(tok.low, 0) < 1000:
            return False
        if tok.low in lex.common or tok.low in _NOT_LOWER_NAMES or "\n" in tok.gap or tok.gap.strip():
            return False
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        return nxt is None or "!" in nxt.gap or (nxt.low in ("x", "xx", "xxx") and not nxt.gap.strip())

    def _lower_full_name(self, j: int) -> bool:
        """ "my wife peace akinwale was": a lower-case word, then a known name, then a verb."""
        k = j + 1
        if k >= len(self.toks) or self.toks[j].cap or self.toks[k].cap or self._next(j) is None:
            return False
        first, last = self.toks[j], self.toks[k]
        return (
            (first.low in self.lex.word_names or first.low in self.lex.extra)
            and self._known_name(last)
            and not self._common(last)
            and self._word(k + 1) in _AFTER_NAME
        )

    def _lower_name_before_verb(self, j: int) -> bool:
        """ "my nan dimitra was seen", "my partner may has been": an unknown
        lower-case word after a relation word, followed by what a name is."""
        tok = self.toks[j]
        if (tok.cap and not self._shouted(tok)) or self.hard[j] or self._word(j + 1) not in _AFTER_NAME:
            return False  # "my husband PEREGRINE was", "my mum FAITH was" count as lower case
        if self.soft[j] and not (self._shouted(tok) and tok.low not in _KEEP and len(tok.low) > 2):
            return False
        if tok.low in self.lex.first:
            return True
        if tok.low in self.lex.word_names and tok.low not in _NOT_LOWER_NAMES:
            return self.lex.given_count.get(tok.low, 0) >= 1000  # "my step-son mark was admitted"
        return not (self._common(tok) or tok.low.endswith(("ly", "n't")) or len(tok.low) < 3)
