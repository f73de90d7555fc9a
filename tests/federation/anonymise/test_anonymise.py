"""The free-text scrubber: one test per identifier type and per kept term."""

import subprocess
import sys

import pytest

from linkhub.federation.anonymise import Finding, find_identifiers, scrub, scrub_record


def _scrubbed_of(text: str, secret: str) -> str:
    out = scrub(text)
    assert secret not in out, out
    return out


# --------------------------------------------------------------- names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr Patel was dismissive.", "Dr [NAME] was dismissive."),
        ("Dr. Patel was dismissive.", "Dr. [NAME] was dismissive."),
        ("a nurse called Karen was lovely", "a nurse called [NAME] was lovely"),
        ("my husband John Smith waited", "my husband [NAME] waited"),
        ("Mrs. O'Neill on reception", "[NAME] on reception"),
        ("mrs o'neill on reception", "[NAME] on reception"),
        ("Sister Jones ran the ward", "Sister [NAME] ran the ward"),
        ("a paramedic named Tom helped", "a paramedic named [NAME] helped"),
        ("my daughter Aisha was scared", "my daughter [NAME] was scared"),
        ("my son ryan was seen quickly", "my son [NAME] was seen quickly"),
        ("Karen's kindness meant a lot", "[NAME]'s kindness meant a lot"),
        ("Staff Nurse Okafor was brilliant", "Staff Nurse [NAME] was brilliant"),
        ("Mr Khan the consultant saw us", "[NAME] the consultant saw us"),
        ("Thanks to Grace on ward 5", "Thanks to [NAME] on ward 5"),
        ("My mum Rose and my dad Bill came", "My mum [NAME] and my dad [NAME] came"),
        ("Frank was lovely to us", "[NAME] was lovely to us"),
        ("Tom, the paramedic, was great", "[NAME], the paramedic, was great"),
        ("we saw dr sutcliffe who was kind", "we saw dr [NAME] who was kind"),
        ("Dr J. Smith referred me", "Dr [NAME] referred me"),
        ("Healthcare Assistant Dawn sat with her", "Healthcare Assistant [NAME] sat with her"),
        ("Special thanks to Tunde and Bisi", "Special thanks to [NAME] and [NAME]"),
        ("my nan dimitra was seen quickly", "my nan [NAME] was seen quickly"),
        ("I spoke to Obiageli who said no", "I spoke to [NAME] who said no"),
        ("Chao Xie was my named nurse", "[NAME] was my named nurse"),
        ("Wiktoria Zielińska held my hand", "[NAME] held my hand"),
        ("The HCA (Raymond) was brilliant", "The HCA ([NAME]) was brilliant"),
        ("Marc, thank you for everything", "[NAME], thank you for everything"),
        ("Dr Patel's surgery is good", "Dr [NAME]'s surgery is good"),
        ("Consultant Mr Ward took time", "Consultant [NAME] took time"),
    ],
)
def test_names_are_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will someone please call me back?",
        "I will complain again.",
        "In May the waiting list was a year.",
        "I hope this helps. Hope you can sort it.",
        "There was a rose on the table and a mark on her arm.",
        "We got a parking bill. To be frank, the food was cold.",
        "Sue them, my friend said.",
        "Grace period for parking was ten minutes.",
        "Will the GP surgery ever answer the phone?",
        "Rose from my chair and fell.",
        "my son will be seen next week",
    ],
)
def test_everyday_words_that_are_names_stay(text):
    assert scrub(text) == text


# ------------------------------------------------------- structured identifiers


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919"])
def test_nhs_number_with_check_digit(number):
    assert _scrubbed_of(f"My number is {number} thanks", number) == "My number is [NHS NUMBER] thanks"


@pytest.mark.parametrize("context", ["NHS no", "NHS number:", "patient number"])
def test_unchecked_ten_digits_in_clinical_context(context):
    # 1234567890 fails the mod-11 check: it goes only because of the context
    assert scrub(f"{context} 1234567890.") == f"{context} [NHS NUMBER]."


def test_ten_digits_without_context_or_check_digit_stay():
    assert scrub("order ref 1234567890 was lost") == "order ref 1234567890 was lost"


@pytest.mark.parametrize("ni", ["QQ 12 34 56 C", "QQ123456C", "qq123456c", "AB 12 34 56 D"])
def test_ni_number(ni):
    assert _scrubbed_of(f"NI is {ni}.", ni) == "NI is [NI NUMBER]."


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "(0114) 271 1900",
        "0114 2711900",
        "0114 271 1900",
        "020 7946 0018",
        "0800 123 4567",
        "+44 (0)114 271 1900",
        "0113-496-0123",
        "0044 7700 900123",
    ],
)
def test_phone_numbers(phone):
    assert _scrubbed_of(f"Ring me on {phone} today", phone) == "Ring me on [PHONE] today"


@pytest.mark.parametrize("service", ["111", "999", "NHS 111"])
def test_service_numbers_stay(service):
    text = f"I rang {service} twice."
    assert scrub(text) == text


def test_phone_followed_by_other_digits():
    assert scrub("call 0114 271 1900 2 times") == "call [PHONE] 2 times"


