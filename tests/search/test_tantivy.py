"""The embedded engine's single writer: web processes only read, writers in several processes
take turns on tantivy's lock, and the outbox events index into it like any backend."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from linkhub.search import service
from linkhub.search.backends import get_backend
from linkhub.search.documents import SearchDocument, SearchQuery
from tests.search.pipeline import publish, report_payload

ROOT = Path(__file__).resolve().parents[2]
INDEX = Path(tempfile.mkdtemp(prefix="linkhub-tantivy-"))


def doc(i: int) -> SearchDocument:
    return SearchDocument(
        doc_id=f"report:t{i}",
        kind="report",
        title=f"Handover report {i}",
        url=f"/reports/t{i}",
        published_on=date(2010, 1, 1 + i % 28),
        network="alpha",
    )


def test_a_reader_sees_each_commit_and_cannot_write(tmp_path):
    writer = get_backend(f"tantivy://{tmp_path}")
    reader = get_backend(f"tantivy://{tmp_path}?writer=0")
    writer.install()
    assert reader.search(SearchQuery(text="handover")).total == 0
    writer.bulk([doc(1), doc(2)])
    assert reader.search(SearchQuery(text="handover")).total == 2
    writer.delete("report:t1")
    assert [h.doc_id for h in reader.search(SearchQuery(text="handover")).hits] == ["report:t2"]
    with pytest.raises(RuntimeError, match="only reads"):
        reader.index(doc(3))
    assert writer.health()["documents"] == {"report": 1, "shared_issue": 0}


WRITE_MANY = """
import sys
from datetime import date
from linkhub.search.backends import get_backend
from linkhub.search.documents import SearchDocument
b = get_backend("tantivy://" + sys.argv[1])
for i in range(int(sys.argv[2]), int(sys.argv[3])):
    b.index(SearchDocument(doc_id=f"report:t{i}", kind="report", title=f"Handover report {i}",
                           url="/r", published_on=date(2010, 1, 1)))
"""


def test_writers_in_two_processes_take_turns_and_lose_nothing(tmp_path):
    get_backend(f"tantivy://{tmp_path}").install()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITE_MANY, str(tmp_path), str(a), str(a + 25)], cwd=ROOT)
        for a in (0, 100)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    result = get_backend(f"tantivy://{tmp_path}?writer=0").search(SearchQuery(text="handover", per_page=100))
    assert result.total == 50 and len({h.doc_id for h in result.hits}) == 50


@pytest.mark.parametrize("app", [{"SEARCH_URL": f"tantivy://{INDEX}"}], indirect=True)
def test_outbox_events_index_into_tantivy(app, world):
    assert service.backend().name == "tantivy"
    publish("report.published", report_payload("TAN1", title="Tantivy handover report"))
    publish("report.published", report_payload("TAN2"))
    found = service.backend().search(SearchQuery(text="tantivy", facets=("network",)))
    assert [h.doc_id for h in found.hits] == ["report:TAN1"] and found.facets["network"] == [("alpha", 1)]
    publish("report.unpublished", {"public_ref": "TAN1"})
    assert service.backend().search(SearchQuery(text="tantivy")).total == 0
    assert service.backend().search(SearchQuery(text="handover")).total == 1
