"""An independent corpus for the scrubber: its own sentence templates, vocabulary,
names and places, written without looking at the scrubber's word lists or at the
project's own corpus (``anonymise_corpus.py``), and scored by its own oracle.

Each record is ``{"id", "text", "planted", "kept"}``. ``planted`` items carry the
truth span (``start``/``end`` in ``text``), a ``type`` (NAME or a structured type)
and a ``kind`` ("name: possessive", "phone: words" ...); ``kept`` items are terms
that must come through (providers, services, places, wards named after people,
ordinary words that are also names), each with a ``kind`` too.

Names are hand-written here, 300+ of many origins (Cornish, Welsh, Gaelic, Punjabi,
Gujarati, Tamil, Bengali, Somali, Amharic, Yoruba, Igbo, Akan, Shona, Zulu, Polish,
Ukrainian, Romanian, Lithuanian, Hungarian, Balkan, Turkish, Kurdish, Persian,
Arabic, Chinese, Vietnamese, Korean, Japanese, Filipino, Thai, Portuguese,
Basque, Catalan, Italian, Dutch, German, French, Caribbean ...). Nothing
guarantees they are in the scrubber's lists: some are, many are not.

Decisions, documented where the oracle needs one:
- A ward named after a person ("Florence Ward", "Seacole Ward", "Nightingale Ward")
  is a place of care and is KEPT when the text says it is a place (moved to,
  on, in, the ... staff). A person who happens to be called "Karen Ward" is a name.
- A title the scrubber keeps ("Dr", "Nurse") is not part of the planted name;
  honorifics (Mr, Mrs, Ms) are written outside the planted span too, so either way
  only the name words count.
- A locality after a street without a number is part of the address.

The oracle (``evaluate``) is brute force and case-insensitive: a planted value
leaks if any of its significant pieces (for a name each word of it, for a
structured identifier each word or digit run that identifies, and any two of its
tokens in a row) occurs in the output more often than in the input with every
planted span taken out. A kept term is kept when it occurs in the output (exact
case) as often as in the input without the planted spans.
"""

from __future__ import annotations

import random
import re

# ------------------------------------------------------------------ names

GIVEN = """
Bronwen Rhiannon Tegan Morwenna Jago Tamsin Kerenza Peregrine Ottilie Clemency Barnaby Rupert
Hermione Jocasta Kezia Letitia Marjorie Winifred Mavis Doreen Beryl Gladys Cyril Reginald
Wilfred Alwyn Glenys Myfanwy Carys Emrys Idris Gwilym Ffion Elin Nerys Osian Ishbel Mhairi
Kirsteen Ruaraidh Lachlan Torquil Fergus Finlay Dervla Clodagh Fiachra Tadhg Peadar Niall
Sorcha Meabh Eoghan Cormac Harvinder Jasbir Kulwant Tejinder Amandeep Simranjit Prabhjot
Mandeep Hardeep Baljit Devika Aarav Vihaan Ananya Ishita Lakshmi Padma Venkatesh Srinivas
Karthik Murugan Shreya Tanvi Pooja Nilesh Hitesh Bhavesh Jignesh Kalpana Hemlata Rashmi
Sundar Mahesh Shahid Waqas Usman Zubair Junaid Faisal Shoaib Sajid Rubina Shamima Nasreen
Rehana Tasleem Humaira Sadia Anwara Momtaz Rokeya Rafiq Shafiqul Youssef Khaled Mahmoud Rania
Dalia Hiba Layla Salma Mounir Karim Samir Walid Ghada Shirin Parisa Farshid Behrouz Golnaz
Arash Emre Burak Elif Zeynep Mehmet Aylin Serkan Hevin Rojda Dilan Chidubem Obinna Ikenna
Nkechi Uchenna Chinwe Oluwatobi Ayodele Olufemi Modupe Titilayo Abimbola Yewande Akosua Yaw
Kojo Afua Esi Kwesi Mamadou Aminata Fatoumata Moussa Ousmane Tsion Selam Dawit Yonas Hirut
Mulugeta Abdirahman Hodan Ayaan Ubah Faduma Mahad Zanele Themba Lerato Bongani Nokuthula
Tatenda Rudo Chipo Tinashe Kudzai Wairimu Kiprono Achieng Odhiambo Xiaoyu Zhiwei Yuting
Jiahui Haoran Meiling Weijie Shufen Siew Ngoc Phuong Tuan Trung Hieu Sakura Takeshi Hiroshi
Naoko Daisuke Ji-hoon Soo-ah Hye-jin Dong-hyun Malee Somchai Nattapong Rizal Dewi Maricel
Rowena Jocelyn Arnel Wojciech Łukasz Paweł Jędrzej Grażyna Halina Urszula Bożena Mirosław
Sławomir Jarosław Dariusz Beata Iwona Renata Milena Vesna Dragan Goran Snežana Bojana Dimitar
Stoyan Rumyana Tsvetelina Gheorghe Ionela Mirela Sorin Andris Inese Kristaps Mindaugas
Vytautas Olena Oksana Bohdan Taras Svitlana Yaroslav Nataliya Joaquim Conceição Fernanda
Leandro Thiago Rafaela Guadalupe Itziar Aitor Iñaki Mireia Jordi Montserrat Xabier Giacomo
Ludovica Benedetta Salvatore Ottavio Chiara Margarethe Wolfgang Jürgen Annelie Sjoerd Maarten
Femke Anouk Thibault Ségolène Aurélie Gwenaëlle Yannick Aoibheann Delroy Winston Desmond
Hyacinth Marcia Everton Errol Lascelles Maxine Paulette Beverley Leroy Dwayne
""".split()

