"""The word lists and the tokeniser the name finder works on.

The lists are data files in ``data/`` beside this module, read on first use so
that importing stays cheap.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

_DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


class MissingNameData(FileNotFoundError):
    """A vendored word list is missing: scrubbing without it would leak names."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    first: frozenset[str]  # given names: hand-written list and frequent census names
    listed_first: frozenset[str]  # the hand-written given names only
    surnames: frozenset[str]  # hand-written list and frequent census surnames
    extra: frozenset[str]  # the rest of the census names: a weaker sign
    word_names: frozenset[str]  # names that are also common words: Love, Major, Peace
    common: frozenset[str]  # ordinary words: never a name on their own
    ambiguous: frozenset[str]  # names that are words: names mid-sentence
    places: frozenset[str]
    function: frozenset[str]  # words that can never follow a title
    dictionary: frozenset[str]  # English dictionary words (SCOWL), for lower-case text
    given_count: dict[str, int]  # people counted with this given name (census)
    family_count: dict[str, int]  # people counted with this surname (census)


def _open(filename: str):
    try:
        return open(os.path.join(_DATA_DIR, filename), encoding="utf-8")
    except FileNotFoundError:
        raise MissingNameData(
            f"anonymiser word list {filename} is missing from {_DATA_DIR} (see SOURCES.md there)"
        ) from None


def _read_words(filename: str) -> frozenset[str]:
    with _open(filename) as f:
        return frozenset(_fold(word) for line in f if not line.startswith("#") for word in line.split())


def _read_counts(filename: str) -> dict[str, int]:
    """``name<TAB>count`` lines (already lower case, ASCII letters) as a dict."""
    with _open(filename) as f:
        parts = "".join(line for line in f if line[0] != "#").split()
    return dict(zip(parts[0::2], map(int, parts[1::2])))


def _read_plain(filename: str) -> frozenset[str]:
    """One lower-case ASCII word a line, as extract.py writes them: no folding needed."""
    with _open(filename) as f:
        return frozenset("".join(line for line in f if line[0] != "#").split())


