"""Generators for the kinds of identifier an independent check found leaking, each
with many wordings of its own: names in lower case, names that are words, names of
many origins the lists may not hold, names at a sentence start or after "Re:",
addresses without numbers, flats and named houses, spelled-out e-mail addresses,
phone numbers in words and in other countries' formats, handles, profile addresses,
vehicle registrations, exact dates and ages. Each planted value carries its ``kind``
so that ``anonymise_corpus.evaluate`` reports a figure per kind.

The pools are written for this file: they do not come from the scrubber's lists,
and many of the names are in none of them on purpose.
"""

from __future__ import annotations

import random

GIVEN = """
Maureen Gareth Lorraine Trevor Bernadette Clive Yvonne Duncan Shirley Nigel Wendy Graham
Joanne Darren Lindsey Craig Hayley Stuart Leanne Wayne Kirsty Jamie Gemma Ashley Stacey
Rajesh Sunita Manpreet Jaspreet Navdeep Harpreet Arvind Meena Sushila Farhan Samina Tariq
Rizwan Nadia Adnan Saima Kamran Asif Farida Leila Omar Yasmin Hassan Zahra Reza Darius
Chukwuemeka Ifeoma Babajide Yetunde Olumide Adaeze Nnamdi Chiamaka Kofi Ama Kwabena Efua
Tendai Farai Thabo Lindiwe Sipho Nomvula Amara Kemi Tobi Dayo Segun Bukola Wanjiru Njeri
Radoslaw Grzegorz Malgorzata Jolanta Krzysztof Ewelina Bogdan Vasile Florin Oana Teodora
Mihaela Zsofia Laszlo Eszter Giedre Ruta Janis Ilze Katerina Nikolaos Eleni Giorgos
Huong Thuy Quang Duc Linh Hoa Xiu Jing Yan Hao Kenji Yuki Haruto Min-jun Seo-yeon Ji-woo
Deirdre Cathal Sinead Oisin Brendan Colm Orla Grainne Ailsa Fraser Catriona Struan Iolo
Eirlys Dafydd Angharad Siân Caoimhe Ruairi Saoirse Blessing Precious Comfort Goodness
""".split()

FAMILY = """
Whitworth Pickersgill Hargreaves Entwistle Ormerod Shufflebottom Butterworth Ramsbottom
Threlfall Sowerby Illingworth Micklethwaite Fairclough Battersby Postlethwaite Cholmondeley
Adeyinka Okoro Nwachukwu Eze-Okafor Oyelaran Ogundipe Babatunde Chukwu Okafor-Ibe Mensah-Bonsu
Asamoah Darko Tetteh Mwangi Otieno Kamau Wanjiku Moyo Nkosi Dlamini Mokoena Abebe Tesfaye
Haile Gebremedhin Warsame Farah Abdi Jama Osman Haddad Nasser Al-Sayed Farouk Mansour Khalil
Yilmaz Demir Kaya Celik Ozturk Karimi Rostami Ahmadzai Hosseini Sandhu Dhillon Grewal Chaudhry
Malik Rashid Aslam Javed Bhatia Kapoor Mehta Joshi Iyer Pillai Krishnan Subramaniam Perera
Fernando Jayawardena Nakashima Tanaka Kimura Watanabe Pham Hoang Vo Dang Bui Zhou Xu Huang
Lindqvist Johansson Fernandes Goncalves Papadopoulos Economou Kovacs Horvath Nagy Novak
Dvorak Dabrowski Wozniak Kaczmarek Mazur Krawczyk Popa Dumitru Stoica Marinescu Petrovic
MacLeod Mackinnon Fraser Drummond Buchanan Gillespie Lamont McAllister Mulholland Donnelly
Teixeira Nunes Rocha Moreira Castillo Herrera Morales Vargas Schmidt Hoffmann Becker Weber
""".split()

# Given names that are ordinary English words: context must say they are names.
WORD_NAMES = """
Faith Hope Patience Prudence Constance Charity Honor Joy Grace Mercy Rose Lily Ivy Holly
Amber Ruby Pearl Crystal Dawn Summer Autumn Heather Daisy Poppy Violet Iris Jasmine Hazel
Blossom Sunny Sky Storm Rain Brook River Forest Reed Cliff Dale Glen Wade Chase Hunter
Mason Carter Cooper Baker Ray Rob Bill Will Mark Frank Drew Pat Sue Jack Nick Guy Miles
""".split()

