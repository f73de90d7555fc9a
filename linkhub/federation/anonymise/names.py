"""Names of people, found word by word: a word is a name when its context says
so (after a title, a relation word, "called", a job role) or when it is in the
gazetteer and is not an ordinary word, never when it is part of a provider name
("Dr Gray's Hospital") or a known place."""

from __future__ import annotations

from .cooccurrence import _Pairs
from .findings import NAME, Finding, _finding
from .lower_names import _LowerCaseNames
from .name_extent import _NameExtent
from .words import (
    _AFTER_VOCATIVE,
    _CUE_PAIRS,
    _CUE_WORDS,
    _DETERMINERS,
    _ENGLISH_ENDINGS,
    _HONORIFICS,
    _KEEP,
    _NAME_CUES,
    _NAMING_WORDS,
    _NOT_LOWER_NAMES,
    _PLACE_BEFORE,
    _POSSESSIVE_PRONOUNS,
    _RELATIONS,
    _ROLES,
    _STATIONED,
    _STATIONED_THE,
    _TITLES,
    _TITLE_WORDS,
)


# "we drove from Margate", "there is nothing in Paisley", "she lives near Hastings".
_PLACE_PREPOSITIONS_OF_TRAVEL = frozenset("from in near to into outside around at".split())
_PLACE_VERBS = frozenset(
    "drove drive driving travelled traveled moved move live lives living lived based "
    "born raised grew nothing everything anything services service beds provision people families "
    "transferred flew parking bed beds clinic clinics appointment appointments hospital".split()
)


# What people do and places do not: "Mark Stone rang", not "Grace Church was".
_PERSON_VERBS = frozenset(
    "rang phoned said told explained listened texted emailed apologised asked promised refused forgot "
    "sat drove kept smiled shouted laughed cried answered replied".split()
)


