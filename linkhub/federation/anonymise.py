"""Free-text scrubber: layer 2 of the federation anonymisation (see DESIGN.md).

Feedback text is about care services, and often mentions the people involved.
``scrub`` replaces what identifies a person (names, NHS/NI/hospital numbers,
phone numbers, e-mail and street addresses, postcodes, dates of birth) with
typed placeholders such as ``[NAME]``, and keeps what the feedback is about:
providers, places of care, job roles and clinical terms.

It is rules plus word lists, no model: hand-written lists in
``anonymise_data/`` (common UK names, ordinary words, places) and the given
names and surnames that the Faker package ships for many countries, read as
plain text on first use. It runs offline, starts in a tenth of a second and
scrubs thousands of records a second. Rules favour leaking nothing over keeping
every word; a person at the network still reviews the result (layer 3), helped
by ``find_identifiers``.

Structured identifiers are found first with regular expressions (each checked
in Python where a regex cannot tell, e.g. the NHS number check digit). Names
are then found token by token: a word is a name when its context says so
(after a title, a relation word, "called", a job role) or when it is in the
gazetteer and is not an ordinary word, never when it is part of a provider
name ("Dr Gray's Hospital") or a known place.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

NAME = "NAME"
NHS_NUMBER = "NHS NUMBER"
PHONE = "PHONE"
EMAIL = "EMAIL"
POSTCODE = "POSTCODE"
ADDRESS = "ADDRESS"
DATE_OF_BIRTH = "DATE OF BIRTH"
NI_NUMBER = "NI NUMBER"
HOSPITAL_NUMBER = "HOSPITAL NUMBER"

# When two findings overlap, the earlier type in this list wins: the more
# specific pattern (an e-mail contains digits that look like a phone number).
_PRIORITY = (
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    DATE_OF_BIRTH,
    HOSPITAL_NUMBER,
    PHONE,
    POSTCODE,
    ADDRESS,
    NAME,
)
_RANK = {kind: rank for rank, kind in enumerate(_PRIORITY)}

_DATA_DIR = os.path.join(os.path.dirname(__file__), "anonymise_data")


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text: its type, where it is, what it says."""

    type: str
    start: int
    end: int
    text: str

    @property
    def placeholder(self) -> str:
        return f"[{self.type}]"


# ---------------------------------------------------------------- public API


def scrub(text: str) -> str:
    """Return ``text`` with every identifier replaced by its placeholder."""
    findings = find_identifiers(text)
    if not findings:
        return text
    parts, pos = [], 0
    for finding in findings:
        parts.append(text[pos : finding.start])
        parts.append(finding.placeholder)
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts)


def find_identifiers(text: str) -> list[Finding]:
    """Identifiers in ``text``, in order, not overlapping.

    A review page calls this on text a person has edited, to warn when it
    still matches an identifier pattern.
    """
    structured = _resolve(_structured_findings(text))
    names = _find_names(text, structured)
    return sorted(structured + names, key=lambda f: f.start)


