"""Deterministic corpus of feedback-like records for testing the scrubber.

Each record is ``{"id", "text", "planted", "kept"}``: ``planted`` lists the
identifiers written into the text (type, value, start, end) and ``kept`` the
terms the scrubber must leave alone. ``evaluate`` compares scrubbed texts with
what was planted and returns leak and keep rates.

The name pools here are written independently of the scrubber's gazetteer and
on purpose include names it does not list: names in context must be caught by
context rules, not by the word lists. Nothing is committed as generated data;
call ``generate(n, seed)``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the kinds' generators sit beside this file
import anonymise_corpus_kinds as kinds  # noqa: E402

FIRST = """
Karen John Tom Aisha Ryan Sarah Mohammed Priya Wiktoria Chidi Siobhan Wei Grace Will Mark
Emma Olivia Jack Harry Sophie Chloe Daniel Michael Paul Susan Margaret Barbara Derek Janet
Ahmed Fatima Imran Nusrat Ravi Anjali Gurpreet Harjit Sanjay Deepa Bilal Zainab Yusuf Ayesha
Agnieszka Tomasz Katarzyna Piotr Marek Magdalena Bartosz Zofia Adebayo Ngozi Oluwaseun Chinedu
Funmilayo Emeka Folake Tunde Kwame Abena Niamh Declan Aoife Padraig Ciaran Roisin Eamon Fionnuala
Xiaoling Mei Jun Hui Ling Chen Minh Thanh Giulia Marco Joao Ines Andreea Mihai Ionut Dimitra
Kelechi Obiageli Ifunanya Temitope Shabnam Mehreen Tahmina Rukhsana Hamza Ishaan Arjun Kavya
Lucy Amelia Isla Freya Oscar Archie Alfie Noah Leo Theo Harvey Jodie Kayleigh Shannon Tyler
Rose Hope Frank Bill Sue May Dawn Joy Ruby Holly
Ewa Jakub Dorota Eilidh Morag Hamish Rhys Cerys Bethan Gethin Lowri Mohsin Shazia Naveed
""".split()

SURNAMES = """
Smith Jones Patel Khan O'Neill Okafor Kowalski Nowak Zhang Wang Murphy Kelly Ahmed Hussain
Begum Singh Kaur Sharma Gupta Adeyemi Okonkwo Mensah Boateng Nguyen Tran Williams Taylor
Brown Wilson Thompson Robinson Wright Walker Hughes Edwards Lewis Harris Clarke Jackson Wood
Green Hall Ward Young Hill Lee Chen Li Wong Chan Lam Kaminski Lewandowska Wojcik Wisniewski
Zielinski Popescu Ionescu Stan Petrov Ivanova O'Brien Byrne Doyle McCarthy Gallagher Quinn
Fitzgerald Ahmadi Rahman Uddin Chowdhury Miah Iqbal Mahmood Akhtar Bhatti Qureshi Siddiqui
Adebayo Olawale Nwosu Eze Obi Balogun Ogunleye Asante Owusu Osei Mwangi Ndlovu Dube
Thornton Ashworth Sutcliffe Barraclough Holroyd Ackroyd Greenwood Haigh Priestley Crowther
Featherstone Oyelowo Achterberg Krasinski Szczepaniak Nakamura Bhattacharya Venkataraman
""".split()

PROVIDERS = [
    "Northern General Hospital",
    "Royal Hallamshire Hospital",
    "Sheffield Teaching Hospitals NHS Foundation Trust",
    "Yorkshire Ambulance Service",
    "St Mary's Hospital",
    "Dr Gray's Hospital",
    "Leeds General Infirmary",
    "Bradford Royal Infirmary",
    "Pinderfields Hospital",
    "Barnsley Hospital",
    "Rotherham General Hospital",
    "Doncaster Royal Infirmary",
    "Sheffield Children's Hospital",
    "Weston Park Hospital",
    "St Luke's Hospice",
    "Porter Brook Medical Centre",
    "Calderdale Royal Hospital",
    "Huddersfield Royal Infirmary",
    "Leeds Teaching Hospitals NHS Trust",
    "South West Yorkshire Partnership NHS Foundation Trust",
    "Dr Gray's Hospital",
    "Airedale General Hospital",
    "Hull Royal Infirmary",
    "St James's University Hospital",
]
SERVICES = [
    "A&E",
    "the crisis team",
    "the discharge lounge",
    "the community mental health team",
    "paramedics",
    "the GP",
    "our GP",
    "111",
    "999",
    "NHS 111",
    "CQC",
    "PALS",
    "ward 5",
    "Ward B3",
    "Ward 24",
    "the stroke unit",
    "the maternity unit",
    "the district nurses",
    "the out of hours GP",
    "the pharmacy",
    "the physio department",
    "the memory clinic",
    "the Long Covid clinic",
    "Healthwatch",
]
PLACES = [
    "Leeds",
    "Sheffield",
    "Bradford",
    "Rotherham",
    "Doncaster",
    "Wakefield",
    "Huddersfield",
    "Barnsley",
    "Halifax",
    "York",
    "Hull",
    "Harrogate",
]
STREET_WORDS = [
    "Acacia",
    "High",
    "Church",
    "Station",
    "Mill",
    "Oak",
    "Beech",
    "Victoria",
    "Manor",
    "Ecclesall",
    "Abbeydale",
    "Crookes",
    "Psalter",
    "Rutland",
    "Kirkstall",
    "Harehills",
    "Spring Bank",
    "Cemetery",
    "Sandygate",
    "Thornhill",
    "Greenhow",
]
STREET_TYPES = [
    "Avenue",
    "Street",
    "Road",
    "Lane",
    "Close",
    "Drive",
    "Crescent",
    "Way",
    "Grove",
    "Terrace",
    "Court",
    "Gardens",
    "Rd",
    "St",
    "Place",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
POSTCODE_AREAS = [
    "S",
    "LS",
    "BD",
    "HD",
    "HX",
    "WF",
    "DN",
    "HU",
    "YO",
    "M",
    "SW",
    "E",
    "N",
    "B",
    "L",
    "NE",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


class _Builder:
    """Collects text pieces and remembers where planted and kept values are."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.planted: list[dict] = []
        self.kept: list[str] = []

    def text(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def plant(self, type_: str, value: str, kind: str | None = None) -> None:
        self.planted.append(
            {
                "type": type_,
                "kind": kind or type_,
                "value": value,
                "start": self.length,
                "end": self.length + len(value),
            }
        )
        self.text(value)

    def keep(self, value: str) -> None:
        self.kept.append(value)
        self.text(value)

    def add(self, *parts) -> None:
        """Plain strings are text; ("KEEP", term) is kept; (type, value) is planted."""
        for part in parts:
            if isinstance(part, str):
                self.text(part)
            elif part[0] == "KEEP":
                self.keep(part[1])
            else:
                self.plant(*part)


# ----------------------------------------------------------- value makers


def nhs_number(rng: random.Random, valid: bool = True) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        digits[0] = rng.choice([4, 6, 7, 9])
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if valid and check != 10:
            digits.append(check)
            break
        if not valid:
            digits.append((check + rng.randint(1, 9)) % 10 if check != 10 else rng.randint(0, 9))
            break
    s = "".join(map(str, digits))
    return rng.choice([f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}", s])


def ni_number(rng: random.Random) -> str:
    letters = "ABCEGHJKLMNPRSTWXYZ"
    prefix = rng.choice(letters) + rng.choice(letters)
    d = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = rng.choice("ABCD")
    s = rng.choice(
        [
            f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}",
            f"{prefix}{d}{suffix}",
            f"QQ {d[:2]} {d[2:4]} {d[4:]} {suffix}",
        ]
    )
    return s.lower() if rng.random() < 0.15 else s


def phone(rng: random.Random) -> str:
    r = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    mob = "7" + rng.choice(["700", "400", "500", "800", "900", "911"]) + r(6)
    area = rng.choice(["114", "113", "1274", "1484", "1422", "1924", "1302", "1482", "1904"])
    local = r(10 - len(area))
    return rng.choice(
        [
            f"0{mob[:4]} {mob[4:]}",
            f"0{mob}",
            f"+44 {mob[:4]} {mob[4:]}",
            f"+44{mob}",
            f"0{mob[:4]}-{mob[4:7]}-{mob[7:]}",
            f"(0{area}) {local[:3]} {local[3:]}",
            f"0{area} {local}",
            f"0{area} {local[:3]} {local[3:]}",
            f"020 {r(4)} {r(4)}",
            f"0800 {r(3)} {r(4)}",
            f"0300 {r(3)} {r(4)}",
            f"+44 (0){area} {local[:3]} {local[3:]}",
            f"0{area}-{local[:3]}-{local[3:]}",
        ]
    )


def email(rng: random.Random, first: str, last: str) -> str:
    local = rng.choice(
        [
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}{rng.randint(1, 99)}",
            f"{last}_{first}",
            f"{first}.{last}{rng.randint(1, 9)}",
        ]
    ).lower()
    local = re.sub(r"[^a-z0-9._]", "", local)
    domain = rng.choice(
        [
            "gmail.com",
            "hotmail.co.uk",
            "nhs.net",
            "yahoo.com",
            "btinternet.com",
            "outlook.com",
            "sky.com",
            "example.org",
        ]
    )
    return f"{local}@{domain}"