FAMILY = """
Scattergood Pennyfeather Winterbottom Sidebottom Higginbottom Blenkinsop Gathercole Trelawny
Penhaligon Chenoweth Polglase Pascoe Trevithick Nankivell Rowbotham Copperwheat Fothergill
Huckerby Thistlethwaite Goodacre Cruickshank Auchterlonie Farquharson Urquhart Menzies
Ramaswamy Chakraborty Banerjee Mukherjee Ganguly Deshpande Kulkarni Patil Nair Menon Reddy
Naidu Dhaliwal Sidhu Bains Sahota Johal Randhawa Virdi Basra Choudry Awan Haque Sarkar
Talukder Majumder Abdelrahman Benali Bouzid Mansouri Haddadi Jaber Saleh Yousef Khoury
Nassar Tehrani Moradi Ghorbani Aydın Şahin Doğan Arslan Barzani Okwuosa Nwankwo Onyekachi
Adeleke Ogunbiyi Oyewole Akinola Afolabi Boakye Appiah Ofori Agyeman Diallo Traoré Keita
Ndiaye Kebede Tadesse Alemu Hailu Mohamud Abdullahi Hirsi Nyathi Sibanda Chikwanha Mutasa
Kipchoge Wambui Tsang Yip Leung Cheung Kwok Fung Liang Zhao Qian Guo Xie Nishimura Matsumoto
Yamaguchi Kobayashi Inoue Choi Truong Santos Reyes Bautista Villanueva Grzybowski Szymańska
Wróblewski Jabłońska Piątek Michalak Nemeth Szabo Toth Varga Horvat Kovačević Jovanović
Nikolić Georgiev Dimitrova Ivanov Stanciu Constantin Radu Kazlauskas Jankauskienė Bērziņš
Ozols Shevchenko Kovalenko Bondarenko Tkachenko Ferreira Carvalho Pereira Sousa Rodrigues
Echeverría Goikoetxea Esposito Russo Ferrari Romano Colombo Bianchi Müller Schäfer Wagner
Fischer Dubois Lefèvre Moreau Girard Bakker Visser Jansen
""".split()

# O', Mc, Mac, double-barrelled, hyphenated and particle surnames.
FAMILY_COMPOUND = (
    """
O'Sullivan O'Driscoll O'Shaughnessy O'Callaghan O'Rourke O'Dowd McGuinness McEnroe MacNamara
McGillivray MacAskill MacIntyre McCorquodale MacKechnie McIlroy Fitzpatrick Hamilton-Jones
Ortiz-Baptiste Smith-Okafor Ashby-Clarke Fenwick-Stewart Okoye-Mills Adeyemi-Hart
Chowdhury-Reid Owusu-Ansah Al-Hashimi El-Sayed Ben-David Lloyd-Pritchard Evans-Bevan
Garcia-Lopez Nowak-Zielinska Price-Ashworth
""".split()
    + ["de Souza", "van der Merwe", "da Silva", "dos Santos", "ap Rhys", "le Roux", "Mac an Bhaird"]
)

# Given names that are also English words (or look like them).
WORD_GIVEN = """
Faith Patience Blessing Precious Comfort Gift Miracle Treasure Favour Prosper Wisdom
Innocent Memory Princess Justice Honour Verity Felicity Serenity Harmony Melody Liberty
Destiny Chance Sterling Ebony Jade Coral Opal Meadow Willow Sage Heath Clay Sandy Rusty
Sonny Rocky Dawn Hope Joy Grace Rose Will Mark Bill Frank Pat Sue Rob Drew Ray
""".split()
# Surnames that are also English words.
WORD_FAMILY = """
Baker Cook Bishop Mason Bird Fox Wolf Lamb Moon Rice Marsh Field Black White Young Strong
Hardy Sharp Swift Bright Best Gentle Little Rich Dear Wise Good Noble Church Stone
""".split()

NICKNAMES = """
Bex Gaz Shaz Macca Robbo Tommo Jonno Deano Baz Kez Tash Jas Sav Raj Mo Az Fi Liddy Bunty Pip
Kit Ginny Jojo Bobbi Zee Dev Nikki Yaz Mags Titch Dazza Smudge Bazza Sully
""".split()

# Relations and roles, with the misspellings people write.
RELATIONS = [
    "mum", "mam", "mom", "dad", "nan", "nana", "grandad", "gran", "hubby", "husband", "wife",
    "partner", "son", "daughter", "lad", "step-son", "sister", "brother", "auntie", "uncle",
    "neighbour", "neice", "nephew", "cousin", "best friend", "bf", "girlfriend", "fiance",
]  # fmt: skip
ROLES = [
    "nurse", "nurce", "docter", "doctor", "recepshonist", "receptionist", "carer", "paramedic",
    "physio", "OT", "social worker", "health visitor", "midwife", "consultant", "care co-ordinator",
    "HCA", "support worker", "porter", "pharmacist", "district nurse",
]  # fmt: skip

# ------------------------------------------------------ kept terms (truth)

