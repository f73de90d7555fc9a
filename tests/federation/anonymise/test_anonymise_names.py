"""Names from vendored census lists, in any case and position; the new identifier kinds."""

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkhub.federation import anonymise
from linkhub.federation.anonymise import scrub, words


@pytest.fixture
def data_without(tmp_path, monkeypatch):
    def remove(filename):
        for f in Path(words._DATA_DIR).iterdir():
            if f.name != filename and f.is_file():
                shutil.copy(f, tmp_path / f.name)
        monkeypatch.setattr(words, "_DATA_DIR", str(tmp_path))
        words._lexicon.cache_clear()

    yield remove
    words._lexicon.cache_clear()


@pytest.mark.parametrize("filename", ["given_names.tsv", "family_names.tsv", "dictionary_words.txt"])
def test_missing_name_data_fails(data_without, filename):
    data_without(filename)
    with pytest.raises(words.MissingNameData, match=filename):
        scrub("Bartholomew rang about Thandiwe.")


def test_names_only_the_census_lists_hold_are_found():
    """Neither name is in the hand-written lists: only the vendored census data knows them."""
    listed = words._read_words("first_names.txt") | words._read_words("surnames.txt")
    assert "bartholomew" not in listed and "thandiwe" not in listed
    assert scrub("Bartholomew rang. Thandiwe came too.") == "[NAME] rang. [NAME] came too."


GIVEN = ["joanne", "dev", "siobhan", "oluwaseun", "wojciech", "priya", "kwame", "agnieszka"]
FAMILY = ["whitfield", "patel", "bellamy", "okonkwo", "kowalczyk", "nguyen", "mensah", "haigh"]
WORD_NAMES = ["faith", "rose", "patience", "grace", "hope", "joy", "precious", "mercy"]
FRAMES = [
    "told {n} to go home",
    "{n} says the wait was too long",
    "Re: {n}",
    "patient {n} was left on a trolley",
    "I am the carer for {n} since last year",
    "my neighbour {n} drove me there",
    "then {n} phoned back",
]


def _case(name: str, style: int) -> str:
    return name.lower() if style == 0 else name.title()


@settings(max_examples=150, deadline=None)
@given(
    first=st.sampled_from(GIVEN + WORD_NAMES),
    last=st.sampled_from(FAMILY),
    frame=st.sampled_from(FRAMES),
    style=st.integers(0, 1),
)
def test_full_names_in_any_case_and_position(first, last, frame, style):
    name = f"{_case(first, style)} {_case(last, style)}"
    out = scrub(frame.format(n=name))
    assert first not in out.lower().split() and last not in out.lower(), out


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Rose Cottage Surgery were helpful", "Rose Cottage Surgery"),
        ("I rang Faith House Care Home twice", "Faith House Care Home"),
        ("Grace Street Medical Centre is closing", "Grace Street Medical Centre"),
        ("we drove to Weston Park Hospital", "Weston Park Hospital"),
    ],
)
def test_providers_named_like_people_are_kept(text, kept):
    assert kept in scrub(text)


def test_a_word_name_near_a_provider_is_still_a_name():
    assert scrub("Rose from the surgery was rude") == "[NAME] from the surgery was rude"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("mail me: sam dot okoro at gmail dot com", "EMAIL"),
        ("it is k.lund (at) outlook (dot) co (dot) uk", "EMAIL"),
        ("ring oh seven nine double four, one two three, nine nine eight", "PHONE"),
        ("his mobile is 07seven00 900 456", "PHONE"),
        ("reach her on +33 1 42 68 53 00 in Paris", "PHONE"),
        ("or +1 (415) 555-2671 in the US", "PHONE"),
        ("my daughter posts as @kez_m_91 about it", "SOCIAL MEDIA"),
        ("see instagram.com/kerry.m.1991 for photos", "SOCIAL MEDIA"),
        ("his profile https://www.facebook.com/dan.oakes.77 says so", "SOCIAL MEDIA"),
        ("the ambulance reg was YX68 KMA", "VEHICLE REGISTRATION"),
        ("a car, reg P482 HFT, blocked the bay", "VEHICLE REGISTRATION"),
        ("she lives of Orchard Road now", "ADDRESS"),
        ("Flat 3 The Willows, Crookes", "ADDRESS"),
        ("they live on meadow lane by the shop", "ADDRESS"),
        ("post it to Holly Tree Farm, Bradfield", "ADDRESS"),
    ],
)
def test_obfuscated_and_unnumbered_identifiers(text, kind):
    found = anonymise.find_identifiers(text)
    assert any(f.type == kind for f in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "we waited 3 hours on the road",
        "I was seen at 10 and left at 12:30",
        "Orchard Road Surgery was good",
        "the ward had 24 beds and 3 nurses",
        "I rated it one two three out of ten",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert scrub(text) == text