def scrub_record(record: dict) -> dict:
    """A copy of ``record`` with its ``text`` scrubbed; other keys unchanged."""
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("record has no string 'text'")
    return {**record, "text": scrub(text)}


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Drop findings that overlap a higher-priority (then longer) one."""
    ordered = sorted(findings, key=lambda f: (_RANK[f.type], f.start - f.end))
    kept: list[Finding] = []
    for f in ordered:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return kept


def _structured_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    for detector in (
        _emails,
        _nhs_numbers,
        _ni_numbers,
        _dates_of_birth,
        _hospital_numbers,
        _phones,
        _postcodes,
        _addresses,
    ):
        found.extend(detector(text))
    return found


def _finding(kind: str, text: str, start: int, end: int) -> Finding:
    return Finding(kind, start, end, text[start:end])


# ----------------------------------------------------------------- e-mail

_EMAIL = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])"
    r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.+[\w!#$%&'*+/=?^`{|}~-]+)*\.?"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)


def _emails(text: str) -> list[Finding]:
    if "@" not in text:
        return []
    return [_finding(EMAIL, text, m.start(), m.end()) for m in _EMAIL.finditer(text)]


# ------------------------------------------------------------- NHS numbers

# Ten digits, a space or hyphen allowed between any two ("943 476 5919").
_TEN_DIGITS = re.compile(r"(?<![\w-])\d(?:[ -]?\d){9}(?!\w)")
# Context in which any ten-digit run is taken for an NHS number, check digit
# or not: people mistype them, and a mistyped one still identifies.
_NHS_CONTEXT = re.compile(
    r"\b(?:nhs|patient|health\s*(?:and|&)\s*care)\s*(?:no\b|num\b|number|#|id\b)", re.I
)


_PHONE_PREFIX = re.compile(r"(?:(?:\+|00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?|\(0\)[ \t]?|\(0?)$")


def _nhs_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> list[Finding]:
    found = []
    for m in _TEN_DIGITS.finditer(text):
        if _PHONE_PREFIX.search(text, max(0, m.start() - 12), m.start()):
            continue  # "+44 (0)114 271 1900" is a phone number
        digits = m.group().replace(" ", "").replace("-", "")
        window = text[max(0, m.start() - 40) : m.start()] + " " + text[m.end() : m.end() + 30]
        if _nhs_checksum_ok(digits) or _NHS_CONTEXT.search(window):
            found.append(_finding(NHS_NUMBER, text, m.start(), m.end()))
    return found


# -------------------------------------------------------------- NI numbers

_NI_FULL = re.compile(r"(?<!\w)[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D](?!\w)", re.I)
_NI_NO_SUFFIX = re.compile(r"(?<!\w)[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?!\w)", re.I)
_NI_CONTEXT = re.compile(r"national\s+insurance|\bN\.?I\.?\b|\bnino\b", re.I)


def _ni_numbers(text: str) -> list[Finding]:
    found = [_finding(NI_NUMBER, text, m.start(), m.end()) for m in _NI_FULL.finditer(text)]
    for m in _NI_NO_SUFFIX.finditer(text):
        if _NI_CONTEXT.search(text[max(0, m.start() - 40) : m.start()]):
            found.append(_finding(NI_NUMBER, text, m.start(), m.end()))
    return found


# ------------------------------------------------------------ phone numbers

# A run that starts like a UK number (+44, 0044 or a leading 0, maybe in
# brackets) and goes on in digits, spaces, hyphens and brackets. Whether it
# is one is decided on its digits in _valid_uk_phone.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[ \t]?44[ \t]?(?:\(0\)[ \t]?)?\(?|\(?0)"
    r"\d[\d \t()\-]{6,18}\d(?!\w)"
)
_UK_NATIONAL = re.compile(r"0[1235789]\d{8,9}")


def _valid_uk_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith(("+", "00")):
        digits = digits[4:] if digits.startswith("0044") else digits[2:]
        digits = digits if digits.startswith("0") else "0" + digits
    return _UK_NATIONAL.fullmatch(digits) is not None


def _longest_phone(candidate: str) -> int:
    """Length of the longest prefix of ``candidate`` that is a UK number, or 0.

    The pattern can run on into digits that follow ("0114 271 1900 2 times").
    """
    ends = [
        i + 1
        for i, ch in enumerate(candidate)
        if ch.isdigit() and (i + 1 == len(candidate) or not candidate[i + 1].isdigit())
    ]
    for end in reversed(ends):
        if _valid_uk_phone(candidate[:end]):
            return end
    return 0


def _phones(text: str) -> list[Finding]:
    found, pos = [], 0
    while (m := _PHONE.search(text, pos)) is not None:
        length = _longest_phone(m.group())
        if length:
            found.append(_finding(PHONE, text, m.start(), m.start() + length))
            pos = m.start() + length
        else:
            pos = m.start() + 1
    return found


# ---------------------------------------------------------------- postcodes

_POSTCODE = re.compile(r"(?<!\w)([A-Z]{1,2}\d[A-Z\d]?)[ \t]?(\d[ABD-HJLNP-UW-Z]{2})(?!\w)", re.I)


_WARD_BEFORE = re.compile(r"\b(?:ward|bay|room|bed|block|level|wing|unit)\s+$", re.I)


def _postcodes(text: str) -> list[Finding]:
    found = []
    for m in _POSTCODE.finditer(text):
        inward = m.group(2)
        # "Ward B3 2nd floor": after a ward or bay code, an ordinal is no inward code
        if (
            inward[1:].lower() in {"st", "nd", "rd", "th"}
            and not inward.isupper()
            and _WARD_BEFORE.search(text, max(0, m.start() - 8), m.start())
        ):
            continue
        found.append(_finding(POSTCODE, text, m.start(), m.end()))
    return found


# ----------------------------------------------------------- dates of birth

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    rf"|\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH},?\s+\d{{2,4}}"
    rf"|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD},?\s+\d{{4}}"
    rf"|{_MONTH},?\s+\d{{4}}"
    r"|(?:19|20)\d{2}"
    rf"|\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH}"
    rf"|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORD})"
)
# A date right after "DOB", "date of birth", "born (on|in)", "birthday".
# An ordinary date ("seen on 3 March") has no such cue and is left alone.
_DOB = re.compile(
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b|\bbirthday\b)"
    r"[\s:=\-–(),]*(?:(?:is|was|on|in|of|the)\s+)*"
    rf"(?P<date>{_DATE})(?![\w/])",
    re.I,
)


def _dates_of_birth(text: str) -> list[Finding]:
    return [
        _finding(DATE_OF_BIRTH, text, m.start("date"), m.end("date")) for m in _DOB.finditer(text)
    ]


# --------------------------------------------------------- hospital numbers

_HOSP_ID = r"(?:[A-Z]{1,4}[ \-]?)?\d(?:[ \-]?\d){4,11}[A-Z]?"
_HOSP_BEFORE = re.compile(
    r"(?:\b(?:hospital|hosp|unit|case|medical\s+records?|records?|patient|clinic|pas)"
    r"\s*(?:no\b\.?|num\b\.?|number|#|id\b|ref\b)|\bMRN\b|\bM\.R\.N\b\.?)"
    rf"[\s:=#\-–(]*(?:(?:is|was|of)\s+)*(?P<id>{_HOSP_ID})(?!\w)",
    re.I,
)
_HOSP_AFTER = re.compile(
    rf"(?<!\w)(?P<id>{_HOSP_ID})(?!\w)(?=[\s,)]+(?:[\w']+\s+){{0,3}}?"
    r"(?:wrist\s?band|hospital\s+(?:number|no\b)|MRN\b))",
    re.I,
)
# A hospital-number shape needs no context: capital letters then 6-9 digits
# (RHQ1234567, K1234567) is an identifier of some kind in feedback text.
_HOSP_SHAPE = re.compile(r"(?<!\w)[A-Z]{1,3}\d{6,9}(?!\w)")


def _hospital_numbers(text: str) -> list[Finding]:
    found = [
        _finding(HOSPITAL_NUMBER, text, m.start("id"), m.end("id"))
        for pattern in (_HOSP_BEFORE, _HOSP_AFTER)
        for m in pattern.finditer(text)
    ]
    found += [
        _finding(HOSPITAL_NUMBER, text, m.start(), m.end()) for m in _HOSP_SHAPE.finditer(text)
    ]
    return found


# ------------------------------------------------------- street addresses

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


# ==================================================================== names


@dataclass(frozen=True, slots=True)
class _Lexicon:
    first: frozenset[str]  # given names (hand-written list)
    surnames: frozenset[str]  # (hand-written list)
    extra: frozenset[str]  # given names and surnames from Faker: a weaker sign
    word_names: frozenset[str]  # names that are also common words: Love, Major, Peace
    common: frozenset[str]  # ordinary words: never a name on their own
    ambiguous: frozenset[str]  # names that are words: names mid-sentence
    places: frozenset[str]
    function: frozenset[str]  # words that can never follow a title


def _read_words(filename: str) -> frozenset[str]:
    with open(os.path.join(_DATA_DIR, filename), encoding="utf-8") as f:
        return frozenset(
            _fold(word) for line in f if not line.startswith("#") for word in line.split()
        )


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """The word lists, read on first use so that importing stays cheap."""
    first, surnames = _read_words("first_names.txt"), _read_words("surnames.txt")
    common = _read_words("common_words.txt") | _ROLES | _RELATIONS | _TITLE_WORDS
    places = _read_words("places.txt")
    faker = _faker_names()
    extra = faker - first - surnames - common - places
    never = _read_words("not_names.txt")
    common |= never
    word_names = ((faker | first | surnames) & common) - _NOT_NAMES - never
    return _Lexicon(
        first=first,
        surnames=surnames,
        extra=extra,
        word_names=word_names,
        common=common,
        ambiguous=_read_words("ambiguous_names.txt"),
        places=places,
        function=_FUNCTION_WORDS,
    )


# Faker (MIT) ships given names and surnames for many countries; these are the
# backgrounds of people living in the UK. Its person providers are read as
# text: importing faker would cost 0.2 s of start-up, a regex over them 0.05 s.
_FAKER_LOCALES = (
    "en_GB en_IE ga_IE en_US en_IN en_PK en_NG yo_NG ig_NG ha_NG tw_GH en_KE zu_ZA pl_PL "
    "ro_RO cs_CZ sk_SK hu_HU lv_LV tr_TR it_IT pt_PT pt_BR es_ES fr_FR de_DE nl_NL zh_CN "
    "vi_VN"
).split()
_QUOTED_NAME = re.compile(r"""["']([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][^\W\d_'\-]*(?:['\-][^\W\d_]+)*)["']""")


def _faker_names() -> frozenset[str]:
    import importlib.util  # only needed here, once per process

    try:
        spec = importlib.util.find_spec("faker")
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return frozenset()  # the hand-written lists still work
    person_dir = os.path.join(os.path.dirname(spec.origin), "providers", "person")
    names: set[str] = set()
    for locale in _FAKER_LOCALES:
        try:
            with open(os.path.join(person_dir, locale, "__init__.py"), encoding="utf-8") as f:
                names.update(_QUOTED_NAME.findall(f.read()))
        except OSError:
            continue  # a locale this Faker version lacks
    # fold all names in one go: one call per name would double the cost
    return frozenset(_fold("\n".join(n for n in names if len(n) > 2)).split("\n"))


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
    "keyworker sho fy1 fy2 staff student houseman surgeon".split()
)
_RELATIONS = frozenset(
    "husband wife partner son daughter mum mom mother dad father brother sister grandson "
    "granddaughter grandmother grandfather grandma grandad granddad grandpa gran nan nana "
    "nanna aunt auntie aunty uncle nephew niece cousin friend neighbour neighbor fiance "
    "fiancé fiancee fiancée boyfriend girlfriend stepson stepdaughter stepmum stepdad "
    "stepmother stepfather child baby twin sibling flatmate colleague mother-in-law "
    "father-in-law son-in-law daughter-in-law sister-in-law brother-in-law "
    "mum-in-law dad-in-law grandchild godson goddaughter".split()
)
# Words after which the next words are someone's name.
_NAMING_WORDS = frozenset("called named calls nicknamed".split())
# After a sentence-initial word that is also a name, these make it a name
# ("Grace was lovely"), where "Grace period" or "Will they call?" are not.
_NAME_CUES = frozenset(
    "was is said told came helped explained asked has had did and who took "
    "made gave showed listened went rang phoned kept looked spent stayed sat arranged "
    "sorted really always never also then just".split()
)
_DETERMINERS = frozenset("the a an this that these those some any no every each".split())
_PARTICLES = frozenset(
    "van von de der den del della da di du le la al el bin bint ben ibn ap".split()
)
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
    "nhs gp gps cqc pals icb ae a&e nhs111 healthwatch macmillan mind samaritans boots "
    "covid ssri".split()
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“”()\[\]•*]")
_ABBREVIATIONS = _TITLE_WORDS | frozenset("st no vs etc approx".split())
_COMBINING = re.compile("[\u0300-\u036f]")
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "ı": "i"})