HOSPITALS = [
    "Royal Stoke University Hospital",
    "New Cross Hospital",
    "Walsall Manor Hospital",
    "Royal Blackburn Teaching Hospital",
    "Royal Oldham Hospital",
    "Morriston Hospital",
    "Wrexham Maelor Hospital",
    "Ninewells Hospital",
    "Derriford Hospital",
    "Royal Cornwall Hospital",
    "Ipswich Hospital",
    "Norfolk and Norwich University Hospital",
    "Queen Elizabeth Hospital",
    "Alexandra Hospital",
    "William Harvey Hospital",
    "Frimley Park Hospital",
    "Conquest Hospital",
    "Royal Lancaster Infirmary",
    "Furness General Hospital",
    "Cumberland Infirmary",
    "Princess Royal Hospital",
    "Lister Hospital",
    "Wexham Park Hospital",
    "Royal Berkshire Hospital",
    "John Radcliffe Hospital",
    "Sir Robert Peel Community Hospital",
]
HOSPICES_HOMES = [
    "Florence Nightingale Hospice",
    "Rowcroft Hospice",
    "St Helena Hospice",
    "Douglas Macmillan Hospice",
    "Grace Lodge Care Home",
    "Primrose Court Care Home",
    "Heather View Nursing Home",
    "Bluebell Wood Children's Hospice",
    "Ashgrove Care Home",
    "Beatrice Court Nursing Home",
]
SURGERIES = [
    "Rose Cottage Surgery",
    "Jessop Medical Practice",
    "The Ridgeway Surgery",
    "Albany House Medical Centre",
    "Kingsway Health Centre",
    "Daisy Bank Surgery",
    "Holly Lodge Surgery",
    "Ivy Grove Surgery",
    "Jasmine Park Practice",
    "Willowbrook Health Centre",
    "Hope Family Medical Centre",
    "Marsh Lane Surgery",
    "Victoria Street Practice",
    "Harvey Road Health Centre",
]
TRUSTS = [
    "Midlands Partnership NHS Foundation Trust",
    "Lancashire Teaching Hospitals NHS Foundation Trust",
    "University Hospitals of North Midlands NHS Trust",
    "Swansea Bay University Health Board",
    "NHS Tayside",
    "Royal Cornwall Hospitals NHS Trust",
    "East Kent Hospitals University NHS Foundation Trust",
    "North West Ambulance Service",
    "West Midlands Ambulance Service",
    "Mersey Care NHS Foundation Trust",
]
TOWNS = [
    "Stoke-on-Trent",
    "Wolverhampton",
    "Walsall",
    "Burnley",
    "Blackburn",
    "Oldham",
    "Rochdale",
    "Wigan",
    "Swansea",
    "Wrexham",
    "Dundee",
    "Paisley",
    "Plymouth",
    "Truro",
    "Exeter",
    "Ipswich",
    "Norwich",
    "Lowestoft",
    "Grimsby",
    "Scunthorpe",
    "Carlisle",
    "Kendal",
    "Barrow-in-Furness",
    "Hereford",
    "Telford",
    "Shrewsbury",
    "Luton",
    "Slough",
    "Reading",
    "Crawley",
    "Margate",
    "Hastings",
]
PERSON_WARDS = [
    "Florence Ward",
    "Nightingale Ward",
    "Seacole Ward",
    "Lister Ward",
    "Jenner Ward",
    "Cavell Ward",
    "Elizabeth Ward",
    "Harvey Ward",
    "Rowan Ward",
    "Victoria Ward",
]
SERVICES = [
    "the district nurses",
    "the health visitor",
    "the out-of-hours service",
    "the stroke team",
    "the falls team",
    "the walk-in centre",
    "the minor injuries unit",
    "social services",
    "the community midwives",
    "A&E",
    "NHS 111",
    "111",
    "Healthwatch",
    "PALS",
    "CAMHS",
    "Talking Therapies",
    "the eating disorders service",
    "the ambulance service",
]
# Ordinary words that are also names, used as words.
WORD_USES = [
    ("I ", "will", " never go back there."),
    ("My ", "patience", " ran out after four hours."),
    ("We lost ", "faith", " in the whole system."),
    ("They said they would ", "sue", " the trust."),
    ("It was a ", "joy", " to be looked after by them."),
    ("The water ", "rose", " above the step of the ambulance."),
    ("There is no ", "hope", " of an appointment this month."),
    ("We got there at ", "dawn", " and still waited."),
    ("The ", "bill", " for parking was ridiculous."),
    ("They left a ", "mark", " on his arm."),
    ("To be ", "frank", ", the food was awful."),
    ("Staff had a ", "chance", " to fix it and did not."),
    ("A ", "grace", " period for the prescription would help."),
    ("The blood results were ", "precious", " little help."),
    ("I felt the ", "comfort", " of being believed."),
]

DOMAINS = ["gmail", "hotmail", "yahoo", "outlook", "icloud", "btinternet", "live", "aol", "protonmail"]
TLDS = ["com", "co dot uk", "net", "org dot uk"]

# ------------------------------------------------------------- builder


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.planted: list[dict] = []
        self.kept: list[dict] = []

    def put(self, *pieces) -> None:
        """str: text; ("KEEP", kind, term): kept; (type, kind, value): planted."""
        for p in pieces:
            if isinstance(p, str):
                self.parts.append(p)
                self.n += len(p)
                continue
            kind_type, kind, value = p
            if kind_type == "KEEP":
                self.kept.append({"kind": kind, "value": value, "start": self.n})
            else:
                self.planted.append(
                    {"type": kind_type, "kind": kind, "value": value, "start": self.n, "end": self.n + len(value)}
                )
            self.parts.append(value)
            self.n += len(value)


def _case(rng: random.Random, s: str, lower: float = 0.35, upper: float = 0.05) -> str:
    r = rng.random()
    if r < lower:
        return s.lower()
    if r < lower + upper:
        return s.upper()
    return s


def _sentence(s: str) -> str:
    return s[:1].upper() + s[1:]


def _full(rng: random.Random) -> tuple[str, str]:
    last = rng.choice(FAMILY + FAMILY_COMPOUND) if rng.random() < 0.2 else rng.choice(FAMILY)
    return rng.choice(GIVEN), last


# ---------------------------------------------------------- name kinds


def k_name_lower(t: _Text, rng: random.Random) -> None:
    first, last = _full(rng)
    value = f"{first} {last}".lower() if rng.random() < 0.7 else first.lower()
    before, after = rng.choice(
        [
            ("then the ", " came in and said she'd be discharged"),
            ("honestly ", " was the only one who bothered. "),
            ("we were looked after by ", " all night. "),
            ("i want to thank ", " for everything. "),
            ("nobody except ", " explained it. "),
            ("i was in the bay next to ", ". "),
            ("the lady opposite, ", ", pressed the buzzer for me. "),
            ("shout out to ", " on nights. "),
            ("cant fault ", " at all. "),
            ("it was ", " who found him on the floor. "),
        ]
    )
    if before.startswith("then the "):
        before = f"then the {rng.choice(ROLES).lower()} "
        after = " came in and said we could go. "
    t.put(before, ("NAME", "name: lower case", value), after)


