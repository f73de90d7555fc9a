"""PostgreSQL-only (collected only when LINKHUB_TEST_DATABASE_URL is set): PostgreSQL parses
every rendered query, and the page of a common word is the exact top of every match."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.search.backends.postgres import tsquery_sql
from linkhub.search.query_text import parse

pytestmark = pytest.mark.postgres

QUERYISH = st.text(alphabet=st.sampled_from(list('ab -"*()^:+!&|<>OR AND NEAR \x00é🚑')), max_size=60) | st.text(
    max_size=80
)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], max_examples=100)
@given(QUERYISH)
def test_postgres_parses_every_rendered_query(pg_backend_factory, text):
    rendered = tsquery_sql(parse(text))
    if rendered:
        with pg_backend_factory().engine.connect() as conn:
            conn.execute(sa.text(f"SELECT {rendered[0]}('english', :t)"), {"t": rendered[1]})


def test_a_phrase_never_joins_the_end_of_one_field_to_the_start_of_the_next():
    rendered = tsquery_sql(parse('"care home"'))[1]
    assert rendered == "(((care:A <-> home:A) | (care:B <-> home:B) | (care:C <-> home:C)))"