# Words before a capitalised word that make it a name: "spoke to Bisi",
# "thank you Oyelaran", "seen by Kowalczyk". Pairs are (word before, word).
_CUE_PAIRS = frozenset(
    tuple(pair.split("+"))
    for pair in (
        "spoke+to speak+to speaking+to talked+to talking+to chatted+to chatted+with spoke+with "
        "talked+with thanks+to you+to thank+you ask+for asked+for seen+by treated+by after+by "
        "examined+by assessed+by visited+by helped+by supported+by reviewed+by met+with "
        "introduced+to handed+to"
    ).split()
)
_CUE_WORDS = frozenset("thanks dear hi hello cheers".split())
# "Bisi on reception", "Obi from the crisis team": where staff are.
_STATIONED = frozenset("reception triage nights switchboard duty".split())
_STATIONED_THE = frozenset(
    "ward desk phone phones front crisis night day reception switchboard team unit helpline".split()
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
            _SENTENCE_BREAK.search(gap) is not None
            and not (gap.strip() == "." and toks[-1].low in _ABBREVIATIONS)
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
            )
        )
        prev_end = m.end()
    return toks


class _NameFinder:
    """Marks the words of one text that are (parts of) names of people."""

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
        return len(parts) > 1 and all(
            (p in lex.first or p in lex.surnames) and p not in lex.common for p in parts
        )

    def _known_name(self, tok: _Tok) -> bool:
        """In the hand-written lists or, a weaker sign, in Faker's."""
        return self._gazetteer(tok) or tok.low in self.lex.extra

    def _common(self, tok: _Tok) -> bool:
        common = self.lex.common
        return tok.low in common or all(p in common for p in tok.low.split("-"))

    def _shouted(self, tok: _Tok) -> bool:
        return len(tok.text) > 1 and tok.text.isupper()

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
                return (
                    strong
                    and tok.low in self.lex.word_names
                    and not kept_follows
                    and not self._shouted(tok)
                )
            return self._gazetteer(tok) or not self.soft[i]
        # lower case ("my son ryan"): only a known given name
        return (
            tok.low in self.lex.first or tok.low in self.lex.extra
        ) and tok.low not in _NOT_LOWER_NAMES

    def _next(self, i: int, allow_comma: bool = False) -> int | None:
        """Index of the word after word i if only spacing (or a comma) separates them."""
        j = i + 1
        if j >= len(self.toks):
            return None
        gap = self.toks[j].gap.strip()
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
            elif self._shouted(tok) and not self._gazetteer(tok):
                self.soft[i] = True  # CQC, CAMHS, ICU
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
        while start > 0 and i - start < 6 and toks[start].gap.strip() in ("", "&"):
            prev = toks[start - 1]
            if not prev.cap or prev.low in lex.function:
                break
            if not strong and (prev.low in _TITLE_WORDS or prev.low in _ROLES):
                break  # "Mrs Ward", "Matron Ward" are people
            if not strong and prev.low in lex.first and not prev.possessive:
                # "Karen Ward" is a person; "on Rose Ward", "Weston Park" are places
                ambiguous = prev.low in lex.ambiguous or prev.low in lex.common
                if not (ambiguous and self._word(start - 2) in _PLACE_PREPOSITIONS):
                    break
            start -= 1
        return start

    def _protect_ward_codes(self) -> None:
        """ "Ward B3", "bay 4": a code after them means a place; "ward" in
        lower case is never a name unless a title says so ("dr ward")."""
        for i, tok in enumerate(self.toks):
            if tok.low not in ("ward", "bay", "bed", "room", "wards"):
                continue
            nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
            short_code = (
                nxt is not None
                and nxt.gap == " "
                and len(nxt.text) <= 2
                and self.text[nxt.end : nxt.end + 1].isdigit()
            )
            code = self.text[tok.end + 1 : tok.end + 2].isdigit() or short_code
            person = tok.gap.strip() == "" and self._word(i - 1) in _PERSON_CONTEXT
            if code or (not tok.cap and not person):
                self.hard[i] = True
            if short_code:
                self.hard[i + 1] = True

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
            if not self.name[i] and (self._bare_name(i) or self._cued(i) or self._before_role(i)):
                self.name[i] = True
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
        elif self._lower_full_name(j):
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
            return (
                tok.low in lex.extra
                and self._weak_name_is_name(i)
                and self._word(i - 1) not in _PLACE_BEFORE
            )
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
        if (
            not tok.cap
            or j is None
            or self.toks[j].low not in ("the", "our", "my", "a", "his", "her")
        ):
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
                        if (
                            not self.name[j]
                            and self.toks[j].cap
                            and self._candidate(j, strong=True)
                        ):
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
        if (
            self._word(i + 1) in ("and", "&")
            and self._next(i) is not None
            and self._next(i + 1) is not None
        ):
            yield i + 2
        if (
            i >= 2
            and self._word(i - 1) in ("and", "&")
            and toks[i].gap.strip() == ""
            and toks[i - 1].gap.strip() == ""
        ):
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
        return gap.strip() == "." and (
            len(self.toks[j].text) == 1 or self.toks[j].low in _TITLE_WORDS
        )


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
    "was is has had who and said told says went came got needed wasn't "
    "isn't hasn't didn't does did".split()
)
# "in Elgin", "near Penistone": what follows is a place more likely than a person.
_PLACE_BEFORE = frozenset("in near around outside across towards via".split())
_PLACE_PREPOSITIONS = frozenset("on to onto in at from the of".split())


def _find_names(text: str, structured: list[Finding]) -> list[Finding]:
    return _NameFinder(text, structured).find()