def k_name_mixed_case(t: _Text, rng: random.Random) -> None:
    first, last = _full(rng)
    value = rng.choice([f"{first.upper()} {last.upper()}", f"{first} {last.upper()}", f"{first.lower()} {last}"])
    t.put(
        rng.choice(["Complaint about ", "PLEASE PASS ON TO ", "Staff member: ", "FAO "]),
        ("NAME", "name: upper or mixed case", value),
        rng.choice([". ", " - urgent. ", "\n"]),
    )


def k_name_sentence_start(t: _Text, rng: random.Random) -> None:
    first, last = _full(rng)
    value = rng.choice([first, f"{first} {last}"])
    t.put(
        ("NAME", "name: sentence start", value),
        rng.choice(
            [
                " never once raised her voice with us. ",
                " sat with my father till the end. ",
                " sorted the transport in ten minutes. ",
                " forgot the eye drops again. ",
                " should be promoted. ",
                " went out of her way for us. ",
            ]
        ),
    )


def k_name_re(t: _Text, rng: random.Random) -> None:
    first, last = _full(rng)
    t.put(
        rng.choice(["Re: ", "RE: ", "re - ", "Re:", "Subject: ", "Ref: "]),
        ("NAME", "name: after Re:/Subject:", rng.choice([f"{first} {last}", f"{first.lower()} {last.lower()}"])),
        rng.choice(["\n", " (discharge) ", " - follow up. ", " complaint. "]),
    )


def k_name_list(t: _Text, rng: random.Random) -> None:
    a, b, c = (rng.choice(GIVEN + NICKNAMES) for _ in range(3))
    low = rng.random() < 0.5
    a, b, c = (x.lower() for x in (a, b, c)) if low else (a, b, c)
    form = rng.randrange(3)
    if form == 0:
        t.put("mum, dad and ", ("NAME", "name: in a list", c), " all came to visit. ")
    elif form == 1:
        t.put(
            "Thanks to ",
            ("NAME", "name: in a list", a),
            ", ",
            ("NAME", "name: in a list", b),
            " and ",
            ("NAME", "name: in a list", c),
            " on the night shift. ",
        )
    else:
        t.put(
            "the carers (",
            ("NAME", "name: in a list", a),
            " & ",
            ("NAME", "name: in a list", b),
            ") were lovely. ",
        )


def k_name_possessive(t: _Text, rng: random.Random) -> None:
    first = _case(rng, rng.choice(GIVEN + NICKNAMES), lower=0.5)
    t.put(
        rng.choice(["", "my nephew ", "i think it was "]),
        ("NAME", "name: possessive", first),
        rng.choice(["'s", "’s"]),
        rng.choice([" tablets were missed. ", " idea to ring ahead. ", " care plan was lost. "]),
    )


def k_name_compound(t: _Text, rng: random.Random) -> None:
    first, last = rng.choice(GIVEN), rng.choice(FAMILY_COMPOUND)
    value = _case(rng, f"{first} {last}", lower=0.3, upper=0.0)
    t.put(
        rng.choice(["Our keyworker ", "A lovely man called ", "I was seen by ", "Discharge was done by "]),
        ("NAME", "name: O'/Mc/double-barrelled", value),
        rng.choice([". ", " on Tuesday. ", ", who was great. "]),
    )


def k_name_initials(t: _Text, rng: random.Random) -> None:
    last = rng.choice(FAMILY + FAMILY_COMPOUND)
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    form = rng.randrange(4)
    if form == 0:
        t.put("Letter signed by ", ("NAME", "name: with initials", f"{initial}. {last}"), ". ")
    elif form == 1:
        t.put("we saw dr ", ("NAME", "name: with initials", f"{initial.lower()}. {last.lower()}"), " twice. ")
    elif form == 2:
        t.put("Dr ", ("NAME", "name: with initials", f"{initial}.{rng.choice('ABCDEJKMR')}. {last}"), " was rushed. ")
    else:
        t.put("My appointment was with ", ("NAME", "name: with initials", f"{initial} {last}"), " at 9. ")


def k_name_title(t: _Text, rng: random.Random) -> None:
    first, last = _full(rng)
    title = rng.choice(["Mr ", "Mrs ", "Ms ", "Miss ", "mr ", "mrs ", "Dr ", "dr ", "Prof ", "Nurse ", "Sister "])
    value = rng.choice([last, f"{first} {last}"])
    if title.strip().lower() in ("mr", "mrs"):
        value = _case(rng, value, lower=0.3, upper=0)
    t.put(
        rng.choice(["I saw ", "Under ", "", "Appointment with "]),
        title,
        ("NAME", "name: after a title", value),
        rng.choice([" about my knee. ", ". ", " - no complaints. "]),
    )


def k_name_nickname(t: _Text, rng: random.Random) -> None:
    nick = _case(rng, rng.choice(NICKNAMES), lower=0.4)
    form = rng.randrange(4)
    if form == 0:
        t.put(f"the {rng.choice(ROLES)} ", ("NAME", "name: nickname", nick), " was a legend. ")
    elif form == 1:
        t.put("big thanks to ", ("NAME", "name: nickname", nick), rng.choice([" xx ", "!! "]))
    elif form == 2:
        t.put(("NAME", "name: nickname", nick), " from the day centre picks him up. ")
    else:
        t.put(f"my {rng.choice(RELATIONS)} ", ("NAME", "name: nickname", nick), " drove me. ")


