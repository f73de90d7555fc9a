"""Names of people, found word by word: a word is a name when its context says
so (after a title, a relation word, "called", a job role) or when it is in the
gazetteer and is not an ordinary word, never when it is part of a provider name
("Dr Gray's Hospital") or a known place."""

from __future__ import annotations

from .cooccurrence import _Pairs
from .findings import NAME, Finding, _finding
from .words import (
    _AFTER_NAME,
    _AFTER_VOCATIVE,
    _CUE_PAIRS,
    _CUE_WORDS,
    _DETERMINERS,
    _ENGLISH_ENDINGS,
    _HONORIFICS,
    _NAME_CUES,
    _NAMING_WORDS,
    _NOT_LOWER_NAMES,
    _PARTICLES,
    _PLACE_BEFORE,
    _RELATIONS,
    _ROLES,
    _STATIONED,
    _STATIONED_THE,
    _TITLES,
    _TITLE_WORDS,
)


class _NameFinder(_Pairs):
    """Marks the words of one text that are (parts of) names of people."""

    # --- rules

    def find(self) -> list[Finding]:
        for i, tok in enumerate(self.toks):
            if self.hard[i]:
                continue
            if tok.low in _HONORIFICS or tok.low in _TITLES:
                self._after_title(i)
            elif tok.low in _ROLES and (tok.low != "sister" or tok.cap):
                self._after_context(i, allow_comma=True)
            if tok.low in _RELATIONS and not tok.possessive:
                self._after_context(i, allow_comma=True)  # "my son ryan", not "my son's"
            if tok.low in _NAMING_WORDS or self._naming_phrase(i):
                self._after_context(i, allow_comma=False)
            if self._context_word(i):
                self._after_context(i, allow_comma=True)
            if not self.name[i] and (self._bare_name(i) or self._cued(i) or self._before_role(i)):
                self.name[i] = True
            if not self.name[i] and self._lower_given_name(i):
                self.name[i] = True
            if self._name_pair(i):
                self.name[i] = self.name[i + 1] = True
        self._extend()
        return self._findings()

    def _naming_phrase(self, i: int) -> bool:
        """ "her name was", "his name's", "known as", "goes by"."""
        prev, tok = self._word(i - 1), self.toks[i].low
        return (
            (prev == "name" and tok in ("is", "was"))
            or (prev == "known" and tok == "as")
            or (prev == "goes" and tok == "by")
            or (tok == "name" and self.toks[i].possessive)
        )

    def _after_title(self, i: int) -> None:
        """ "Mr Khan", "Dr. J. Smith", "mrs o'neill", "Dr Abdul Rahman Khan"."""
        toks = self.toks
        j = i + 1
        while (
            j < len(toks)
            and toks[j].gap.strip() in ("", ".")
            and len(toks[j].text) == 1
            and toks[j].cap
            and j + 1 < len(toks)
        ):
            j += 1  # initials
        if j >= len(toks) or toks[j].gap.strip() not in ("", ".") or not self._after_title_ok(j):
            return
        for k in range(i + 1, j + 1):
            self.name[k] = True
        if toks[i].low in _HONORIFICS:
            self.name[i] = True  # "Mrs O'Neill" -> "[NAME]", but "Dr [NAME]"

    def _after_title_ok(self, j: int) -> bool:
        tok, lex = self.toks[j], self.lex
        if self.hard[j] or tok.low in lex.function or tok.low in _ROLES or tok.low in _TITLE_WORDS:
            return False
        if tok.cap:
            return True
        if tok.low in _NOT_LOWER_NAMES:
            return False
        if self._known_name(tok):
            return True  # "dr green", "dr ahmed"
        if tok.low.endswith(_ENGLISH_ENDINGS) or self._common(tok):
            return False
        return True  # "mrs o'neill", "dr sutcliffe", not "dr prescribed"

    def _after_context(self, i: int, allow_comma: bool) -> None:
        j = self._next(i, allow_comma)
        if j is None or self.toks[j].low in _HONORIFICS:
            return
        if self._candidate(j, strong=True) or self._lower_name_before_verb(j):
            self.name[j] = True
        elif self._lower_full_name(j) or self._unknown_then_surname(j):
            self.name[j] = self.name[j + 1] = True

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
        if tok.cap or self.hard[j] or self.soft[j] or self._word(j + 1) not in _AFTER_NAME:
            return False
        if tok.low in self.lex.first:
            return True
        return not (self._common(tok) or tok.low.endswith(("ly", "n't")) or len(tok.low) < 3)

    def _bare_name(self, i: int) -> bool:
        """A name from the gazetteer that needs no context."""
        tok, lex = self.toks[i], self.lex
        if not tok.cap or self.soft[i]:
            return False
        if not self._gazetteer(tok):
            return tok.low in lex.extra and self._weak_name_is_name(i) and self._word(i - 1) not in _PLACE_BEFORE
        if tok.low in lex.ambiguous:
            return self._ambiguous_is_name(i)
        if tok.possessive and tok.low in lex.first and not self._shouted(tok):
            return True  # "May's kindness"
        return not self._common(tok)

    def _weak_name_is_name(self, i: int) -> bool:
        """Faker's lists hold words too ("Love", "Major"): trust them where a
        capital letter means something, mid-sentence, or before a name cue."""
        tok = self.toks[i]
        if self._shouted(tok):
            return False
        if tok.initial:
            return tok.possessive or self._word(i + 1) in _NAME_CUES
        return True

    def _ambiguous_is_name(self, i: int) -> bool:
        tok = self.toks[i]
        if self._shouted(tok):
            return False  # SHOUTED TEXT: every word is capitalised
        if tok.possessive:
            return True
        if tok.initial:
            nxt = self._word(i + 1)
            return nxt in _NAME_CUES and nxt != "is" and self._next(i, allow_comma=True) is not None
        return self._word(i - 1) not in _DETERMINERS

    def _cued(self, i: int) -> bool:
        """A capitalised word in a place where names go."""
        tok = self.toks[i]
        if not (tok.cap and self._candidate(i, strong=True)):
            return False
        if tok.possessive and not self._common(tok):
            return True  # "Wiktoria's kindness"
        if tok.initial and self._unknown_word(tok) and self._next(i) is not None:
            if self._word(i + 1) in _NAME_CUES and self._word(i + 1) not in ("and", "is"):
                return True  # "Eirlys came out at midnight"
        prev = self._word(i - 1)
        if not tok.initial and tok.gap.strip() in ("", ","):
            if (self._word(i - 2), prev) in _CUE_PAIRS or prev in _CUE_WORDS:
                return True
        if self._next(i) is not None and self._word(i + 1) in ("on", "at", "from"):
            after = self._word(i + 2)
            if after in _STATIONED or (after == "the" and self._word(i + 3) in _STATIONED_THE):
                return True  # "Frank on reception", "Obi from the crisis team"
        if not self._candidate(i):
            return False  # the rules below need more than a word that may be a name
            if self._word(i + 1) == "who" and self._next(i) is not None:
                return True  # "I spoke to Bisi who said"
        after = self._word(i + 1)
        if (
            after in _AFTER_VOCATIVE
            and self._next(i, allow_comma=True) is not None
            and ((tok.initial and self.toks[i + 1].gap.strip() == ",") or after == "please")
        ):
            return True  # "Marc, thank you", "Can Karl please call me"
        return self._is_my_role(i)  # "Chao Xie was my named nurse"

    def _is_my_role(self, i: int) -> bool:
        """ "<name> is my son", "<name> was our midwife"."""
        if (
            self._word(i + 1) not in ("is", "was")
            or self._next(i) is None
            or self._word(i + 2) not in ("my", "our", "his", "her", "their")
        ):
            return False
        k = i + 3
        if self._word(k) not in _ROLES and self._word(k) not in _RELATIONS:
            k += 1  # "my named nurse", "my late husband"
        return self._word(k) in _ROLES or self._word(k) in _RELATIONS

    def _before_role(self, i: int) -> bool:
        """ "Karen the nurse", "Tom, our paramedic"."""
        tok = self.toks[i]
        j = self._next(i, allow_comma=True)
        if not tok.cap or j is None or self.toks[j].low not in ("the", "our", "my", "a", "his", "her"):
            return False
        k = self._next(j)
        if k is not None and self.toks[k].low not in _ROLES:
            k = self._next(k)  # "Will, the social worker"
        if k is None or self.toks[k].low not in _ROLES or not self._candidate(i, strong=True):
            return False
        if tok.initial and self.toks[j].gap.strip() != ",":
            return not self._common(tok)  # "Will the GP ever answer?" is no name
        return self._known_name(tok) or tok.low in self.lex.word_names or not self._common(tok)

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
                        if not self.name[j] and self.toks[j].cap and self._candidate(j, strong=True):
                            self.name[j] = changed = True

    def _neighbours(self, i: int):
        j = self._next(i)
        if j is not None:
            yield j, True
        if i > 0 and self.toks[i].gap == " ":
            yield i - 1, False

    def _listed_with(self, i: int):
        """Words joined to name i by "and" or "&": "Tunde and Bisi"."""
        toks = self.toks
        if self._word(i + 1) in ("and", "&") and self._next(i) is not None and self._next(i + 1) is not None:
            yield i + 2
        if i >= 2 and self._word(i - 1) in ("and", "&") and toks[i].gap.strip() == "" and toks[i - 1].gap.strip() == "":
            yield i - 2

    def _extends(self, j: int, forward: bool) -> bool:
        tok, lex = self.toks[j], self.lex
        if self.hard[j] or tok.low in _ROLES or tok.low in _TITLE_WORDS or tok.low in _PARTICLES:
            return False
        if not tok.cap:
            # "my wife emer walters was": a lower-case name goes on in lower case
            prev = self.toks[j - 1]
            return (
                forward
                and not prev.cap
                and not self._common(tok)
                and not self.soft[j]
                and (self._known_name(tok) or self._word(j + 1) in _AFTER_NAME)
            )
        if forward and self.text[tok.end : tok.end + 2].strip()[:1].isdigit():
            return False  # "Rose Ward 5"
        if self._known_name(tok):
            return tok.low not in lex.places or tok.low in lex.surnames
        if forward and tok.low in lex.word_names and not self._shouted(tok):
            return True  # "Peace Smart", "Olu Salami"
        return not (self.soft[j] or self._common(tok))

    def _findings(self) -> list[Finding]:
        found: list[Finding] = []
        toks, i = self.toks, 0
        while i < len(toks):
            if not self.name[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and self.name[j + 1] and self._joins(j):
                j += 1
            found.append(_finding(NAME, self.text, toks[i].start, toks[j].end))
            i = j + 1
        return found

    def _joins(self, j: int) -> bool:
        """Whether name words j and j+1 are one name (not "Karen. Tom")."""
        gap = self.toks[j + 1].gap
        if gap.strip() == "" and "\n" not in gap:
            return True
        return gap.strip() == "." and (len(self.toks[j].text) == 1 or self.toks[j].low in _TITLE_WORDS)


def _find_names(text: str, structured: list[Finding]) -> list[Finding]:
    return _NameFinder(text, structured).find()
