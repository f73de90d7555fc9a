"""How far a name runs: over the capitalised words next to it ("Aisha Okafor"), on through a
list ("Tunde and Bisi"), an initial before it, surname particles ("van der Merwe"); mixed into
the name finder (names.py)."""

from __future__ import annotations

from .words import (
    _AFTER_NAME,
    _KEEP,
    _NAME_CUES,
    _ROLES,
    _TITLE_WORDS,
    _PARTICLES,
)

# Particles inside a surname: "van der Merwe", "dos Santos", "Mac an Bhaird".
_NAME_PARTICLES = _PARTICLES | frozenset("mac nic ni dos das ter ten abu".split())


class _NameExtent:
    """Methods of the name finder (its tokens, flags and look-ups) for a name's extent."""

    def _extend(self) -> None:
        """A name runs on over the capitalised words next to it ("Aisha Okafor"),
        and a list of names goes on after "and" ("Tunde and Bisi")."""
        changed = True
        while changed:
            changed = False
            for i in range(len(self.toks)):
                if self.name[i]:
                    for j, forward in self._neighbours(i):
                        if not self.name[j] and self._extends(j, forward):
                            self.name[j] = changed = True
                    for j in self._listed_with(i):
                        if not self.name[j] and self._listed_name(j):
                            self.name[j] = changed = True
                    if i and not self.name[i - 1] and self._initial_before(i - 1, i):
                        self.name[i - 1] = changed = True

    def _listed_name(self, j: int) -> bool:
        tok = self.toks[j]
        if tok.cap:
            return self._candidate(j, strong=True) and not self._shouted(tok)
        return self._candidate(j, strong=True) or self._lower_unknown(j)

    def _initial_before(self, k: int, i: int) -> bool:
        """ "F. [Alemu]": a capital initial before a name is part of it."""
        tok = self.toks[k]
        gap = self.toks[i].gap
        return (
            not self.hard[k]
            and len(tok.text) == 1
            and tok.text.isupper()
            and "\n" not in gap
            and gap.strip() in ("", ".")
            and (gap.strip() == "." or tok.text not in "AI")
        )

    def _neighbours(self, i: int):
        j = self._next(i)
        if j is not None:
            yield j, True
        if i > 0 and self.toks[i].gap == " ":
            yield i - 1, False

    def _listed_with(self, i: int):
        """Words listed with name i: "Tunde and Bisi", "mhairi, liddy and ffion", "(Jas & Sav)"."""
        toks = self.toks
        if self._word(i + 1) in ("and", "n") and self._next(i) is not None and self._next(i + 1) is not None:
            yield i + 2
        if i + 1 < len(toks) and "\n" not in toks[i + 1].gap and toks[i + 1].gap.strip() in (",", "&", "/"):
            yield i + 1
        if i >= 2 and self._word(i - 1) in ("and", "n") and toks[i].gap.strip() == "" and toks[i - 1].gap.strip() == "":
            yield i - 2
        if i >= 1 and "\n" not in toks[i].gap and toks[i].gap.strip() in (",", "&", "/"):
            yield i - 1

    def _extends(self, j: int, forward: bool) -> bool:
        tok, lex = self.toks[j], self.lex
        if self.hard[j] or tok.low in _ROLES or tok.low in _TITLE_WORDS:
            return False
        if tok.low in _NAME_PARTICLES or (tok.low == "an" and self._word(j - 1) in ("mac", "nic")):
            if forward:
                return self._particle_run(j)  # "van der merwe", "mac an bhaird"
            k = j - 1  # "[bronwen] dos [santos]": the particles of a name found after them
            while k >= 0 and (self.toks[k].low in _NAME_PARTICLES or self.toks[k].low == "an") and j - k < 3:
                k -= 1
            if k < 0 or self.hard[k] or self.toks[k + 1].gap != " ":
                return False
            before = self.toks[k]
            return self._lower_unknown(k) or before.low in lex.first or (before.cap and not self._common(before))
        if self._shouted(tok):
            # "Daisuke KIPCHOGE", "RUMYANA Chenoweth": a shouted word that is no word
            low = tok.low
            if low in lex.places and low not in lex.common:
                return not forward and lex.given_count.get(low, 0) >= 1000  # "BEVERLEY [SCATTERGOOD]"
            if low in lex.common or low in _KEEP or low in _AFTER_NAME or low in _NAME_CUES:
                return False
            if low in lex.dictionary:
                # "BRONWEN YIP": a surname that is also a word, after a shouted name
                prev = self.toks[j - 1]
                return forward and self._shouted(prev) and lex.family_count.get(low, 0) >= 500
            return len(low) > 3 or (len(low) > 2 and self._known_name(tok))
        if not tok.cap and not forward:
            # "haoran [Dhaliwal]", "obinna [Yousef]": a given name written in lower case
            return self._lower_unknown(j) or (tok.low in lex.first and tok.low not in lex.dictionary)
        if not tok.cap and forward and tok.low in lex.places and tok.low not in _KEEP:
            return not self.toks[j - 1].cap and self._place_surname_after(j)  # "told [tariq] sowerby to"
        if not tok.cap:
            # "my wife emer walters was": a lower-case name goes on in lower case
            prev = self.toks[j - 1]
            return (
                forward
                and not prev.cap
                and not self._common(tok)
                and not self.soft[j]
                and (self._known_name(tok) or self._word(j + 1) in _AFTER_NAME or self._lower_unknown(j))
            )
        if forward and self.text[tok.end : tok.end + 2].strip()[:1].isdigit():
            return False  # "Rose Ward 5"
        if tok.low in lex.places and tok.low not in lex.surnames:
            if not forward:  # "Beverley [Scattergood]": a given name that is also a place
                return lex.given_count.get(tok.low, 0) >= 1000 and not self.soft[j + 1]
            return forward and self._place_surname_after(j)
        if self._known_name(tok):
            return True
        if forward and tok.low in lex.word_names and not self._shouted(tok):
            return True  # "Peace Smart", "Olu Salami"
        return not (self.soft[j] or self._common(tok))

    def _place_surname_after(self, j: int) -> bool:
        """ "A nurse, Oyinkansola Sowerby, explained", "RE: [Kemi] Sowerby.": a surname that
        is also a place, right after a name, and then the end of the name."""
        tok, lex = self.toks[j], self.lex
        if self.toks[j].gap != " " or lex.family_count.get(tok.low, 0) < 100:
            return False
        if j + 1 >= len(self.toks):
            return True
        after = self.toks[j + 1].gap.strip()[:1]
        return (
            after in (",", ")", ".", "!", "?", ";")
            or "\n" in self.toks[j + 1].gap
            or self._word(j + 1) in _AFTER_NAME
            or self._word(j + 1) in _NAME_CUES
            or self._word(j + 1) == "to"
        )

    def _particle_run(self, j: int) -> bool:
        """Particles then a surname: the particles belong to the name."""
        k = j
        while k < len(self.toks) and (self.toks[k].low in _NAME_PARTICLES or self.toks[k].low == "an") and k - j < 3:
            if self._next(k) is None:
                return False
            k += 1
        if k >= len(self.toks) or self.hard[k]:
            return False
        tok = self.toks[k]
        if self._lower_unknown(k):
            return True  # "van der merwe", "MAC AN BHAIRD"
        return not self.soft[k] and (self._surname(tok.low) or (tok.cap and not self._common(tok)))