def k_name_word(t: _Text, rng: random.Random) -> None:
    first = rng.choice(WORD_GIVEN)
    last = rng.choice(WORD_FAMILY + FAMILY)
    form = rng.randrange(5)
    if form == 0:
        t.put(("NAME", "name: also a word", f"{first} {last}"), " kept us informed every day. ")
    elif form == 1:
        t.put(
            f"my {rng.choice(RELATIONS)} ",
            ("NAME", "name: also a word", _case(rng, first, lower=0.6)),
            rng.choice([" has dementia. ", " was admitted again. "]),
        )
    elif form == 2:
        t.put(
            ("NAME", "name: also a word", first),
            rng.choice([" on the front desk", " at the pharmacy", " from the district nurses"]),
            " was rude to me. ",
        )
    elif form == 3:
        t.put("patient ", ("NAME", "name: also a word", f"{first} {last}".lower()), " was not fed. ")
    else:
        t.put(f"a {rng.choice(ROLES)} called ", ("NAME", "name: also a word", first), " made all the difference. ")


def k_name_in_context(t: _Text, rng: random.Random) -> None:
    """Relations and roles with their (mis)spellings, both orders."""
    first, last = _full(rng)
    value = _case(rng, rng.choice([first, f"{first} {last}"]), lower=0.4)
    rel = rng.choice(RELATIONS)
    form = rng.randrange(5)
    if form == 0:
        t.put(f"My {rel} ", ("NAME", "name: after relation or role", value), " was sent home too early. ")
    elif form == 1:
        t.put(("NAME", "name: after relation or role", value), f" (my {rel}) was left in pain. ")
    elif form == 2:
        t.put(f"the {rng.choice(ROLES)}, ", ("NAME", "name: after relation or role", value), ", was fab. ")
    elif form == 3:
        t.put(f"I care for my {rel}, ", ("NAME", "name: after relation or role", value), ". ")
    else:
        t.put(f"{rng.choice(ROLES)} ", ("NAME", "name: after relation or role", value), " did the dressing. ")


# ----------------------------------------------------- structured kinds

STREET_WORDS = """
Brindley Tamar Gorsey Kiln Sandpit Pargeter Tanyard Honeysuckle Larchwood Buttercup Quarry
Chapel Pinfold Cobden Gladstone Wellington Nelson Tennyson Wordsworth Bramble Heron Swallow
Cranbrook Coppice Linnet Sorrel Teasel Alder Juniper
""".split()
STREET_TYPES = """
Road Street Lane Avenue Close Crescent Way Drive Court Grove Gardens Terrace View Walk Rise Mews
""".split()
LOCALITIES = ["Saltash", "Much Wenlock", "Bilston", "Darwen", "Failsworth", "Ince", "Mumbles", "Broughty Ferry"]
BUILDINGS = ["Ashdown House", "Quayside Lofts", "Tannery Court", "The Old Forge", "Wharfside Mill", "Hollybank"]
HOUSES = ["Honeysuckle Cottage", "Bramble Farm", "The Old Forge", "Kiln Barn", "Heron Bungalow", "Wren Cottage"]


def s_address(t: _Text, rng: random.Random) -> None:
    form = rng.randrange(6)
    street = f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_TYPES)}"
    if form == 0:
        t.put("she lives on ", ("ADDRESS", "address: street without number", _case(rng, street, 0.4, 0)), ". ")
    elif form == 1:
        value = f"{street}, {rng.choice(LOCALITIES)}"
        t.put("He's from ", ("ADDRESS", "address: street without number", value), " originally. ")
    elif form == 2:
        value = f"{rng.choice(['flat', 'Flat', 'apartment'])} {rng.randint(1, 60)} {rng.choice(BUILDINGS)}"
        t.put("post to ", ("ADDRESS", "address: flat or house", value), " please. ")
    elif form == 3:
        value = rng.choice(HOUSES) + rng.choice(["", f", {rng.choice(LOCALITIES)}"])
        t.put("we're at ", ("ADDRESS", "address: flat or house", value), ". ")
    elif form == 4:
        value = f"{rng.randint(1, 199)}{rng.choice(['', 'b'])} {street}"
        t.put("send it to ", ("ADDRESS", "address: numbered", value), ". ")
    else:
        t.put("at the bottom of ", ("ADDRESS", "address: street without number", street.lower()), " by the co-op. ")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


_WORDS = "oh one two three four five six seven eight nine".split()


def _say(rng: random.Random, digits: str) -> str:
    out, k = [], 0
    while k < len(digits):
        d = digits[k]
        if k + 1 < len(digits) and digits[k + 1] == d and rng.random() < 0.7:
            word = _WORDS[int(d)] if d != "0" else rng.choice(["oh", "zero"])
            out.append(rng.choice(["double ", "double-"]) + word)
            k += 2
        elif rng.random() < 0.25 and k + 3 <= len(digits):
            out.append(digits[k : k + 3])
            k += 3
        else:
            out.append(_WORDS[int(d)] if d != "0" else rng.choice(["oh", "zero", "nought"]))
            k += 1
    return " ".join(out)


def s_phone(t: _Text, rng: random.Random) -> None:
    form = rng.randrange(4)
    if form == 0:
        mobile = "077" + _digits(rng, 8)
        t.put("my number is ", ("PHONE", "phone: in words", _say(rng, mobile)), " after 6pm. ")
    elif form == 1:
        landline = rng.choice(["0121", "01902", "01782", "01792", "01382", "01752"]) + _digits(rng, 6)
        t.put("ring us on ", ("PHONE", "phone: in words", _say(rng, landline)), ". ")
    elif form == 2:
        value = rng.choice(
            [
                f"07{_digits(rng, 3)} {_digits(rng, 6)}",
                f"07{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}",
                f"(01{_digits(rng, 3)}) {_digits(rng, 6)}",
                f"+44 7{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}",
            ]
        )
        t.put("text ", ("PHONE", "phone: digits", value), " if there is a cancellation. ")
    else:
        value = rng.choice(
            [
                f"+353 87 {rng.randint(200, 999)} {_digits(rng, 4)}",
                f"+48 60{rng.randint(1, 9)} {_digits(rng, 3)} {_digits(rng, 3)}",
                f"+234 80{rng.randint(2, 9)} {rng.randint(200, 999)} {_digits(rng, 4)}",
                f"+92 30{rng.randint(0, 9)} {rng.randint(2, 9)}{_digits(rng, 6)}",
                f"0049 171 {rng.randint(2, 9)}{_digits(rng, 6)}",
                f"+40 72{rng.randint(0, 9)} {_digits(rng, 3)} {_digits(rng, 3)}",
            ]
        )
        t.put("her family abroad are on ", ("PHONE", "phone: other country", value), ". ")


