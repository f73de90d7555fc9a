"""The scrubber against an independent corpus (tests/anonymise_corpus_independent.py):
its own templates, 300+ hand-written names of many origins, places and providers,
scored by its own brute-force oracle. Goals of issue 13: structured identifiers
0% leaked, names at most 2%, provider/service/place terms kept at least 98%.

The figures are asserted on a seed the scrubber was not tuned on (the generator's
default seed 1913 was used while improving it; 4242 is held out)."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkhub.federation.anonymise import scrub, words


def _load():
    path = Path(__file__).resolve().parents[2] / "anonymise_corpus_independent.py"
    spec = importlib.util.spec_from_file_location("anonymise_corpus_independent", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("anonymise_corpus_independent", module)
    spec.loader.exec_module(module)
    return module


corpus = _load()
HELD_OUT = 4242


@pytest.fixture(scope="module")
def scored():
    records = corpus.generate(1000, seed=HELD_OUT)
    outputs = [scrub(r["text"]) for r in records]
    return records, outputs, corpus.evaluate(records, outputs)


def test_name_data_is_vendored():
    """The census lists the name finder relies on are present and not empty: without
    them names like these leak, so a missing file must fail the suite."""
    for filename in ("given_names.tsv", "family_names.tsv", "dictionary_words.txt"):
        path = Path(words._DATA_DIR) / filename
        assert path.is_file() and path.stat().st_size > 100_000, filename
    lexicon = words._lexicon()
    assert lexicon.given_count.get("tinashe", 0) == 0 or "tinashe" in lexicon.given_count
    assert len(lexicon.given_count) > 50_000 and len(lexicon.family_count) > 150_000
    assert scrub("my husband peregrine was sent home") == "my husband [NAME] was sent home"


def test_corpus_is_deterministic_with_truth_spans():
    first, again = corpus.generate(300), corpus.generate(300)
    assert first == again
    assert corpus.generate(30, seed=1) != corpus.generate(30, seed=2)
    for record in first:
        for item in record["planted"]:
            assert record["text"][item["start"] : item["end"]] == item["value"]
        for item in record["kept"]:
            assert record["text"][item["start"] :].startswith(item["value"])
    assert len(set(corpus.GIVEN + corpus.FAMILY + corpus.FAMILY_COMPOUND + corpus.NICKNAMES)) >= 300


def test_oracle_counts_leaks_case_insensitively():
    record = corpus.generate(1, seed=3)[0]
    name = next(item for item in record["planted"] if item["type"] == "NAME")
    # the name written back in another case is still a leak
    assert corpus.leaked(record, name, record["text"].upper() + " " + name["value"].lower())
    assert not corpus.leaked(record, name, corpus._without_planted(record))


def test_structured_identifiers_never_leak(scored):
    records, outputs, result = scored
    leaks = [leak for leak in corpus.leaks(records, outputs) if not leak[0].startswith("name")]
    assert result["structured"] >= 600
    assert result["structured_leak"] == 0, leaks[:5]


def test_names_leak_at_most_two_percent(scored):
    records, outputs, result = scored
    assert result["names"] >= 1000
    leaks = [leak for leak in corpus.leaks(records, outputs) if leak[0].startswith("name")]
    assert result["name_leak"] <= 0.02, leaks[:10]


def test_each_kind_of_name_leaks_at_most_six_percent(scored):
    records, outputs, result = scored
    for kind, (rate, count) in result["leak_by_kind"].items():
        assert count >= 20, kind
        if kind.startswith("name"):
            assert rate <= 0.06, (kind, rate, corpus.leaks(records, outputs, kind)[:5])


def test_provider_service_and_place_terms_kept(scored):
    records, outputs, result = scored
    assert result["keep"] >= 0.98, corpus.lost(records, outputs)[:10]
    for kind, (rate, count) in result["keep_by_kind"].items():
        assert rate >= 0.95, (kind, rate)


# ------------------------------------------------------------- properties

CASES = [str.lower, str.title, str.upper, lambda s: s]
NAME_FRAMES = [
    "then the nurse {n} came in and said we could go",
    "my hubby {n} was sent home too early",
    "{n} (my nan) was left in pain",
    "big thanks to {n} on nights",
    "Re: {n}\nplease call",
    "Subject: {n} - follow up",
    "I care for my mum, {n}.",
    "a carer called {n} made all the difference",
    "Letter signed by {n}.",
]


# Given names that are English words too ("Clemency") are left to the rate tests above:
# in context they are found most of the time, not always.
NOT_WORDS = [n for n in corpus.GIVEN if words._fold(n) not in words._lexicon().dictionary]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    first=st.sampled_from(NOT_WORDS),
    last=st.sampled_from(corpus.FAMILY + corpus.FAMILY_COMPOUND),
    frame=st.sampled_from(NAME_FRAMES),
    case=st.sampled_from(CASES),
)
def test_full_names_in_context_go_whatever_their_case(first, last, frame, case):
    name = case(f"{first} {last}")
    text = frame.format(n=name)
    out = scrub(text)
    rest = frame.format(n="")
    for piece in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", name):
        if len(piece) > 1 and piece.lower() not in corpus._PARTICLES:
            found = len(re.findall(rf"(?<!\w){re.escape(piece)}(?!\w)", out, re.I))
            assert found <= len(re.findall(rf"(?<!\w){re.escape(piece)}(?!\w)", rest, re.I)), (text, out)


KEEP_FRAMES = [
    "We were sent to {k} last night.",
    "The staff at {k} were kind.",
    "{k} has improved a lot.",
    "I complained to {k} and heard nothing.",
]
KEPT = corpus.HOSPITALS + corpus.SURGERIES + corpus.TRUSTS + corpus.HOSPICES_HOMES


@settings(max_examples=150, deadline=None, derandomize=True)
@given(term=st.sampled_from(KEPT), frame=st.sampled_from(KEEP_FRAMES))
def test_providers_are_kept_in_any_frame(term, frame):
    assert term in scrub(frame.format(k=term))


@pytest.mark.parametrize("ward", corpus.PERSON_WARDS)
def test_wards_named_after_people_are_places_but_the_same_words_after_a_relation_are_a_name(ward):
    assert ward in scrub(f"Dad was moved to {ward} on Friday.")
    assert ward in scrub(f"The staff on {ward} were lovely.")
    first = ward.split()[0]
    assert first not in scrub(f"My sister {first} Smith was moved.")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000))
def test_scrubbing_twice_changes_nothing_more(seed):
    for record in corpus.generate(3, seed=seed):
        once = scrub(record["text"])
        assert scrub(once) == once