# A census name counts as a known given name or surname (not just a weak sign)
# when at least this many people have it; rarer ones are still weak signs.
_FREQUENT = 400


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The word lists, read on first use so that importing stays cheap."""
    first, surnames = _read_words("first_names.txt"), _read_words("surnames.txt")
    common = _read_words("common_words.txt") | _ROLES | _RELATIONS | _TITLE_WORDS
    places = _read_words("places.txt")
    never = _read_words("not_names.txt")
    dictionary = _read_plain("dictionary_words.txt") | common | never
    given_count = _read_counts("given_names.tsv")
    family_count = _read_counts("family_names.tsv")
    census = given_count.keys() | family_count.keys()
    blocked = common | places | never | dictionary
    listed_first = first
    first = first | {n for n, c in given_count.items() if c >= _FREQUENT and len(n) > 2 and n not in blocked}
    surnames = surnames | {n for n, c in family_count.items() if c >= _FREQUENT and len(n) > 2 and n not in blocked}
    extra = frozenset(census - first - surnames - common - places - never)
    common |= never
    word_names = ((census | first | surnames) & common) - _NOT_NAMES - never
    return _Lexicon(
        first=frozenset(first),
        listed_first=listed_first,
        surnames=frozenset(surnames),
        extra=extra,
        word_names=frozenset(word_names),
        common=frozenset(common),
        ambiguous=_read_words("ambiguous_names.txt"),
        places=places,
        function=_FUNCTION_WORDS,
        dictionary=frozenset(dictionary),
        given_count=given_count,
        family_count=family_count,
    )


_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at by for from with without into onto about "
    "as is was were be been being am are has had have do did does i me my we us our "
    "you your he him his she her it its they them their this that these those who whom "
    "whose which what when where why how not no so if then than there here all any some "
    "said says told asked also just very too".split()
)

# Replaced together with the name: "Mrs O'Neill" -> "[NAME]".
_HONORIFICS = frozenset("mr mrs ms miss mx mister".split())
# Kept, because they say what the person does: "Dr Patel" -> "Dr [NAME]".
_TITLES = frozenset("dr prof professor sir dame rev reverend".split())
_TITLE_WORDS = _HONORIFICS | _TITLES
_ROLES = frozenset(
    "nurse nurses sister matron midwife consultant consultants surgeon doctor doctors physio "
    "physiotherapist paramedic paramedics receptionist carer carers porter pharmacist gp "
    "registrar anaesthetist dentist optician psychiatrist psychologist therapist counsellor "
    "worker assistant hca manager coordinator co-ordinator practitioner technician "
    "radiographer sonographer phlebotomist dietitian dietician chaplain volunteer officer "
    "visitor cleaner secretary administrator clinician medic lead navigator advocate "
    "keyworker sho fy1 fy2 staff student houseman surgeon "
    # as people misspell and shorten them
    "nurce nurse's docter doctor's dr's recepshonist receptionest recpetionist carer's physiotherapist ot "
    "keyworker key-worker hcas".split()
)
_RELATIONS = frozenset(
    "husband wife partner son daughter mum mom mother dad father brother sister grandson "
    "granddaughter grandmother grandfather grandma grandad granddad grandpa gran nan nana "
    "nanna aunt auntie aunty uncle nephew niece cousin friend neighbour neighbor fiance "
    "fiancé fiancee fiancée boyfriend girlfriend stepson stepdaughter stepmum stepdad "
    "stepmother stepfather child baby twin sibling flatmate colleague mother-in-law "
    "father-in-law son-in-law daughter-in-law sister-in-law brother-in-law "
    "mum-in-law dad-in-law grandchild godson goddaughter "
    # informal and misspelled: "my hubby", "my neice", "my step-son"
    "hubby wifey missus fella bf gf lad lass mam mammy mommy mummy daddy nanny grampa grandpa "
    "neice nefew neighbor bestie bestfriend step-son step-daughter step-mum step-dad step-brother "
    "step-sister stepbrother stepsister half-brother half-sister grandaughter granson".split()
)
# Words after which the next words are someone's name.
_NAMING_WORDS = frozenset("called named calls nicknamed".split())
# After a sentence-initial word that is also a name, these make it a name
# ("Grace was lovely"), where "Grace period" or "Will they call?" are not.
_NAME_CUES = frozenset(
    "was is said told came helped explained asked has had did and who took "
    "made gave showed listened went rang phoned kept looked spent stayed sat arranged "
    "sorted really always never also then just should would could sat forgot drove brought "
    "found picked picks rang stayed went treated stitched visited phoned texted emailed "
    "promised refused needs needed noticed missed".split()
)
_DETERMINERS = frozenset("the a an this that these those some any no every each".split())
_PARTICLES = frozenset("van von de der den del della da di du le la al el bin bint ben ibn ap".split())
# A capitalised run ending in one of these is a provider or place of care, and
# is kept even when it contains a name ("Dr Gray's Hospital", "St Mary's").
_STRONG_PLACES_OF_CARE = frozenset(
    "hospital hospitals infirmary surgery practice clinic clinics centre center trust hospice "
    "pharmacy foundation nhs university college ambulance healthcare council icb partnership "
    "society institute".split()
)
# These end a provider name too, but a person's name before them is more
# likely a person: "Karen Ward" is a nurse, "Rose Ward" is a ward.
_WEAK_PLACES_OF_CARE = frozenset(
    "team teams ward wards unit units service services lounge department dept suite wing "
    "home homes house lodge court group health care hub line network alliance agency "
    "board park".split()
)
# Organisations and services that are kept wherever they appear.
_KEEP = frozenset(
    "nhs gp gps cqc pals icb ae a&e nhs111 healthwatch macmillan mind samaritans boots covid ssri "
    "camhs iapt cmht amhp dwp ehcp sendco senco copd adhd asd ptsd ocd mri ecg".split()
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“”()\[\]•*]")
_ABBREVIATIONS = _TITLE_WORDS | frozenset("st no vs etc approx".split())
_COMBINING = re.compile("[\u0300-\u036f]")
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "ı": "i"})


def _pairs(text: str) -> frozenset[tuple[str, str]]:
    """ "spoke+to seen+by" -> {("spoke", "to"), ("seen", "by")}."""
    return frozenset(tuple(pair.split("+")) for pair in text.split())


# Words before a capitalised word that make it a name: "spoke to Bisi",
# "thank you Oyelaran", "seen by Kowalczyk". Pairs are (word before, word).
_CUE_PAIRS = _pairs(
    "spoke+to speak+to speaking+to talked+to talking+to chatted+to chatted+with spoke+with "
    "talked+with thanks+to you+to thank+you ask+for asked+for seen+by treated+by after+by "
    "examined+by assessed+by visited+by helped+by supported+by reviewed+by met+with "
    "introduced+to handed+to signed+by written+by done+by sent+by seen+to out+to "
    "passed+to pass+to complaint+about concerns+about according+to asked+if ask+if praise+for"
)
_CUE_WORDS = frozenset("thanks dear hi hello cheers fao attn except cc".split())
# Before a lower-case word that is in no dictionary: "next to mireia", "cant fault sajid",
# "the lady opposite, siew".
_LOWER_CUE_PAIRS = _CUE_PAIRS | _pairs("next+to cant+fault can't+fault couldn't+fault couldnt+fault by+name")
_LOWER_CUE_WORDS = _CUE_WORDS | frozenset("opposite beside".split())
# A name followed by these (in brackets or after a comma) is someone's: "Tinashe (my partner)".
_POSSESSIVE_PRONOUNS = frozenset("my our his her their your".split())
# "Bisi on reception", "Obi from the crisis team": where staff are.
_STATIONED = frozenset("reception triage nights switchboard duty".split())
_STATIONED_THE = frozenset(
    "ward desk phone phones front crisis night day reception switchboard team unit helpline "
    "surgery practice clinic hospital pharmacy hospice office council home centre care "
    "district community day gp dementia discharge mental falls stroke health hub nursing "
    "palliative memory respite out-of-hours walk-in".split()
)
# Lower-case words after a relation word that are names but not when lower
# case: "my son will be seen" (not "my son Will").
_NOT_LOWER_NAMES = frozenset(
    "will may hope faith joy patience precious gift comfort mercy favour goodness angel "
    "honey sunny destiny harmony june april august summer autumn".split()
)
# Lower case words after "dr" that are verbs, not surnames ("the dr will").
_ENGLISH_ENDINGS = ("ed", "ing", "ly", "n't", "'d", "'ll", "'s", "'ve")


def _fold(word: str) -> str:
    """Lower case without accents, for looking words up: "Zielińska" -> "zielinska"."""
    word = word.lower().replace("’", "'")
    if word.isascii():
        return word
    import unicodedata  # only for the rare non-ASCII word

    return _COMBINING.sub("", unicodedata.normalize("NFKD", word.translate(_FOLD)))


@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # end of the name part: "Karen's" ends after "Karen"
    text: str
    low: str  # folded: lower case, no accents, straight apostrophes
    cap: bool  # starts with a capital letter
    initial: bool  # first word of a sentence
    gap: str  # the text between the previous word and this one
    possessive: bool
    shouted: bool  # all capitals, more than one letter: "CAMHS", "KAREN"


def _tokenise(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        possessive = len(word) > 2 and word[-2] in "'’" and word[-1] in "sS"
        if possessive:
            word = word[:-2]  # "Karen's" is the name "Karen"
        gap = text[prev_end:start]
        initial = not toks or (
            _SENTENCE_BREAK.search(gap) is not None and not (gap.strip() == "." and toks[-1].low in _ABBREVIATIONS)
        )
        toks.append(
            _Tok(
                start,
                start + len(word),
                word,
                _fold(word),
                word[0].isupper(),
                initial,
                gap,
                possessive,
                len(word) > 1 and word.isupper(),
            )
        )
        prev_end = m.end()
    return toks


_PERSON_CONTEXT = _TITLE_WORDS | _ROLES | _RELATIONS | _NAMING_WORDS
# Common words never taken for names even where Faker lists them.
_NOT_NAMES = (
    _FUNCTION_WORDS
    | _ROLES
    | _TITLE_WORDS
    | _RELATIONS
    | frozenset(
        "thank thanks please sorry hello hi dear yes no okay ok team unit service staff care "
        "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday".split()
    )
)
# "Marc, thank you": words after a name that is spoken to.
_AFTER_VOCATIVE = frozenset("thank thanks please you".split())
# Words that follow a name as subject: "my son ryan was", "Bisi who".
_AFTER_NAME = frozenset(
    "was is has had who and said told says went came got needed wasn't isn't hasn't didn't does did "
    "drove picks picked should would could sat forgot brought rang phoned stayed helped found took "
    "kept made gave showed looked wasnt didnt hasnt isnt".split()
)
# Chat words, contractions without apostrophes and abbreviations that are in no
# dictionary and yet are no names: "my mum pls", "my son didnt".
_CHAT = frozenset(
    "pls plz thx ta lol omg tbh imo idk btw fyi asap etc eg ie ok okay u ur im ive id ill dont didnt "
    "doesnt wasnt werent isnt arent cant couldnt wouldnt shouldnt wont hasnt havent hadnt thats theres "
    "whats hes shes theyre youre weve youve theyve cos coz cuz tho thru gonna wanna gotta dunno "
    "innit aye nah yeah yep nope x xx xxx hrs mins appt appts meds obs bp ecg mri ct gp gps "
    "hca ot slt dn dns nhs ae nd st rd th am pm".split()
)
# "in Elgin", "near Penistone": what follows is a place more likely than a person.
_PLACE_BEFORE = frozenset("in near around outside across towards via".split())
_PLACE_PREPOSITIONS = frozenset("on to onto in at from the of".split())


# Words after which a name follows: "patient rose bellamy", "told joanne".
_CONTEXT_WORDS = frozenset(
    "patient patients resident client told tell telling ask asked thank thanks phoned rang met visited saw "
    "fao attn".split()
)
# Words that, before a colon or a dash, head a line naming someone: "Re: ...", "Subject: ...".
_HEADINGS = frozenset("re subject ref fao attn regarding".split())
# Pairs of words after which a name follows: "carer for dev", "looks after nan".
_CONTEXT_PAIRS = _pairs(
    "carer+for cared+for caring+for care+for looks+after look+after looking+after visiting+her visit+from"
)
# A bare lower-case word is a name when at least this many people have it as
# a given name (census counts) and it is no dictionary word: "joanne", "dev".
_LOWER_NAME_MIN = 2000
