"""PostgreSQL-only: the shadow-table reindex (backends/pg_reindex.py) is resumable, keeps serving
the old index until its swap, takes live writes made meanwhile, re-applies events emitted since
it began, and leaves the same tables, indexes and grants as a fresh install."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from linkhub.search.backends import pg_reindex
from linkhub.search.documents import SearchDocument, SearchQuery

pytestmark = pytest.mark.postgres


def docs(prefix: str, n: int) -> list[SearchDocument]:
    return [
        SearchDocument(
            doc_id=f"report:{prefix}{i:05d}",
            kind="report",
            title=f"{prefix} report {i}",
            url=f"/r/{prefix}{i}",
            published_on=date(2010, 1, 1) + timedelta(days=i),
            body=f"handover delays {prefix.lower()}word",
            region="yorkshire",
            providers=[f"Trust {i % 4}"],
        )
        for i in range(n)
    ]


class Interrupted(Exception):
    pass


def failing_after(items, n):
    for i, item in enumerate(items):
        if i == n:
            raise Interrupted
        yield item


def index_names(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.scalars(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_documents'")))


def total(backend, text=None) -> int:
    return backend.search(SearchQuery(text=text, per_page=1)).total


@pytest.fixture
def backend(pg_backend_factory):
    b = pg_backend_factory(cache_size=0)
    b.install()
    b.reindex(docs("OLD", 50))
    yield b
    with b.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {pg_reindex.SHADOW}")


def test_an_interrupted_reindex_leaves_the_old_index_and_resumes(backend):
    before = index_names(backend.engine)
    new = docs("NEW", 2500)
    with pytest.raises(Interrupted):
        backend.reindex(failing_after(new, 2300))
    assert total(backend) == 50 and total(backend, "oldword") == 50  # still the old index
    with backend.engine.connect() as conn:
        assert pg_reindex.shadow_exists(conn)
        assert conn.scalar(sa.text(f"SELECT count(*) FROM {pg_reindex.SHADOW}")) == 2000  # two chunks
    assert backend.reindex(iter(new)) == 2500
    assert backend.resumed_from == 1000  # one chunk rewritten, harmlessly
    assert total(backend, "newword") == 2500 and total(backend, "oldword") == 0
    with backend.engine.connect() as conn:
        assert not pg_reindex.shadow_exists(conn)
    assert index_names(backend.engine) == before  # same indexes, same names as a fresh install


def test_live_writes_during_a_reindex_reach_the_new_index(backend):
    with pytest.raises(Interrupted):
        backend.reindex(failing_after(docs("NEW", 1500), 1200))
    live = docs("LIVE", 1)[0]
    backend.index(live)  # an event handled while the rebuild runs
    backend.delete("report:OLD00001")  # and one that removes
    assert total(backend, "liveword") == 1
    backend.reindex(iter(docs("NEW", 1500)))
    assert total(backend, "liveword") == 1 and total(backend) == 1501


def test_events_since_the_start_decide_over_what_the_sources_yielded(backend):
    new = docs("NEW", 20)
    changed = SearchDocument(**{**new[3].__dict__, "title": "Corrected title", "body": "correctedword"})

    def catch_up(conn, mark):
        assert mark == 41  # the outbox position recorded when the rebuild began
        return [("report:NEW00002", None), ("report:NEW00003", changed)]

    backend.reindex(iter(new), mark=41, catch_up=catch_up)
    found = backend.search(SearchQuery(per_page=100))
    assert total(backend) == 19 and "report:NEW00002" not in {h.doc_id for h in found.hits}
    assert total(backend, "correctedword") == 1


def test_the_shadow_table_gets_the_live_tables_grants(backend):
    with backend.engine.begin() as conn:
        conn.exec_driver_sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            "'linkhub_search_reader') THEN CREATE ROLE linkhub_search_reader; END IF; END $$"
        )
        conn.exec_driver_sql("GRANT SELECT, INSERT ON search_documents TO linkhub_search_reader")
    backend.reindex(iter(docs("NEW", 5)))
    with backend.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT has_table_privilege('linkhub_search_reader', 'search_documents', 'INSERT')"))
        assert not conn.scalar(
            sa.text("SELECT has_table_privilege('linkhub_search_reader', 'search_documents', 'DELETE')")
        )