# Given names no list is likely to hold.
UNLISTED = """
Oghenekaro Ifeyinwa Tobenna Ebubechukwu Zubeida Nasrin-Bibi Keziah Thanh-Huong Radomila
Wojsława Ngozika Chidinma Oyinkansola Temiloluwa Aderonke Folashade Anuoluwapo Ibironke
Sarbjit Kuldeep Parminder Balvinder Jaswinder Gurdeep Rupinder Sukhwinder Nirmala Vasantha
Bronislawa Przemyslaw Zbigniew Wieslawa Eryka Daria-Maja Loreta Vaida Arturas Dovile
""".split()

SERVICE_PLACES = [
    "the ward",
    "the surgery",
    "reception",
    "the front desk",
    "the pharmacy",
    "the care home",
    "the crisis team",
    "the clinic",
    "the hospice",
    "triage",
]
# Providers named like people, or after streets and houses: they must stay.
NAMED_PROVIDERS = [
    "Rose Cottage Surgery",
    "Faith House Care Home",
    "Grace Street Medical Centre",
    "Hope Park Health Centre",
    "Orchard Road Surgery",
    "Meadow Lane Practice",
    "Holly Tree Care Home",
    "Ivy House Hospice",
    "St Faith's Hospice",
    "Mercy Lodge Nursing Home",
    "Patience Court Care Home",
    "Willow Farm Surgery",
    "Joy Lane Medical Practice",
]
STREET_NAMES = [
    "Orchard",
    "Meadow",
    "Sycamore",
    "Hawthorn",
    "Blenheim",
    "Marlborough",
    "Kingfisher",
    "Larkspur",
    "Foxglove",
    "Rowan",
    "Cedar",
    "Lime Tree",
    "Ashfield",
    "Brookside",
    "Elmwood",
    "Fernbank",
    "Hollins",
    "Moorland",
    "Pennine",
    "Glebe",
]
STREET_KINDS = [
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Crescent",
    "Drive",
    "Grove",
    "Gardens",
    "Terrace",
    "Way",
    "Court",
    "Mews",
    "Walk",
    "Rise",
    "Place",
]
BUILDINGS = [
    "The Willows",
    "The Maltings",
    "Riverside Court",
    "Kelham Wharf",
    "The Sidings",
    "Victoria Mansions",
    "The Old Mill",
    "Albion Works",
    "Chapel Heights",
    "Orchard Court",
]
HOUSES = [
    "Rose Cottage",
    "Holly Tree Farm",
    "Ivy Cottage",
    "Moorside Farm",
    "Lilac Bungalow",
    "Beck Cottage",
    "The Old Vicarage",
    "Hilltop Barn",
    "Fold Farm",
    "Primrose Cottage",
]
LOCALITIES = [
    "Crookes",
    "Heeley",
    "Walkley",
    "Gleadless",
    "Hillsborough",
    "Armley",
    "Chapeltown",
    "Bramley",
    "Horsforth",
    "Meanwood",
    "Stannington",
    "Oughtibridge",
    "Holmfirth",
]
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
DOMAINS = [
    ("gmail", "com"),
    ("hotmail", "co dot uk"),
    ("yahoo", "co dot uk"),
    ("outlook", "com"),
    ("btinternet", "com"),
    ("icloud", "com"),
    ("nhs", "net"),
    ("live", "co dot uk"),
]


def _cap(rng: random.Random, words: str) -> str:
    return words.lower() if rng.random() < 0.5 else words


def name_lower(b, rng):
    first, last = rng.choice(GIVEN).lower(), rng.choice(FAMILY).lower()
    frame = rng.choice(
        [
            ("the doctor told ", " to wait outside. "),
            ("we asked ", " for a wheelchair. "),
            ("i rang ", " back twice. "),
            ("nobody told ", " anything. "),
            ("then ", " said no. "),
            ("thank you to ", " for the lift. "),
            ("i met ", " at the clinic. "),
            ("my carer ", " didn't turn up. "),
            ("please pass this to ", ". "),
        ]
    )
    b.add(frame[0], ("NAME", f"{first} {last}", "name: lower case"), frame[1])


def name_word(b, rng):
    word, last = rng.choice(WORD_NAMES), rng.choice(FAMILY)
    form = rng.randrange(5)
    if form == 0:
        b.add(
            ("NAME", f"{word} {last}", "name: also a word"),
            rng.choice([" sorted it all out. ", " was brilliant with Dad. ", " never came back to us. "]),
        )
    elif form == 1:
        b.add(
            rng.choice(["The patient ", "patient ", "My neighbour "]),
            ("NAME", f"{word.lower()} {last.lower()}", "name: also a word"),
            " was left waiting. ",
        )
    elif form == 2:
        b.add(
            ("NAME", word, "name: also a word"),
            f" from {rng.choice(SERVICE_PLACES)} ",
            rng.choice(["was dismissive. ", "rang me twice. ", "was really kind. "]),
        )
    elif form == 3:
        b.add("Thanks to ", ("NAME", f"{word} {last}", "name: also a word"), ". ")
    else:
        b.add(
            f"{rng.choice(['A nurse', 'A carer', 'The receptionist'])} called ",
            ("NAME", word, "name: also a word"),
            " helped. ",
        )