@pytest.mark.parametrize("email", ["john.smith@example.co.uk", "k_o'neill+nhs@nhs.net", "a1@b.org"])
def test_email(email):
    assert _scrubbed_of(f"Email {email}.", email) == "Email [EMAIL]."


@pytest.mark.parametrize("postcode", ["S10 2JF", "SW1A 1AA", "m1 1ae", "LS14AP", "BD7 1DP"])
def test_postcode(postcode):
    assert _scrubbed_of(f"I live in {postcode} now", postcode) == "I live in [POSTCODE] now"


def test_ordinal_after_ward_code_is_no_postcode():
    assert scrub("Ward B3 2nd floor") == "Ward B3 2nd floor"


@pytest.mark.parametrize(
    "address, expected",
    [
        ("12 Acacia Avenue", "[ADDRESS]"),
        ("Flat 3, 45 High Street", "[ADDRESS]"),
        ("14 Church Lane, Sheffield", "[ADDRESS]"),
        ("14 church lane, sheffield", "[ADDRESS]"),
        ("7b Station Rd, Leeds LS1 4AP", "[ADDRESS] [POSTCODE]"),
    ],
)
def test_address(address, expected):
    assert scrub(f"I live at {address}.") == f"I live at {expected}."


def test_hours_on_the_road_is_no_address():
    assert scrub("we waited 3 hours on the road") == "we waited 3 hours on the road"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DOB 12/03/1948", "DOB [DATE OF BIRTH]"),
        ("d.o.b. 12.03.48", "d.o.b. [DATE OF BIRTH]"),
        ("born on 3 March 1950", "born on [DATE OF BIRTH]"),
        ("date of birth: 1950-03-03", "date of birth: [DATE OF BIRTH]"),
        ("born 3rd of March 1950", "born [DATE OF BIRTH]"),
        ("aged 76 (born 12/03/1948)", "aged 70s (born [DATE OF BIRTH])"),
    ],
)
def test_date_of_birth(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We were seen on 3 March.", "We were seen on March."),
        ("Appointment on 12/03/2024 at 10am.", "Appointment on March 2024 at 10am."),
    ],
)
def test_ordinary_dates_become_months(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hospital number RHQ1234567", "hospital number [HOSPITAL NUMBER]"),
        ("MRN: 00123456", "MRN: [HOSPITAL NUMBER]"),
        ("K1234567 on my wristband", "[HOSPITAL NUMBER] on my wristband"),
        ("her hospital no. is 1234567", "her hospital no. is [HOSPITAL NUMBER]"),
    ],
)
def test_hospital_number(text, expected):
    assert scrub(text) == expected


# ------------------------------------------------------------- kept terms

KEPT = [
    "Northern General Hospital",
    "Sheffield Teaching Hospitals NHS Foundation Trust",
    "A&E",
    "paramedics",
    "the crisis team",
    "Yorkshire Ambulance Service",
    "St Mary's Hospital",
    "Dr Gray's Hospital",
    "GP",
    "ward 5",
    "Ward B3",
    "the discharge lounge",
    "community mental health team",
    "111",
    "999",
    "CQC",
    "PALS",
    "Leeds",
    "Sheffield",
    "Bradford",
    "Royal Hallamshire Hospital",
    "Leeds General Infirmary",
    "St Luke's Hospice",
    "Weston Park",
    "the Victoria wing",
    "Rose Ward",
    "Healthwatch",
    "Long Covid clinic",
    "Parkinson's nurses",
]


@pytest.mark.parametrize("term", KEPT)
def test_kept_terms_stay(term):
    for text in (f"We went to {term} yesterday.", f"{term} was fine.", f"Thanks to {term}!"):
        out = scrub(text)
        assert term in out, out


def test_city_standalone_stays_but_not_in_an_address():
    assert scrub("Sheffield needs more beds") == "Sheffield needs more beds"
    assert "Sheffield" not in scrub("I live at 14 Church Lane, Sheffield")


# ------------------------------------------------------------------ API


def test_find_identifiers_reports_type_position_and_text():
    text = "Call Dr Patel on 07700 900123"
    findings = find_identifiers(text)
    assert findings == [Finding("NAME", 8, 13, "Patel"), Finding("PHONE", 17, 29, "07700 900123")]
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert findings[0].placeholder == "[NAME]"


def test_find_identifiers_on_clean_text_is_empty():
    assert find_identifiers("The staff at Northern General Hospital were kind.") == []


def test_scrub_record_scrubs_text_and_passes_other_keys():
    record = {"id": 7, "text": "Dr Patel", "network": "sheffield", "tags": ["a"]}
    assert scrub_record(record) == {
        "id": 7,
        "text": "Dr [NAME]",
        "network": "sheffield",
        "tags": ["a"],
    }
    assert record["text"] == "Dr Patel"  # the input is not changed


@pytest.mark.parametrize("record", [{"id": 1}, {"id": 1, "text": None}, {"text": 3}])
def test_scrub_record_needs_string_text(record):
    with pytest.raises(ValueError):
        scrub_record(record)


def test_empty_text():
    assert scrub("") == ""


def test_import_is_cheap():
    """Importing loads no word list and no Faker: that happens on first use."""
    code = (
        "import sys, linkhub.federation.anonymise as a; "
        "assert 'faker' not in sys.modules; assert a._lexicon.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
