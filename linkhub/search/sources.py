"""Where a reindex reads the truth: a registry of document sources.

Every kind of document that events index (`INDEXED_KINDS`: network reports, enter-and-view
reports, joint reports, shared issues) lives in the tables of the domain that owns it
(`linkhub/tenants/reports`, `linkhub/tenants/visits`, `linkhub/federation`). Each owner
declares its source in its own ``search_sources.py``, found by walking the packages, so the
search layer rebuilds its index without importing them (search imports platform only):

    from linkhub.search.sources import register_source

    @register_source("network_report", count=count_published_reports)
    def published_reports():
        # Runs in platform scope. Yield SearchDocuments (e.g. events.report_document(payload)
        # with the same payload as the report.published event), in a stable order
        # (e.g. by primary key) so an interrupted OpenSearch reindex can resume.
        ...

``count`` is optional (a cheap count for ``linkhub search status``); without it the status
shows the source's count as unknown rather than reading every document.
Only published reports and shared issues that are not withdrawn may be yielded, and only
documents of the kind declared. `missing()` names every indexed kind that no source declares:
a reindex would drop those documents, so the status shows them as not in step (and a test
fails).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Iterator

from linkhub.platform.tenancy import platform_scope

from .documents import KINDS, REPORT_TYPES, SearchDocument

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


_sources: dict[str, Source] = {}


def register_source(indexed_kind: str, *, name: str | None = None, count: Callable[[], int] | None = None):
    """Declare where a reindex finds every document of `indexed_kind` (one of INDEXED_KINDS)."""
    if indexed_kind not in INDEXED_KINDS:
        raise ValueError(f"unknown indexed kind {indexed_kind!r}; one of {INDEXED_KINDS}")

    def register(func):
        key = name or f"{func.__module__}.{func.__qualname__}"
        _sources[key] = Source(key, indexed_kind, func, count)
        return func

    return register


def missing() -> list[str]:
    """Indexed kinds without a reindex source (a reindex would drop their documents)."""
    declared = {s.indexed_kind for s in sources()}
    return [k for k in INDEXED_KINDS if k not in declared]


def unregister_source(name: str) -> None:
    _sources.pop(name, None)


def sources() -> list[Source]:
    _discover()
    return sorted(_sources.values(), key=lambda s: s.name)


def _discover() -> None:
    """Sources register when their modules are imported; handlers modules are the place."""
    from linkhub.platform.discovery import import_submodules

    import_submodules("handlers")
    import_submodules("search_sources")


def _checked(source: Source) -> Iterator[SearchDocument]:
    for doc in source.documents():
        if indexed_kind(doc) != source.indexed_kind:
            raise ValueError(f"{source.name} declared {source.indexed_kind} but yielded "
                             f"{indexed_kind(doc)} ({doc.doc_id})")
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