def name_unlisted(b, rng):
    first, last = rng.choice(UNLISTED), rng.choice(FAMILY)
    b.add(
        rng.choice(["Our support worker ", "We saw ", "Then ", "A nurse, "]),
        ("NAME", f"{first} {last}", "name: unlisted given name"),
        rng.choice([", explained the plan. ", " explained the plan. ", " phoned. "]),
    )


def name_start(b, rng):
    first, last = rng.choice(GIVEN), rng.choice(FAMILY)
    value = rng.choice([first, f"{first} {last}"])
    b.add(
        ("NAME", value, "name: sentence start"),
        rng.choice(
            [
                " came out to us at midnight. ",
                " was the only one who listened. ",
                " rang to say sorry. ",
                " has been my carer since June. ",
            ]
        ),
    )


def name_re(b, rng):
    first, last = rng.choice(GIVEN + UNLISTED), rng.choice(FAMILY)
    b.add(
        rng.choice(["Re: ", "RE: ", "re: "]),
        ("NAME", f"{first} {last}", "name: after Re:"),
        rng.choice(["\n", " - ", ". "]),
    )


def address_plain(b, rng):
    street = f"{rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}"
    if rng.random() < 0.3:
        street = street.lower()
        value = street
    else:
        value = street + (f", {rng.choice(LOCALITIES)}" if rng.random() < 0.5 else "")
    b.add(
        rng.choice(
            ["She lives at the top of ", "He is from ", "They moved to ", "The family on ", "we live just off "]
        ),
        ("ADDRESS", value, "address: no house number"),
        rng.choice([" now. ", ". ", ", near the shop. "]),
    )


def address_flat(b, rng):
    value = (
        f"{rng.choice(['Flat', 'flat', 'Apartment'])} {rng.randint(1, 40)}{rng.choice(['', '', 'b'])} "
        f"{rng.choice(BUILDINGS)}"
    )
    if rng.random() < 0.6:
        value += f", {rng.choice(LOCALITIES)}"
    b.add(rng.choice(["My address is ", "Send it to ", "I'm in "]), ("ADDRESS", value, "address: flat"), ". ")


def address_house(b, rng):
    value = rng.choice(HOUSES) + (f", {rng.choice(LOCALITIES)}" if rng.random() < 0.5 else "")
    b.add(rng.choice(["We live at ", "Post it to ", "Mum is at "]), ("ADDRESS", value, "address: named house"), ". ")


def email_spelled(b, rng):
    first, last = rng.choice(GIVEN).lower(), rng.choice(FAMILY).lower().replace("-", "")
    local = rng.choice(
        [f"{first} dot {last}", f"{first}{rng.randint(1, 99)}", f"{first[0]} dot {last}", f"{last} underscore {first}"]
    )
    host, tld = rng.choice(DOMAINS)
    at, dot = rng.choice([(" at ", " dot "), (" (at) ", " (dot) "), (" [at] ", " [dot] ")])
    value = f"{local}{at}{host}{dot}{tld}".replace(" dot ", dot)
    b.add(rng.choice(["email me on ", "her email: ", "contact "]), ("EMAIL", value, "e-mail: spelled out"), " thanks. ")


def _spoken(rng, digits: str) -> str:
    out, k = [], 0
    while k < len(digits):
        d = digits[k]
        if k + 1 < len(digits) and digits[k + 1] == d and rng.random() < 0.6:
            word = "oh" if d == "0" and rng.random() < 0.6 else DIGIT_WORDS[int(d)]
            out.append(rng.choice(["double ", "double-"]) + word)
            k += 2
            continue
        if rng.random() < 0.3:
            run = digits[k : k + rng.randint(2, 3)]
            out.append(run)
            k += len(run)
            continue
        out.append("oh" if d == "0" and rng.random() < 0.5 else DIGIT_WORDS[int(d)])
        k += 1
    return rng.choice([" ", " ", ", "]).join(out).replace(", ,", ",")


def phone_words(b, rng):
    digits = "07" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    b.add(
        rng.choice(["ring me on ", "his number is ", "call "]),
        ("PHONE", _spoken(rng, digits), "phone: in words"),
        " after five. ",
    )