def s_email(t: _Text, rng: random.Random) -> None:
    first, last = rng.choice(GIVEN), rng.choice(FAMILY)
    first = re.sub(r"[^a-z]", "", first.lower()) or "kim"
    last = re.sub(r"[^a-z]", "", last.lower()) or "lee"
    form = rng.randrange(4)
    domain, tld = rng.choice(DOMAINS), rng.choice(TLDS)
    if form == 0:
        value = f"{first} dot {last} at {domain} dot {tld}"
    elif form == 1:
        value = f"{first}.{last}{rng.randint(1, 99)} [at] {domain} [dot] {tld.replace(' dot ', ' [dot] ')}"
    elif form == 2:
        value = f"{first}_{last[0]} AT {domain} DOT {tld.upper()}"
    else:
        value = f"{first[0]}{last}@{domain}.{tld.replace(' dot ', '.')}"
    t.put(rng.choice(["email ", "my email is ", "contact me: "]), ("EMAIL", "e-mail", value), " ta. ")


def s_handle_url(t: _Text, rng: random.Random) -> None:
    first = re.sub(r"[^a-z]", "", rng.choice(GIVEN).lower()) or "kim"
    last = re.sub(r"[^a-z]", "", rng.choice(FAMILY).lower()) or "lee"
    form = rng.randrange(4)
    if form == 0:
        value = f"@{first}_{last}{rng.randint(1, 99)}"
        t.put("she tagged ", ("SOCIAL MEDIA", "handle", value), " in the post. ")
    elif form == 1:
        value = f"{first}.{last}_"
        t.put("insta: ", ("SOCIAL MEDIA", "handle", value), " ")
    elif form == 2:
        value = rng.choice(
            [
                f"facebook.com/{first}.{last}.{rng.randint(100, 999)}",
                f"https://instagram.com/{first}{last[0]}",
                f"linkedin.com/in/{first}-{last}",
                f"tiktok.com/@{first}writes",
                f"https://twitter.com/{first}_{rng.randint(70, 99)}",
            ]
        )
        t.put("it's all on ", ("SOCIAL MEDIA", "profile URL", value), " if you look. ")
    else:
        value = f"www.facebook.com/{first}{last}"
        t.put("Her page ", ("SOCIAL MEDIA", "profile URL", value), " shows it. ")


def s_vehicle(t: _Text, rng: random.Random) -> None:
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    reg = f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(51, 73)} {''.join(rng.choices(letters, k=3))}"
    if rng.random() < 0.3:
        reg = reg.lower()
    if rng.random() < 0.3:
        reg = reg.replace(" ", "")
    t.put(
        rng.choice(["the patient transport van ", "a taxi, reg ", "his car ("]),
        ("VEHICLE REGISTRATION", "vehicle registration", reg),
        rng.choice([" blocked the bay. ", ") was clamped. ", " turned up late. "]),
    )


def s_numbers(t: _Text, rng: random.Random) -> None:
    form = rng.randrange(3)
    if form == 0:
        while True:
            body = [rng.randint(0, 9) for _ in range(9)]
            check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1))) % 11
            if check != 10:
                break
        s = "".join(map(str, body + [0 if check == 11 else check]))
        t.put("nhs no ", ("NHS NUMBER", "NHS number", f"{s[:3]} {s[3:6]} {s[6:]}"), ". ")
    elif form == 1:
        area = rng.choice(["WV", "ST", "SA", "DD", "PL", "TR", "NR", "CA", "LU", "BB"])
        pc = f"{area}{rng.randint(1, 20)} {rng.randint(0, 9)}{''.join(rng.choices('ABDEFGHJLNPQRSTUWXYZ', k=2))}"
        t.put("postcode is ", ("POSTCODE", "postcode", _case(rng, pc, 0.3, 0)), ". ")
    else:
        d = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1930, 2005)}"
        t.put("d.o.b ", ("DATE OF BIRTH", "date of birth", d), ". ")


# ------------------------------------------------------------- keep kinds


def k_keep(t: _Text, rng: random.Random) -> None:
    form = rng.randrange(8)
    if form == 0:
        t.put("Ended up at ", ("KEEP", "keep: hospital", rng.choice(HOSPITALS)), " for three nights. ")
    elif form == 1:
        t.put(
            rng.choice(["Our GP at ", "The receptionists at ", "I rang "]),
            ("KEEP", "keep: surgery", rng.choice(SURGERIES)),
            rng.choice([" every morning. ", " and got nowhere. "]),
        )
    elif form == 2:
        t.put("I've written to ", ("KEEP", "keep: trust", rng.choice(TRUSTS)), " twice. ")
    elif form == 3:
        t.put(
            rng.choice(["There's nothing in ", "We drove from ", "Services in "]),
            ("KEEP", "keep: town", rng.choice(TOWNS)),
            rng.choice([" for young people. ", " at 3am. ", " are stretched. "]),
        )
    elif form == 4:
        t.put(
            rng.choice(["Dad was moved to ", "He spent a week on ", "The staff on "]),
            ("KEEP", "keep: ward named after a person", rng.choice(PERSON_WARDS)),
            rng.choice([" and it was calm. ", " were overworked. ", ". "]),
        )
    elif form == 5:
        t.put(
            rng.choice(["Mum is in ", "We visit ", "Dad moved into "]),
            ("KEEP", "keep: hospice or care home", rng.choice(HOSPICES_HOMES)),
            ". ",
        )
    elif form == 6:
        t.put(
            rng.choice(["Nobody from ", "I waited for ", "Thank goodness for "]),
            ("KEEP", "keep: service", rng.choice(SERVICES)),
            ". ",
        )
    else:
        before, word, after = rng.choice(WORD_USES)
        t.put(before, ("KEEP", "keep: word that is also a name", word), after + " ")


