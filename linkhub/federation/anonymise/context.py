"""The words of one text and what protects them from being taken for names:
provider and place-of-care names, ward codes, places, other identifiers."""

from __future__ import annotations

from .findings import Finding
from .words import (
    _CUE_PAIRS,
    _KEEP,
    _NOT_LOWER_NAMES,
    _PERSON_CONTEXT,
    _PLACE_PREPOSITIONS,
    _ROLES,
    _STRONG_PLACES_OF_CARE,
    _TITLE_WORDS,
    _WEAK_PLACES_OF_CARE,
    _Tok,
    _lexicon,
    _tokenise,
)


# Places of care named after people ("Florence Ward", "Nightingale Wing"), and the
# words before them that say a place follows.
_PERSON_NAMED_PLACES = frozenset("ward wing unit suite".split())
_WARD_BEFORE = frozenset("on onto to in into from off the".split())


class _Words:
    """One text as words, with what each word can be: the base of the name finder.

    ``hard`` marks words that are never a name (provider names, other identifiers),
    ``soft`` words that are a name only after a title (places, kept terms).
    """

    def __init__(self, text: str, structured: list[Finding]):
        self.text = text
        self.lex = _lexicon()
        self.toks = _tokenise(text)
        n = len(self.toks)
        self.name = [False] * n  # word is part of a name
        self.hard = [False] * n  # never a name: provider name, other identifier
        self.soft = [False] * n  # a place or kept term: a name only after a title
        self._protect(structured)

    # --- what one word is

    def _gazetteer(self, tok: _Tok) -> bool:
        lex, low = self.lex, tok.low
        if low in lex.first or low in lex.surnames:
            return True
        if low.endswith(("ska", "cka")) and low[:-1] + "i" in lex.surnames:
            return True  # Polish feminine surnames: Kowalska, Nowicka
        parts = low.split("-")
        return len(parts) > 1 and all((p in lex.first or p in lex.surnames) and p not in lex.common for p in parts)

    def _known_name(self, tok: _Tok) -> bool:
        """In the hand-written lists or, a weaker sign, in Faker's."""
        return self._gazetteer(tok) or tok.low in self.lex.extra

    def _common(self, tok: _Tok) -> bool:
        common = self.lex.common
        if tok.low in common:
            return True
        parts = tok.low.split("-")
        if len(parts) > 1 and all(len(p) <= 4 and self.lex.given_count.get(p, 0) >= 1000 for p in parts):
            return False  # "Min-jun", "Ji-woo": given names made of short names, not words
        return all(p in common for p in parts)

    def _shouted(self, tok: _Tok) -> bool:
        return tok.shouted

    def _candidate(self, i: int, strong: bool = False) -> bool:
        """Could word i be a name, given a context that says a name follows?
        In a strong context ("a nurse called Hope") a word that is also a name will do,
        unless a kept term follows ("thanks to Long Covid clinic")."""
        tok = self.toks[i]
        if self.hard[i] or tok.low in _ROLES or tok.low in _TITLE_WORDS:
            return False
        if tok.cap:
            if self._common(tok):
                kept_follows = i + 1 < len(self.toks) and (self.soft[i + 1] or self.hard[i + 1])
                return strong and tok.low in self.lex.word_names and not kept_follows and not self._shouted(tok)
            return self._gazetteer(tok) or not self.soft[i]
        # lower case ("my son ryan"): only a known given name
        return (tok.low in self.lex.first or tok.low in self.lex.extra) and tok.low not in _NOT_LOWER_NAMES

    def _next(self, i: int, allow_comma: bool = False) -> int | None:
        """Index of the word after word i if only spacing (or a comma) separates them."""
        j = i + 1
        if j >= len(self.toks):
            return None
        raw = self.toks[j].gap
        gap = raw.strip()
        if "\n" in raw:
            return None  # a line break ends a name ("Re: Jo Bloggs\nWill someone...")
        return j if gap == "" or (allow_comma and gap in (",", "(", "-", "–", ":")) else None

    def _word(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    # --- protection

    def _protect(self, structured: list[Finding]) -> None:
        toks, lex = self.toks, self.lex
        for i, tok in enumerate(toks):
            if any(f.start < tok.end and tok.start < f.end for f in structured):
                self.hard[i] = True
            elif tok.low in lex.places or tok.low in _KEEP:
                self.soft[i] = True
            elif self._shouted(tok) and (len(tok.text) < 4 or not self._gazetteer(tok)):
                self.soft[i] = True  # CQC, CAMHS, ICU
            if tok.text in ("A", "E") and "A&E" in self.text[max(0, tok.start - 2) : tok.end + 2]:
                self.hard[i] = True  # "A&E" is two words to the tokeniser
            if i and toks[i - 1].low in ("st", "saint") and tok.cap:
                self.soft[i] = True  # "St Mary's", "St James"
        self._protect_places_of_care()
        self._protect_named_places()
        self._protect_ward_codes()

    def _protect_places_of_care(self) -> None:
        for i, tok in enumerate(self.toks):
            strong = tok.low in _STRONG_PLACES_OF_CARE
            if tok.cap and (strong or tok.low in _WEAK_PLACES_OF_CARE):
                start = self._place_of_care_start(i, strong)
                if not strong and self._word(start - 1) in _PERSON_CONTEXT:
                    continue  # "my nan Xiaoling Ward", "Mrs Ward"
                if start < i or strong:
                    for k in range(start, i + 1):
                        self.hard[k] = True

    def _protect_named_places(self) -> None:
        """ "the Victoria wing", "the Osborn unit": a capitalised word between
        "the" and a place-of-care word in lower case names the place."""
        for i, tok in enumerate(self.toks):
            nxt = self._word(i + 1)
            if (
                tok.cap
                and self._word(i - 1) == "the"
                and self._next(i) is not None
                and not self.toks[i + 1].cap
                and (nxt in _STRONG_PLACES_OF_CARE or nxt in _WEAK_PLACES_OF_CARE)
            ):
                self.hard[i] = True

    def _place_of_care_start(self, i: int, strong: bool) -> int:
        """First word of the provider name that ends at word i."""
        toks, lex = self.toks, self.lex
        start = i
        while start > 0 and i - start < 6 and toks[start].gap.strip() in ("", "&") and "\n" not in toks[start].gap:
            prev = toks[start - 1]
            if not prev.cap or prev.low in lex.function:
                break
            if not strong and (prev.low in _TITLE_WORDS or prev.low in _ROLES):
                break  # "Mrs Ward", "Matron Ward" are people
            if not strong and start == i and prev.low in lex.listed_first and not prev.possessive:
                # "Karen Ward" is a person; "on Rose Ward", "Weston Park" are places
                ambiguous = prev.low in lex.ambiguous or prev.low in lex.common
                if not (ambiguous and self._word(start - 2) in _PLACE_PREPOSITIONS) and not self._ward_named(start - 1):
                    break
            start -= 1
        return start

    def _ward_named(self, k: int) -> bool:
        """ "moved to Florence Ward", "the staff on Seacole Ward": a ward named after a
        person is a place when a word of place comes before it (not "spoke to Karen Ward")."""
        if self._word(k + 1) not in _PERSON_NAMED_PLACES:
            return False
        before = self._word(k - 1)
        return before in _WARD_BEFORE and (self._word(k - 2), before) not in _CUE_PAIRS

    def _protect_ward_codes(self) -> None:
        """ "Ward B3", "bay 4": a code after them means a place; "ward" in
        lower case is never a name unless a title says so ("dr ward")."""
        for i, tok in enumerate(self.toks):
            if tok.low not in ("ward", "bay", "bed", "room", "wards"):
                continue
            nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
            short_code = (
                nxt is not None and nxt.gap == " " and len(nxt.text) <= 2 and self.text[nxt.end : nxt.end + 1].isdigit()
            )
            code = self.text[tok.end + 1 : tok.end + 2].isdigit() or short_code
            person = tok.gap.strip() == "" and self._word(i - 1) in _PERSON_CONTEXT
            if code or (not tok.cap and not person):
                self.hard[i] = True
            if short_code:
                self.hard[i + 1] = True