def postcode(rng: random.Random) -> str:
    area = rng.choice(POSTCODE_AREAS)
    district = str(rng.randint(1, 29))
    if area in ("SW", "E") and rng.random() < 0.3:
        district = f"{rng.randint(1, 9)}{rng.choice('ABCHW')}"
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    s = rng.choice([f"{area}{district} {inward}", f"{area}{district}{inward}", f"{area}{district} {inward}"])
    return s.lower() if rng.random() < 0.15 else s


def address(rng: random.Random) -> str:
    street = f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_TYPES)}"
    number = str(rng.randint(1, 240)) + (rng.choice("ab") if rng.random() < 0.1 else "")
    s = f"{number} {street}"
    if rng.random() < 0.25:
        s = f"Flat {rng.randint(1, 12)}, {s}"
    if rng.random() < 0.4:
        s += f", {rng.choice(PLACES)}"
    return s.lower() if rng.random() < 0.1 else s


def date_of_birth(rng: random.Random) -> tuple[str, str]:
    """A cue and a date: the date is what must go."""
    y, m, d = rng.randint(1925, 2010), rng.randint(1, 12), rng.randint(1, 28)
    month = MONTHS[m - 1]
    date = rng.choice(
        [
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y % 100:02d}",
            f"{d} {month} {y}",
            f"{d}{_ordinal(d)} of {month} {y}",
            f"{y}-{m:02d}-{d:02d}",
            f"{month} {d}, {y}",
            f"{d:02d}.{m:02d}.{y}",
        ]
    )
    cue = rng.choice(
        [
            "DOB ",
            "DOB: ",
            "dob ",
            "D.O.B. ",
            "date of birth: ",
            "Date of birth ",
            "born on ",
            "born ",
            "who was born on ",
        ]
    )
    return cue, date