class _NameFinder(_LowerCaseNames, _NameExtent, _Pairs):
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
            if tok.low in ("is", "was") and self._word(i - 1) in _ROLES and not self.toks[i - 1].possessive:
                self._after_context(i, allow_comma=False)  # "the support worker is ianto"
            if tok.low in ("and", "n") and self._word(i - 1) in _RELATIONS:
                self._after_context(i, allow_comma=False)  # "mum, dad and jo"
            if not self.name[i] and (self._bare_name(i) or self._cued(i) or self._before_role(i)):
                self.name[i] = True
            if not self.name[i] and (self._lower_given_name(i) or self._lower_cued(i) or self._before_relation(i)):
                self.name[i] = True
            if self._name_pair(i) or self._initial_then_surname(i) or self._mixed_pair(i) or self._word_pair_start(i):
                self.name[i] = self.name[i + 1] = True
        self._extend()
        return self._findings()

    def _naming_phrase(self, i: int) -> bool:
        """ "her name was", "his name's", "known as", "goes by"."""
        prev, tok = self._word(i - 1), self.toks[i].low
        if prev == "name" and self.text[self.toks[i - 1].start - 1 : self.toks[i - 1].start] == "[":
            return False  # "[NAME] was": a placeholder, not "her name was"
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
            and (toks[j].cap or self.text[toks[j].end : toks[j].end + 1] == ".")
            and j + 1 < len(toks)
        ):
            j += 1  # initials: "Dr. J. Smith", "dr a. khan"
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
        if self._lower_word_pair(j):
            self.name[j] = self.name[j + 1] = True  # "patient hope strong"
        elif self._candidate(j, strong=True) or self._lower_name_before_verb(j) or self._lower_unknown(j):
            self.name[j] = True
        elif self._lower_full_name(j) or self._unknown_then_surname(j):
            self.name[j] = self.name[j + 1] = True

    def _before_relation(self, i: int) -> bool:
        """ "Tinashe (my partner) was", "anwara, my best friend,": a word, then whose it is."""
        j = self._next(i, allow_comma=True)
        if j is None or self.toks[j].low not in _POSSESSIVE_PRONOUNS or self.toks[j].gap.strip() not in ("(", ","):
            return False
        k = j + 1
        if self._word(k) in ("best", "late", "named", "lovely", "new", "old", "ex"):
            k += 1
        if self._word(k) not in _RELATIONS and self._word(k) not in _ROLES:
            return False
        tok = self.toks[i]
        if tok.cap and not self._shouted(tok):
            return self._candidate(i, strong=True) and not self._common(tok)
        if self._lower_unknown(i) or (tok.low in self.lex.first and tok.low not in self.lex.dictionary):
            return True
        # "lascelles yip (my nan)": a surname that is also a word, after a given name
        return (
            i > 0
            and tok.gap == " "
            and self.lex.family_count.get(tok.low, 0) >= 500
            and tok.low not in self.lex.common
            and (self._lower_unknown(i - 1) or self.toks[i - 1].low in self.lex.first)
        )

    def _mixed_pair(self, i: int) -> bool:
        """Two words in different cases, or shouted, neither a word, one a known name:
        "finlay Jankauskiene", "Jocasta TRELAWNY", "RUMYANA CHENOWETH"."""
        if i + 1 >= len(self.toks):
            return False
        first, last, lex = self.toks[i], self.toks[i + 1], self.lex
        shouted = self._shouted(first) or self._shouted(last)
        if not shouted and first.cap == last.cap:
            return False  # the common case, decided before anything dearer
        j = self._next(i)
        if j is None or self.name[i] and self.name[j]:
            return False
        for k, tok in ((i, first), (j, last)):
            low = tok.low
            if self.hard[k] or len(low) < 3 or low in lex.dictionary or low in lex.common or low in lex.places:
                return False
            if low in _KEEP or low in lex.function:
                return False
        return first.low in lex.first or lex.given_count.get(first.low, 0) >= 200 or self._surname(last.low)

    def _word_pair_start(self, i: int) -> bool:
        """ "Mark Stone kept us informed", "Sue Wise rang": a frequent given name and a
        frequent surname, both also words, opening a sentence and doing something."""
        tok = self.toks[i]
        j = self._next(i)
        if not tok.initial or j is None or self.hard[i] or self.soft[i] or self.hard[j] or self.soft[j]:
            return False
        last, lex = self.toks[j], self.lex
        if not (tok.cap and last.cap) or self._shouted(tok) or self._shouted(last) or last.possessive:
            return False
        if self._word(j + 1) not in _PERSON_VERBS:
            return False  # "Grace Church was full", "Rose Garden is lovely" are places
        return (
            lex.given_count.get(tok.low, 0) >= 1000
            and lex.family_count.get(last.low, 0) >= 1000
            and tok.low not in lex.function
            and last.low not in lex.function
            and tok.low not in _NOT_LOWER_NAMES
        )

    def _initial_then_surname(self, i: int) -> bool:
        """ "T. Haddadi", "with A. Okwuosa": a capital initial and a word no list holds."""
        tok, toks = self.toks[i], self.toks
        if len(tok.text) != 1 or not tok.text.isupper() or i + 1 >= len(toks) or self.hard[i]:
            return False
        dot = self.text[tok.end : tok.end + 1] == "."
        if not dot and tok.text in "AI":
            return False
        last = toks[i + 1]
        if "\n" in last.gap or last.gap.strip() not in ("", ".") or not last.cap or self._shouted(last):
            return False
        lex = self.lex
        return not (
            self.hard[i + 1]
            or self.soft[i + 1]
            or last.low in lex.dictionary
            or last.low in lex.common
            or last.low in lex.places
        )

    def _bare_name(self, i: int) -> bool:
        """A name from the gazetteer that needs no context."""
        tok, lex = self.toks[i], self.lex
        if not tok.cap or self.soft[i]:
            return False
        if self._place_phrase(i):
            return False  # "we drove from Margate", "nothing in Paisley"
        if not self._gazetteer(tok):
            return tok.low in lex.extra and self._weak_name_is_name(i) and self._word(i - 1) not in _PLACE_BEFORE
        if tok.low in lex.ambiguous:
            return self._ambiguous_is_name(i)
        if tok.possessive and tok.low in lex.first and not self._shouted(tok):
            return True  # "May's kindness"
        return not self._common(tok)

    def _place_phrase(self, i: int) -> bool:
        """A capitalised word after words that say a place follows: "drove from", "lives in"."""
        prev = self._word(i - 1)
        return (
            (prev == "in" or (prev in _PLACE_PREPOSITIONS_OF_TRAVEL and self._word(i - 2) in _PLACE_VERBS))
            and not self.toks[i].possessive
            and not self.toks[i].initial
            and self._word(i + 1) not in ("and", "&")
            and not (self._next(i) is not None and self.toks[i + 1].cap)
            and self.toks[i].gap.strip() == ""
        )

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
