"""Property tests: no generated identifier of a structured kind survives scrub."""

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.provisional import domains

from linkhub.federation.anonymise import scrub

# Neutral text around the identifier: the rest must come through unchanged.
BEFORE = st.sampled_from(
    [
        "",
        "Contact: ",
        "My details are ",
        "Ward 5 staff rang ",
        "(see note) ",
        "Leeds GP said ",
        "NHS 111 gave ",
    ]
)
AFTER = st.sampled_from(["", ".", " thanks", ", ok?", " - call 111 if not", "\nBest wishes"])

digits = st.integers(min_value=0, max_value=9)


@st.composite
def nhs_numbers(draw):
    """A valid NHS number (mod-11 check digit), written with any spacing."""
    while True:
        body = draw(st.lists(digits, min_size=9, max_size=9))
        check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1))) % 11
        if check != 10:
            break
    number = "".join(map(str, body + [0 if check == 11 else check]))
    seps = draw(st.lists(st.sampled_from(["", "", " ", "-"]), min_size=9, max_size=9))
    style = draw(st.sampled_from(["groups", "any"]))
    if style == "groups":
        sep = draw(st.sampled_from(["", " ", "-"]))
        return f"{number[:3]}{sep}{number[3:6]}{sep}{number[6:]}"
    return number[0] + "".join(s + d for s, d in zip(seps, number[1:]))


@st.composite
def uk_phone_numbers(draw):
    """UK numbers as people write them: national or +44, mobile or landline."""
    kind = draw(st.sampled_from(["mobile", "london", "city", "area", "freephone", "non-geo"]))
    d = lambda n: "".join(str(draw(digits)) for _ in range(n))  # noqa: E731
    national = {
        "mobile": lambda: ("07" + d(3), d(6)),
        "london": lambda: ("020", d(4) + " " + d(4)),
        "city": lambda: (
            "01" + draw(st.sampled_from(["13", "14", "15", "16", "17", "18"])),
            d(3) + " " + d(4),
        ),
        "area": lambda: ("01" + d(3), d(6)),
        "freephone": lambda: ("0800", d(3) + " " + d(4)),
        "non-geo": lambda: ("03" + d(2), d(3) + " " + d(4)),
    }[kind]()
    code, rest = national
    if draw(st.booleans()):
        rest = rest.replace(" ", draw(st.sampled_from(["", " ", "-"])))
    form = draw(st.sampled_from(["plain", "brackets", "intl", "intl0", "joined"]))
    if form == "brackets":
        return f"({code}) {rest}"
    if form == "intl":
        return f"+44 {code[1:]} {rest}"
    if form == "intl0":
        return f"+44 (0){code[1:]} {rest}"
    if form == "joined":
        return (code + rest).replace(" ", "").replace("-", "")
    return f"{code}{draw(st.sampled_from([' ', '-', '']))}{rest}"


local_part = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-'",
    min_size=1,
    max_size=30,
).filter(lambda s: not s.startswith(".") and not s.endswith(".") and ".." not in s)
emails = st.builds(lambda local, domain: f"{local}@{domain}", local_part, domains())

INWARD = "ABDEFGHJLNPQRSTUWXYZ"


@st.composite
def postcodes(draw):
    """Postcodes in all six UK formats, any case, with or without the space."""
    letters = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")
    area = draw(letters) + (draw(letters) if draw(st.booleans()) else "")
    district = str(draw(st.integers(1, 99 if draw(st.booleans()) else 9)))
    if len(district) == 1 and draw(st.booleans()):
        district += draw(st.sampled_from("ABCDEFGHJKMNPRSTUVWXY"))
    inward = str(draw(digits)) + draw(st.sampled_from(INWARD)) + draw(st.sampled_from(INWARD))
    code = area + district + draw(st.sampled_from([" ", ""])) + inward
    return draw(st.sampled_from([code, code.lower(), code.upper()]))


def _assert_replaced(before, secret, after, placeholders):
    out = scrub(before + secret + after)
    assert secret not in out, out
    assert any(p in out for p in placeholders), out
    assert out.startswith(before.rstrip()[:5]) and out.endswith(after.strip()[-3:]), out


@settings(max_examples=300)
@given(BEFORE, nhs_numbers(), AFTER)
def test_no_valid_nhs_number_survives(before, number, after):
    _assert_replaced(before, number, after, ["[NHS NUMBER]"])


@settings(max_examples=300)
@given(BEFORE, uk_phone_numbers(), AFTER)
def test_no_uk_phone_number_survives(before, number, after):
    # a phone number that happens to pass the NHS check digit is scrubbed as one
    _assert_replaced(before, number, after, ["[PHONE]", "[NHS NUMBER]"])


@settings(max_examples=300)
@given(BEFORE, emails, AFTER)
def test_no_email_survives(before, address, after):
    _assert_replaced(before, address, after, ["[EMAIL]"])


@settings(max_examples=300)
@given(BEFORE, postcodes(), AFTER)
def test_no_postcode_survives(before, code, after):
    _assert_replaced(before, code, after, ["[POSTCODE]"])


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_scrub_never_fails_and_keeps_text_without_identifiers_shape(text):
    out = scrub(text)
    assert isinstance(out, str)