def _ordinal(d: int) -> str:
    return "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def hospital_number(rng: random.Random) -> tuple[str, str, str]:
    """Text before, the number, text after."""
    digits = "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([7, 8])))
    return rng.choice(
        [
            ("hospital number ", rng.choice(["RHQ", "RR8", "RWA", "RCU"]) + digits, ""),
            ("MRN: ", "00" + digits[:6], ""),
            ("", rng.choice("KMJ") + digits[:7], " on my wristband"),
            ("his hospital no. is ", "RH" + digits, ""),
            ("unit number ", digits, ""),
        ]
    )


# -------------------------------------------------------------- templates


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(SURNAMES)


def _staff_mention(b: _Builder, rng: random.Random) -> None:
    first, last = _person(rng)
    form = rng.randrange(16)
    role = rng.choice(
        [
            "nurse",
            "paramedic",
            "receptionist",
            "physio",
            "midwife",
            "porter",
            "carer",
            "healthcare assistant",
            "doctor",
            "pharmacist",
            "social worker",
        ]
    )
    if form == 0:
        b.add(
            rng.choice(["Dr ", "Dr. ", "dr "]),
            ("NAME", last),
            " was dismissive and did not listen. ",
        )
    elif form == 1:
        b.add(f"A {role} called ", ("NAME", first), " was so kind to us. ")
    elif form == 2:
        b.add(f"The {role} named ", ("NAME", first), " explained everything clearly. ")
    elif form == 3:
        b.add(rng.choice(["Sister ", "Staff Nurse ", "Matron ", "Charge Nurse "]), ("NAME", last))
        b.text(" ran the ward brilliantly. ")
    elif form == 4:
        b.add(rng.choice(["Mr ", "Mrs ", "Mrs. ", "Ms ", "Miss "]), ("NAME", last))
        b.text(" the consultant saw us after a long wait. ")
    elif form == 5:
        b.add(("NAME", first), " on reception was really rude to my mum. ")
    elif form == 6:
        b.add("Special thanks to ", ("NAME", first), " and ", ("NAME", rng.choice(FIRST)))
        b.text(" on the ward. ")
    elif form == 7:
        b.add(("NAME", f"{first} {last}"), " from the crisis team rang me back the same day. ")
    elif form == 8:
        b.add(f"Our {role}, ", ("NAME", first), ", went above and beyond. ")
    elif form == 9:
        b.add(("NAME", first), f", the {role}, stayed late to make sure we were ok. ")
    elif form == 10:
        b.add("I spoke to ", ("NAME", first), " who said there were no beds. ")
    elif form == 11:
        b.add("Consultant Mr ", ("NAME", last), " took time to talk to us. ")
    elif form == 12:
        b.add(("NAME", first), "'s kindness meant a lot to my dad. ")
    elif form == 13:
        b.add("we saw dr ", ("NAME", last.lower()), " who was lovely. ")
    elif form == 14:
        b.add("Dr ", ("NAME", f"{first} {last}"), " referred me on. ")
    else:
        b.add("Nurse ", ("NAME", first), " held my hand the whole time. ")