INTERNATIONAL = [  # (format, digits to fill): numbers valid in their country's plan
    "+33 1 42 {2} {2} {2}",
    "+33 6 {2} {2} {2} {2}",
    "+49 30 {8}",
    "+49 151 {8}",
    "+1 (415) 555-{4}",
    "+1 212-{3}-{4}",
    "+353 1 {3} {4}",
    "+353 87 {3} {4}",
    "+48 {3} {3} {3}",
    "+91 98{3} {5}",
    "+234 803 {3} {4}",
    "+61 2 {4} {4}",
    "+34 91 {3} {2} {2}",
]


def phone_international(b, rng):
    fmt = rng.choice(INTERNATIONAL)
    value = fmt.format(*[""] * 0, **{}) if False else _fill(rng, fmt)
    b.add(
        rng.choice(["my son abroad is on ", "reach her on ", "the clinic in Paris gave "]),
        ("PHONE", value, "phone: other country"),
        " if needed. ",
    )


def _fill(rng, fmt: str) -> str:
    out, k = [], 0
    while k < len(fmt):
        if fmt[k] == "{":
            n = int(fmt[k + 1])
            out.append(str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1)))
            k += 3
        else:
            out.append(fmt[k])
            k += 1
    return "".join(out)


def handle(b, rng):
    first, last = rng.choice(GIVEN).lower(), rng.choice(FAMILY).lower().replace("-", "")
    name = rng.choice([f"{first}_{last}", f"{first}{rng.randint(10, 99)}", f"{last}.{first[0]}", f"the_real_{first}"])
    form = rng.randrange(3)
    if form == 0:
        b.add("she posted about it as ", ("SOCIAL MEDIA", f"@{name}", "handle"), ". ")
    elif form == 1:
        b.add("he is ", ("SOCIAL MEDIA", name, "handle"), rng.choice([" on instagram. ", " on TikTok. "]))
    else:
        b.add("message ", ("SOCIAL MEDIA", f"@{name}", "handle"), " for details. ")


def profile_url(b, rng):
    first, last = rng.choice(GIVEN).lower(), rng.choice(FAMILY).lower().replace("-", "")
    site = rng.choice(
        [
            "facebook.com",
            "www.facebook.com",
            "instagram.com",
            "x.com",
            "twitter.com",
            "tiktok.com/@",
            "www.linkedin.com/in",
        ]
    )
    sep = "" if site.endswith("@") else "/"
    value = f"{rng.choice(['', 'https://'])}{site}{sep}{first}.{last}{rng.randint(1, 999)}"
    b.add("his page is ", ("SOCIAL MEDIA", value, "profile URL"), " if you want proof. ")


def vehicle(b, rng):
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    reg = (
        f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(10, 74):02d}"
        f"{rng.choice([' ', ''])}{''.join(rng.choice(letters) for _ in range(3))}"
    )
    b.add(
        rng.choice(["the car that hit him was ", "a van, reg ", "ambulance "]),
        ("VEHICLE REGISTRATION", reg if rng.random() < 0.8 else reg.lower(), "vehicle registration"),
        rng.choice([", drove off. ", " was parked there. "]),
    )


MONTHS = "January February March April May June July August September October November December".split()


def exact_date(b, rng):
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2024, 2025, 2026])
    value = rng.choice(
        [
            f"{d} {MONTHS[m - 1]} {y}",
            f"{d}/{m:02d}/{y}",
            f"{MONTHS[m - 1]} {d}, {y}",
            f"the {d}{'th' if d > 3 else ['st', 'nd', 'rd'][d - 1]} of {MONTHS[m - 1]}",
            f"{d}.{m}.{str(y)[2:]}",
        ]
    )
    b.add(
        rng.choice(["It happened on ", "We were discharged on ", "Since "]), ("EXACT DATE", value, "exact date"), ". "
    )


def age(b, rng):
    n = rng.choice([rng.randint(85, 104), rng.randint(2, 17), rng.randint(18, 84)])
    value = rng.choice([f"{n}-year-old", f"aged {n}", f"{n} years old", f"{n} year old"])
    b.add(rng.choice(["my ", "a ", "she is ", "he was "]), ("AGE", value, "age"), " and ")
    b.add(rng.choice(["Somali-speaking", "lives alone", "a widow", "deaf"]), ". ")


def kept_provider(b, rng):
    b.add(
        rng.choice(["We rely on ", "I complained to ", "Staff at "]),
        ("KEEP", rng.choice(NAMED_PROVIDERS)),
        rng.choice([" for years. ", ". ", " were kind. "]),
    )


KINDS = (
    name_lower,
    name_word,
    name_unlisted,
    name_start,
    name_re,
    address_plain,
    address_flat,
    address_house,
    email_spelled,
    phone_words,
    phone_international,
    handle,
    profile_url,
    vehicle,
    exact_date,
    age,
    kept_provider,
)