FILLERS = [
    "Overall not a good experience. ",
    "The food was cold and the bay was noisy. ",
    "Parking costs a fortune. ",
    "We waited 5 hours in the corridor. ",
    "Please do something about the phones. ",
    "",
]

_NAME_KINDS = (
    k_name_lower,
    k_name_mixed_case,
    k_name_sentence_start,
    k_name_re,
    k_name_list,
    k_name_possessive,
    k_name_compound,
    k_name_initials,
    k_name_title,
    k_name_nickname,
    k_name_word,
    k_name_in_context,
)
_STRUCTURED = (s_address, s_phone, s_email, s_handle_url, s_vehicle, s_numbers)


def generate(n: int = 1000, seed: int = 1913) -> list[dict]:
    """``n`` records, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        t = _Text()
        t.put(rng.choice(FILLERS))
        for _ in range(rng.randint(2, 4)):
            group = rng.choices((_NAME_KINDS, _STRUCTURED, (k_keep,)), weights=(5, 3, 3))[0]
            rng.choice(group)(t, rng)
        if rng.random() < 0.3:
            t.put(rng.choice(FILLERS))
        out.append({"id": f"ind-{i:05d}", "text": "".join(t.parts), "planted": t.planted, "kept": t.kept})
    return out


# ------------------------------------------------------------------ oracle

# Words of a structured value that say nothing on their own.
_STOP = frozenset(
    "at dot com co uk net org www https http double oh zero nought one two three four five six "
    "seven eight nine the flat apartment road street lane avenue close crescent way drive court "
    "grove gardens terrace view walk rise mews in facebook instagram linkedin tiktok twitter".split()
)
_PARTICLES = frozenset("de van der da dos ap le mac an o".split())
_PIECE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def _without_planted(record: dict) -> str:
    text = record["text"]
    for p in sorted(record["planted"], key=lambda p: -p["start"]):
        text = text[: p["start"]] + " " + text[p["end"] :]
    return text


def _count(piece: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w]){re.escape(piece)}(?![\w])", text, re.I))


def _pieces(item: dict) -> list[str]:
    words = _PIECE.findall(item["value"])
    if item["type"] == "NAME":
        return [w for w in words if len(w) > 1 and w.lower() not in _PARTICLES]
    single = [w for w in words if (any(c.isdigit() for c in w) and len(w) >= 3) or (w.isalpha() and len(w) >= 3)]
    single = [w for w in single if w.lower() not in _STOP]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    digits = re.sub(r"\D", "", item["value"])
    return single + pairs + ([digits] if len(digits) >= 6 else [])


def _normalise(text: str) -> str:
    """Output text with separators between tokens made single spaces (for pairs)."""
    return " ".join(_PIECE.findall(text))


def leaked(record: dict, item: dict, output: str) -> bool:
    rest = _without_planted(record)
    flat_out, flat_rest = _normalise(output), _normalise(rest)
    digits_out = re.sub(r"\D", "", output)
    for piece in _pieces(item):
        if piece.isdigit() and len(piece) >= 6:
            if piece in digits_out and piece not in re.sub(r"\D", "", rest):
                return True
            continue
        if " " in piece:
            if _count(piece, flat_out) > _count(piece, flat_rest):
                return True
        elif _count(piece, output) > _count(piece, rest):
            return True
    return False


def kept(record: dict, term: str, output: str) -> tuple[int, int]:
    need = len(re.findall(rf"(?<![\w]){re.escape(term)}(?![\w])", _without_planted(record)))
    have = len(re.findall(rf"(?<![\w]){re.escape(term)}(?![\w])", output))
    return min(need, have), need


def evaluate(records: list[dict], outputs: list[str]) -> dict:
    """Per kind: leak rates of planted values, keep rates of kept terms, and totals."""
    leak: dict[str, list[int]] = {}
    keep: dict[str, list[int]] = {}
    for record, output in zip(records, outputs):
        for item in record["planted"]:
            stats = leak.setdefault(item["kind"], [0, 0])
            stats[0] += leaked(record, item, output)
            stats[1] += 1
        seen = set()
        for item in record["kept"]:
            if item["value"] in seen:
                continue
            seen.add(item["value"])
            have, need = kept(record, item["value"], output)
            stats = keep.setdefault(item["kind"], [0, 0])
            stats[0] += have
            stats[1] += need
    names = [v for k, v in leak.items() if k.startswith("name")]
    structured = [v for k, v in leak.items() if not k.startswith("name")]

    def rate(group):
        return sum(v[0] for v in group) / max(sum(v[1] for v in group), 1)

    return {
        "leak_by_kind": {k: (v[0] / v[1], v[1]) for k, v in sorted(leak.items())},
        "keep_by_kind": {k: (v[0] / max(v[1], 1), v[1]) for k, v in sorted(keep.items())},
        "name_leak": rate(names),
        "names": sum(v[1] for v in names),
        "structured_leak": rate(structured),
        "structured": sum(v[1] for v in structured),
        "keep": sum(v[0] for v in keep.values()) / max(sum(v[1] for v in keep.values()), 1),
    }


def leaks(records: list[dict], outputs: list[str], kind: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (item["kind"], item["value"], output)
        for record, output in zip(records, outputs)
        for item in record["planted"]
        if (kind is None or item["kind"] == kind) and leaked(record, item, output)
    ]


def lost(records: list[dict], outputs: list[str]) -> list[tuple[str, str, str]]:
    out = []
    for record, output in zip(records, outputs):
        for item in record["kept"]:
            have, need = kept(record, item["value"], output)
            if have < need:
                out.append((item["kind"], item["value"], output))
    return out


def report(result: dict) -> str:
    lines = [
        f"structured leaked {result['structured_leak']:.2%} of {result['structured']}",
        f"names leaked {result['name_leak']:.2%} of {result['names']}",
        f"kept {result['keep']:.2%}",
    ]
    lines += [f"  leak {k:<36} {r:7.2%} of {n}" for k, (r, n) in result["leak_by_kind"].items()]
    lines += [f"  keep {k:<36} {r:7.2%} of {n}" for k, (r, n) in result["keep_by_kind"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    import time

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    from linkhub.federation.anonymise import scrub

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    records = generate(n)
    start = time.perf_counter()
    outs = [scrub(r["text"]) for r in records]
    took = time.perf_counter() - start
    print(report(evaluate(records, outs)))
    print(f"{n / took:,.0f} records/s in process")
    if "-v" in sys.argv:
        for kind, value, out in leaks(records, outs)[:80]:
            print("LEAK", kind, "|", value, "|", out)
        for kind, value, out in lost(records, outs)[:60]:
            print("LOST", kind, "|", value, "|", out)


# --------------------------------------------------------------- blind set
#
# Written after the scrubber had been improved against the pools above, and run once
# to report a figure it was not tuned on: new names, new sentences, new providers and
# towns that are also surnames. Not used to change the scrubber.

BLIND_GIVEN = """
Aditi Oyebola Fumiko Ngaire Siddharth Ksenia Kaveh Roya Tahmineh Berhane Semhar Luam Nardos
Ekow Adwoa Kwadwo Chinonso Ugochi Ebere Somto Farrukh Dilnoza Bakhyt Aigerim Nurlan Tenzin Pema
Dorji Sonam Kalani Mele Sione Tevita Mahnoor Areeba Hafsa Zakariya Yahya Hamdi Ilhan Sagal Deqa
Warsan Hibo Bashir Rahel Elham Navid Soraya Tigist Genet Lwazi Sibusiso Naledi Kagiso Palesa
Refilwe Mpho Tumelo Siyabonga Jolene Roxanne Tracey Kerry-Ann Shanice Jermaine Tyrone Delia
Cressida Araminta Cosima Inigo Wilhelmina Euan Callum Seonaid Gruffydd Iestyn Llinos Heledd
Meinir Ianto Sioned Caoilfhionn Eimear Ronan Tiernan Vasyl Ihor Halyna Bogdana Răzvan Cătălina
Anca Ilinca Aušra Gintaras Jurgita Dace Māris Ieva Ágnes Zoltán Gábor Réka Jiří Zdeněk Mateusz
Kacper Zuzanna Oliwia Ha-eun Seo-jun Yoon-ah Xinyi Zixuan Yichen Huyen Khanh Vinh Thao
""".split()
BLIND_FAMILY = """
Oyelade Adebisi Nnaji Okeke Eboh Acheampong Quaye Sarpong Antwi Gyamfi Tesfamariam Woldemariam
Berhe Gebreyesus Yusuf-Ali Abdikadir Ismail Elmi Guled Hersi Dzhumabaev Lhamo Tshering Fifita
Taufa Havili Vainikolo Sheikh-Ali Rahimi Jafari Mohammadi Sadeghi Akbari Kazemi Ozdemir Polat
Khumalo Mahlangu Ngcobo Molefe Sithole Mthembu Radebe Carmichael-Boyd Worthington-Fisk
Pemberton Harrington Blackwood Ravenscroft Aldridge Wetherall Kilbride MacRitchie MacSween
Matheson Nicolson Breathnach Prendergast Pritchard Vaughan-Thomas Llewellyn Tkachuk Melnyk
Kravchenko Lungu Munteanu Ciobanu Petrauskas Vaitkus Kalniņš Farkas Balogh Molnár Svoboda
Procházka Nowicki Kamińska Zając Yoon Lim Zeng Deng Cao Dinh Duong Quach
""".split()
BLIND_FRAMES = [
    ("my grandson's girlfriend ", " rang the ward for us. "),
    ("", " on the phone line was patient with me. "),
    ("cc ", "\n"),
    ("as ", " said on the day, nothing was booked. "),
    ("according to ", ", the bed was ready. "),
    ("", "'s manager never replied. "),
    ("we asked for ", " by name. "),
    ("the support worker is ", ". "),
    ("ps - ", " deserves an award. "),
    ("i asked if ", " could visit. "),
    ("it was nurse ", " who noticed. "),
    ("in the end ", " sorted it. "),
    ("Dear ", ",\n"),
    ("Praise for ", " please. "),
]
BLIND_KEEP = [
    "Bassetlaw Hospital", "Pilgrim Hospital", "Musgrove Park Hospital", "Queen Alexandra Hospital",
    "Arrowe Park Hospital", "Fairfield General Hospital", "Tameside General Hospital", "Barnet Hospital",
    "Boston", "Bury", "Sale", "Wells", "Hyde", "Ashford", "Chester", "Kingston", "Hamilton", "Preston",
]  # fmt: skip
BLIND_KEEP_FRAMES = [
    ("We were sent to ", " for a scan. "),
    ("Parking at ", " is dreadful. "),
    ("There is no bed in ", ". "),
]


def generate_blind(n: int = 1000, seed: int = 77) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        t = _Text()
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.7:
                before, after = rng.choice(BLIND_FRAMES)
                first, last = rng.choice(BLIND_GIVEN), rng.choice(BLIND_FAMILY)
                value = _case(rng, rng.choice([first, f"{first} {last}", f"{first} {last}"]), lower=0.35, upper=0.1)
                if not before:
                    value = value[:1].upper() + value[1:]
                t.put(before, ("NAME", "name: blind", value), after)
            else:
                before, after = rng.choice(BLIND_KEEP_FRAMES)
                t.put(before, ("KEEP", "keep: blind", rng.choice(BLIND_KEEP)), after)
        out.append({"id": f"blind-{i:05d}", "text": "".join(t.parts), "planted": t.planted, "kept": t.kept})
    return out