def _relative_mention(b: _Builder, rng: random.Random) -> None:
    first, last = _person(rng)
    rel = rng.choice(
        [
            "husband",
            "wife",
            "son",
            "daughter",
            "mum",
            "dad",
            "partner",
            "nan",
            "grandson",
            "brother",
            "sister",
            "mother-in-law",
            "friend",
        ]
    )
    form = rng.randrange(8)
    if form == 0:
        b.add(f"My {rel} ", ("NAME", f"{first} {last}"), " waited six hours for an ambulance. ")
    elif form == 1:
        b.add(f"my {rel} ", ("NAME", first.lower()), " was seen quickly. ")
    elif form == 2:
        b.add(f"My {rel}, ", ("NAME", first), ", has dementia and was not fed properly. ")
    elif form == 3:
        b.add(f"I took my {rel} ", ("NAME", first), " for a blood test. ")
    elif form == 4:
        b.add(f"Her {rel} ", ("NAME", first), " had to chase the results. ")
    elif form == 5:
        b.add(f"My late {rel} ", ("NAME", first), " was cared for with dignity. ")
    elif form == 6:
        b.add(f"my {rel} ", ("NAME", first), "'s medication was wrong twice. ")
    else:
        b.add("Her name is ", ("NAME", first), f" and she is my {rel}. ")


