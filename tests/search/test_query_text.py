"""The query sanitiser: never raises, and what it renders always parses."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.search.backends.postgres import tsquery_sql
from linkhub.search.backends.sqlite_fts import SqliteFtsBackend, fts_match
from linkhub.search.documents import SearchQuery
from linkhub.search.query_text import MAX_CLAUSES, Clause, parse

QUERYISH = st.text(alphabet=st.sampled_from(list('ab -"*()^:+!&|<>OR AND NEAR \x00é🚑')), max_size=60) | st.text(
    max_size=80
)


def test_parse_shapes():
    q = parse('Visits "Care  Home" -handover -"A and E" disch* crisis OR weekend')
    assert q.groups == (
        (Clause(("visits",)),),
        (Clause(("care", "home")),),
        (Clause(("disch",), prefix=True),),
        (Clause(("crisis",)), Clause(("weekend",))),
    )
    assert q.excluded == (Clause(("handover",)), Clause(("a", "and", "e")))


def test_operators_at_the_ends_and_lone_marks_are_dropped():
    for text in ["OR", "AND", "-", '"', "OR a AND", "a OR", "* ^ :", "NOT"]:
        q = parse(text)
        assert all(w == "a" for w in q.positive_words()) and not q.excluded
    assert parse("a*").groups == ((Clause(("a",)),),)  # one-letter prefixes are too broad
    assert parse("e-mail").groups == ((Clause(("e", "mail")),),)


def test_long_text_is_bounded():
    q = parse("word " * 1000)
    assert len(q.groups) == MAX_CLAUSES
    assert len(parse("x" * 10_000).positive_words()[0]) <= 256


@given(QUERYISH)
def test_parse_never_raises_and_keeps_only_letters_and_digits(text):
    q = parse(text)
    for clause in [c for g in q.groups for c in g] + list(q.excluded):
        assert clause.words and all(w.isalnum() for w in clause.words)
    fts_match(q)
    tsquery_sql(q)


_engine = sa.create_engine("sqlite://")
_sqlite = SqliteFtsBackend(_engine, cache_size=0)
_sqlite.install()


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(QUERYISH)
def test_rendered_fts5_expression_always_runs(text):
    _sqlite.search(SearchQuery(text=text, facets=("region",)))
