"""Where a reindex reads the truth: a registry of document sources.

Published reports live in the reports/powers domain's tenant tables and shared issues in the
federation store, both owned by other packages. Each registers a source here, so the search
layer can rebuild its index without importing them (search imports platform only):

    from linkhub.search.sources import register_source

    @register_source("report", count=count_published_reports)
    def published_reports():
        # Runs in platform scope. Yield SearchDocuments (e.g. events.report_document(payload)
        # with the same payload as the report.published event), in a stable order
        # (e.g. by primary key) so an interrupted OpenSearch reindex can resume.
        ...

``count`` is optional (a cheap count for ``linkhub search status``); without it the status
shows the source's count as unknown rather than reading every document.
Only published reports and shared issues that are not withdrawn may be yielded.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Iterator

from linkhub.platform.tenancy import platform_scope

from .documents import KINDS, SearchDocument


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    documents: Callable[[], Iterable[SearchDocument]]
    count: Callable[[], int] | None = None


_sources: dict[str, Source] = {}


def register_source(kind: str, *, name: str | None = None, count: Callable[[], int] | None = None):
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")

    def register(func):
        key = name or f"{func.__module__}.{func.__qualname__}"
        _sources[key] = Source(key, kind, func, count)
        return func

    return register


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


def all_documents() -> Iterator[SearchDocument]:
    """Every document the index should hold, in platform scope, source by source."""
    with platform_scope():
        yield from chain.from_iterable(s.documents() for s in sources())


def counts() -> dict[str, int | None]:
    """Documents per kind in the sources (None when a source cannot count cheaply)."""
    out: dict[str, int | None] = {kind: 0 for kind in KINDS}
    with platform_scope():
        for s in sources():
            if s.count is None or out[s.kind] is None:
                out[s.kind] = None
            else:
                out[s.kind] += s.count()
    return out
