"""PostgreSQL-only: the bounded plan for queries with many matches (collected only when
LINKHUB_TEST_DATABASE_URL is set), and that PostgreSQL parses every rendered query."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.search.backends.postgres import tsquery_sql
from linkhub.search.documents import SearchDocument, SearchQuery
from linkhub.search.query_text import parse

pytestmark = pytest.mark.postgres

QUERYISH = st.text(alphabet=st.sampled_from(list('ab -"*()^:+!&|<>OR AND NEAR \x00é🚑')),
                   max_size=60) | st.text(max_size=80)


def synthetic(n: int) -> list[SearchDocument]:
    rnd = random.Random(7)
    docs = []
    for i in range(n):
        rare = " ambulance" if i % 50 == 0 else ""
        docs.append(SearchDocument(
            doc_id=f"report:{i}", kind="report", title=f"Care report {i}{rare}", url=f"/r/{i}",
            published_on=date(2005, 1, 1) + timedelta(days=i), summary="care for people",
            body="waiting care " * 3 + rnd.choice(["dignity", "access"]),
            network=f"n{i % 5}", region=["yorkshire", "london"][i % 2],
            providers=[f"Trust {i % 3}"], theme=rnd.choice(["dignity", "access"])))
    return docs


@pytest.fixture(scope="module")
def big(pg_backend_factory):
    backend = pg_backend_factory(exact_limit=100, window=50, count_cap=300, min_sample=30)
    backend.install()
    backend.reindex(synthetic(3000))
    with backend.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE search_documents")
    return backend


def test_many_matches_give_flagged_estimates_and_ranked_hits(big):
    result = big.search(SearchQuery(text="care", facets=("region", "providers"), per_page=10))
    assert result.total_is_estimate and result.facets_are_estimates
    assert 2000 <= result.total <= 4000  # 3000 real matches, estimated from a 1% sample
    assert len(result.hits) == 10 and all("<mark>" in h.snippet for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    # ranked within the newest `window` matches
    assert all(h.published_on >= date(2005, 1, 1) + timedelta(days=3000 - 50) for h in result.hits)
    assert {v for v, _ in result.facets["region"]} == {"yorkshire", "london"}


def test_dense_and_sparse_plans_find_the_same_hits(big):
    """Walking the date index (dense matches) and the GIN index with a cutoff (sparse) are two
    routes to the same newest-`window` candidates, so they rank the same hits."""
    query = SearchQuery(text="care", filters={"region": ["london"]}, per_page=10)
    routes = []
    for dense_share in (0.0, 1.1):  # always dense / never dense
        backend = type(big)(big.engine, cache_size=0, exact_limit=100, window=50, count_cap=300,
                            min_sample=30, dense_share=dense_share)
        routes.append([(h.doc_id, h.score) for h in backend.search(query).hits])
    assert routes[0] == routes[1] and len(routes[0]) == 10


def test_facet_estimates_read_a_bounded_part_of_the_sample(big):
    backend = type(big)(big.engine, cache_size=0, exact_limit=100, window=50, count_cap=300,
                        min_sample=5, facet_rows=10)
    result = backend.search(SearchQuery(text="care", facets=("region",)))
    sample = result.total / 100  # the sample rows that matched
    tenths = -(-10 * 10 // int(sample))  # the part of them facet counts read
    counts = dict(result.facets["region"])
    assert set(counts) <= {"yorkshire", "london"} and counts
    assert all(n % (1000 / tenths) == 0 for n in counts.values())  # each sampled row = 1000/tenths
    assert sum(counts.values()) / (1000 / tenths) < sample  # fewer rows than the whole sample


def test_few_matches_stay_exact(big):
    result = big.search(SearchQuery(text="ambulance", facets=("region",)))
    assert result.total == 60 and not result.total_is_estimate and not result.facets_are_estimates
    assert result.facets["region"] == [("yorkshire", 60)]


def test_small_filtered_subset_of_a_common_word_is_counted_exactly(big):
    result = big.search(SearchQuery(text="care", filters={"network": ["n1"],
                                                          "providers": ["Trust 0"]}))
    assert result.total == 200 and not result.total_is_estimate
    assert all(h.fields["network"] == "n1" for h in result.hits)


def test_date_sort_on_the_bounded_path_is_exact_order(big):
    result = big.search(SearchQuery(text="care", sort="date", page=2, per_page=5))
    assert [h.doc_id for h in result.hits] == [f"report:{i}" for i in range(2994, 2989, -1)]


def test_cache_is_invalidated_by_index_events(big):
    query = SearchQuery(text="zebra")
    assert big.search(query).total == 0
    assert big.search(query).total == 0  # cached
    big.index(SearchDocument(doc_id="report:zebra", kind="report", title="Zebra crossing",
                             url="/z", published_on=date(2020, 1, 1)))
    assert big.search(query).total == 1
    big.delete("report:zebra")
    assert big.search(query).total == 0


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          max_examples=100)
@given(QUERYISH)
def test_postgres_parses_every_rendered_query(pg_backend_factory, text):
    rendered = tsquery_sql(parse(text))
    if rendered:
        with pg_backend_factory().engine.connect() as conn:
            conn.execute(sa.text(f"SELECT {rendered[0]}('english', :t)"), {"t": rendered[1]})
