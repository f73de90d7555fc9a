"""Where a reindex reads the truth: the payload sources the owning domains register with
``linkhub.platform.reindex_sources`` (network reports: ``linkhub/tenants/reports``,
enter-and-view reports: ``linkhub/tenants/visits``, joint reports and shared issues:
``linkhub/federation``), each in its ``search_sources.py``, found by discovery. Each yields the
payloads its events carry; this module turns them into documents exactly as the event handlers
do (`events.DOCUMENT_EVENTS`), so a rebuilt index holds what the events had indexed.

Only published reports and shared issues that are not withdrawn may be yielded, and only items
of the kind declared. `missing()` names every indexed kind that no source declares: a reindex
would drop those documents, so the status shows them as not in step (and a test fails).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Iterator

from linkhub.platform import reindex_sources as registry
from linkhub.platform.tenancy import platform_scope

from .documents import KINDS, REPORT_TYPES, SearchDocument
from .events import DOCUMENT_EVENTS

# What the search events index, finer than `kind`: each report type, and shared issues.
INDEXED_KINDS = REPORT_TYPES + ("shared_issue",)


def indexed_kind(doc: SearchDocument) -> str:
    return doc.report_type or "network_report" if doc.kind == "report" else doc.kind


@dataclass(frozen=True)
class Source:
    name: str
    indexed_kind: str
    documents: Callable[[], Iterable[SearchDocument]]
    count: Callable[[], int] | None = None

    @property
    def kind(self) -> str:
        return "shared_issue" if self.indexed_kind == "shared_issue" else "report"


def _source(p: registry.PayloadSource) -> Source:
    if p.kind not in INDEXED_KINDS:
        raise ValueError(f"{p.name}: unknown indexed kind {p.kind!r}; one of {INDEXED_KINDS}")
    build = DOCUMENT_EVENTS.get(p.event_type, (None, None))[1]
    if build is None:
        raise ValueError(f"{p.name}: {p.event_type!r} is not an event that indexes a document")
    return Source(p.name, p.kind, lambda: (build(payload) for payload in p.payloads()), p.count)


def sources() -> list[Source]:
    _discover()
    return [_source(p) for p in registry.registered()]


def missing() -> list[str]:
    """Indexed kinds without a reindex source (a reindex would drop their documents)."""
    declared = {s.indexed_kind for s in sources()}
    return [k for k in INDEXED_KINDS if k not in declared]


def _discover() -> None:
    """Sources register when their owners' ``search_sources`` modules are imported."""
    from linkhub.platform.discovery import import_submodules

    import_submodules("handlers")
    import_submodules("search_sources")


def _checked(source: Source) -> Iterator[SearchDocument]:
    for doc in source.documents():
        if indexed_kind(doc) != source.indexed_kind:
            raise ValueError(
                f"{source.name} declared {source.indexed_kind} but yielded {indexed_kind(doc)} ({doc.doc_id})"
            )
        yield doc


def all_documents() -> Iterator[SearchDocument]:
    """Every document the index should hold, in platform scope, source by source."""
    with platform_scope():
        yield from chain.from_iterable(_checked(s) for s in sources())


def counts() -> dict[str, int | None]:
    """Documents per kind in the sources (None when a source cannot count cheaply)."""
    out: dict[str, int | None] = {kind: 0 for kind in KINDS}
    for kind in missing():  # a kind nobody can rebuild is never in step
        out["shared_issue" if kind == "shared_issue" else "report"] = None
    with platform_scope():
        for s in sources():
            if s.count is None or out[s.kind] is None:
                out[s.kind] = None
            else:
                out[s.kind] += s.count()
    return out