def _experience(b: _Builder, rng: random.Random) -> None:
    form = rng.randrange(10)
    if form == 0:
        b.add("We went to ", ("KEEP", rng.choice(PROVIDERS)), " on ")
        b.add(("EXACT DATE", f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"), " and waited hours. ")
    elif form == 1:
        b.add("I rang ", ("KEEP", rng.choice(["111", "NHS 111"])), " and they sent ")
        b.add(("KEEP", "paramedics"), ". ")
    elif form == 2:
        b.add("The staff in ", ("KEEP", "A&E"), " at ", ("KEEP", rng.choice(PROVIDERS)))
        b.text(" were brilliant. ")
    elif form == 3:
        b.keep(
            rng.choice(
                [
                    "The crisis team",
                    "Yorkshire Ambulance Service",
                    "The community mental health team",
                ]
            )
        )
        b.add(" did not call back, so I called ", ("KEEP", "999"), ". ")
    elif form == 4:
        b.add("I complained to ", ("KEEP", "PALS"), " and then to the ", ("KEEP", "CQC"), ". ")
    elif form == 5:
        b.add(
            "Mum was moved to ",
            ("KEEP", rng.choice(["Ward B3", "ward 5", "Ward 24", "the stroke unit"])),
        )
        b.add(" and then sat in ", ("KEEP", "the discharge lounge"), " all day. ")
    elif form == 6:
        b.add("Getting a ", ("KEEP", "GP"), " appointment in ", ("KEEP", rng.choice(PLACES)))
        b.text(" is impossible. ")
    elif form == 7:
        b.add(("KEEP", rng.choice(PLACES)), " needs more mental health beds. ")
    elif form == 8:
        b.add("I was seen on ", ("EXACT DATE", f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2024"))
        b.add(" at ", ("KEEP", rng.choice(PROVIDERS)), ". ")
    else:
        b.add("The ", ("KEEP", rng.choice(["Long Covid clinic", "memory clinic", "maternity unit"])))
        b.add(" at ", ("KEEP", rng.choice(PROVIDERS)), " was excellent. ")


def _everyday_words(b: _Builder, rng: random.Random) -> None:
    """Words that are also names, used as words: they must stay."""
    form = rng.randrange(8)
    if form == 0:
        b.add(("KEEP", "Will"), " someone please call me back? ")
    elif form == 1:
        b.add("I ", ("KEEP", "hope"), " this feedback helps. ")
    elif form == 2:
        b.add("In ", ("KEEP", "May"), " the waiting list was over a year. ")
    elif form == 3:
        b.add("To be ", ("KEEP", "frank"), ", the food was cold. ")
    elif form == 4:
        b.add("We got a parking ", ("KEEP", "bill"), " on top of everything. ")
    elif form == 5:
        b.add("Staff ", ("KEEP", "will"), " tell you they are short staffed. ")
    elif form == 6:
        b.add(("KEEP", "Hope"), " you can sort the phones out. ")
    else:
        b.add("There was a ", ("KEEP", "mark"), " on her arm after the cannula. ")


def _identifiers(b: _Builder, rng: random.Random) -> None:
    first, last = _person(rng)
    form = rng.randrange(11)
    if form == 0:
        b.text(rng.choice(["My NHS number is ", "NHS no: ", "nhs number ", "Her NHS number: "]))
        b.add(("NHS NUMBER", nhs_number(rng, valid=rng.random() < 0.7)), ". ")
    elif form == 1:
        b.add("You can reach me on ", ("PHONE", phone(rng)), rng.choice([". ", " any time. "]))
    elif form == 2:
        b.add("Please email me at ", ("EMAIL", email(rng, first, last)), ". ")
    elif form == 3:
        b.add("I live at ", ("ADDRESS", address(rng)), ", ")
        b.add(("POSTCODE", postcode(rng)), ". ")
    elif form == 4:
        cue, date = date_of_birth(rng)
        b.add(f"Patient is {rng.randint(18, 95)}, {cue}", ("DATE OF BIRTH", date), ". ")
    elif form == 5:
        before, number, after = hospital_number(rng)
        b.add("For reference, " + before, ("HOSPITAL NUMBER", number), after + ". ")
    elif form == 6:
        b.add("My NI number is ", ("NI NUMBER", ni_number(rng)), ". ")
    elif form == 7:
        b.add("Call ", ("PHONE", phone(rng)), " or text ", ("PHONE", phone(rng)), ". ")
    elif form == 8:
        b.add("Postcode ", ("POSTCODE", postcode(rng)), " if that helps. ")
    elif form == 9:
        cue, date = date_of_birth(rng)
        b.add("My mum (" + cue, ("DATE OF BIRTH", date), ") was left on a trolley. ")
    else:
        b.add("Her address is ", ("ADDRESS", address(rng)), " and her number ")
        b.add(("NHS NUMBER", nhs_number(rng)), ". ")


def _hard_kinds(b: _Builder, rng: random.Random) -> None:
    """One of the kinds an independent check found leaking (anonymise_corpus_kinds)."""
    rng.choice(kinds.KINDS)(b, rng)


_SECTIONS = (_staff_mention, _relative_mention, _experience, _everyday_words, _identifiers, _hard_kinds)
_WEIGHTS = (4, 3, 4, 1, 3, 6)


def generate(n: int = 600, seed: int = 2024) -> list[dict]:
    """``n`` records; the same ``n`` and ``seed`` always give the same records."""
    rng = random.Random(seed)
    records = []
    for k in range(n):
        b = _Builder()
        for section in rng.choices(_SECTIONS, weights=_WEIGHTS, k=rng.randint(2, 5)):
            section(b, rng)
        if rng.random() < 0.5:
            b.text(
                rng.choice(
                    [
                        "Thank you.",
                        "Overall a good experience.",
                        "Not good enough.",
                        "Please pass this on.",
                        "Lovely staff but too few of them.",
                    ]
                )
            )
        records.append(
            {
                "id": f"rec-{k:05d}",
                "text": "".join(b.parts).strip(),
                "planted": b.planted,
                "kept": b.kept,
            }
        )
    return records


# -------------------------------------------------------------- evaluation


def _count(term: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(term)}(?![\w])", text))


def _without_planted(record: dict) -> str:
    rest = record["text"]
    for p in sorted(record["planted"], key=lambda p: -p["start"]):
        rest = rest[: p["start"]] + " " + rest[p["end"] :]
    return rest


def _leaked(record: dict, item: dict, output: str) -> bool:
    """A planted value leaks if any word of it is in the output more often
    than in the input with all planted values taken out."""
    rest = _without_planted(record)
    value = item["value"]
    if item["type"] == "AGE":  # the exact age must go; a band ("90+", "40s") may stay
        number = re.search(r"\d+", value).group()
        exact = rf"(?<!\d){number}(?![\d+s])"
        return len(re.findall(exact, output)) > len(re.findall(exact, rest))
    pieces = [value] if item["type"] != "NAME" else value.split()
    if item["type"] != "NAME":
        pieces.append(re.sub(r"[\s\-()]", "", value))  # the same digits, joined up
    return any(_count(piece, output) > _count(piece, rest) for piece in pieces if len(piece) > 1)


def evaluate(records: list[dict], outputs: list[str]) -> dict:
    """Leak rate per planted type, name leak rate, structured leak rate, keep rate."""
    by_type: dict[str, list[int]] = {}
    kept = total_kept = 0
    for record, output in zip(records, outputs):
        for item in record["planted"]:
            stats = by_type.setdefault(item["type"], [0, 0])
            stats[1] += 1
            stats[0] += _leaked(record, item, output)
        for term in set(record["kept"]):
            need = _count(term, _without_planted(record))
            total_kept += need
            kept += min(need, _count(term, output))
    structured = [v for k, v in by_type.items() if k != "NAME"]
    leaked_structured = sum(v[0] for v in structured)
    total_structured = sum(v[1] for v in structured)
    names = by_type.get("NAME", [0, 0])
    by_kind: dict[str, list[int]] = {}
    for record, output in zip(records, outputs):
        for item in record["planted"]:
            stats = by_kind.setdefault(item.get("kind", item["type"]), [0, 0])
            stats[1] += 1
            stats[0] += _leaked(record, item, output)
    return {
        "leak_by_kind": {k: v[0] / v[1] for k, v in sorted(by_kind.items())},
        "counts_by_kind": {k: v[1] for k, v in sorted(by_kind.items())},
        "leak_by_type": {k: v[0] / v[1] for k, v in sorted(by_type.items())},
        "counts_by_type": {k: v[1] for k, v in sorted(by_type.items())},
        "structured_leak": leaked_structured / max(total_structured, 1),
        "name_leak": names[0] / max(names[1], 1),
        "keep": kept / max(total_kept, 1),
        "records": len(records),
    }


def leaks(records: list[dict], outputs: list[str]) -> list[tuple[str, str, str]]:
    """(type, value, output) of every leaked value: for test failure messages."""
    return [
        (item["type"], item["value"], output)
        for record, output in zip(records, outputs)
        for item in record["planted"]
        if _leaked(record, item, output)
    ]


def lost_terms(records: list[dict], outputs: list[str]) -> list[tuple[str, str]]:
    return [
        (term, output)
        for record, output in zip(records, outputs)
        for term in set(record["kept"])
        if _count(term, output) < _count(term, _without_planted(record))
    ]
