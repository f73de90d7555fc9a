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
    _KEEP,
    _LOWER_CUE_PAIRS,
    _LOWER_CUE_WORDS,
    _NAME_CUES,
    _NAMING_WORDS,
    _NOT_LOWER_NAMES,
    _PARTICLES,
    _PLACE_BEFORE,
    _POSSESSIVE_PRONOUNS,
    _RELATIONS,
    _ROLES,
    _STATIONED,
    _STATIONED_THE,
    _TITLES,
    _TITLE_WORDS,
)


# Particles inside a surname: "van der Merwe", "dos Santos", "Mac an Bhaird".
_NAME_PARTICLES = _PARTICLES | frozenset("mac nic ni dos das ter ten abu".split())


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
