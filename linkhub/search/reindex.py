"""Rebuild the index from the sources of truth (``linkhub search reindex``).

SQL backends: one transaction replaces every row; searches see the old index until it
commits. Interrupted, it rolls back and leaves the old index: run it again.
OpenSearch: builds ``<alias>-v<N+1>`` (reachable as ``<alias>-next``, which live index events
also write to), then moves the alias in one atomic request. Interrupted, the half-built index
stays behind its ``-next`` alias and the next run resumes it: sources yield in a stable order,
so it skips what the index already holds (less one chunk, re-written harmlessly).
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable

from .backends import SearchBackend
from .documents import SearchDocument

CHUNK = 1000


def rebuild(backend: SearchBackend, documents: Callable[[], Iterable[SearchDocument]],
            progress: Callable[[int], None] | None = None) -> dict:
    if backend.name == "opensearch":
        return _opensearch(backend, documents, progress)
    return {"written": backend.reindex(documents(), progress=progress), "resumed_from": 0}


def _opensearch(backend, documents, progress) -> dict:
    from opensearchpy import helpers

    client = backend.client
    live, building = backend._indices(backend.alias), backend._indices(backend.next_alias)
    if building:
        target = building[-1]
        client.indices.refresh(index=target)
        skip = max(0, client.count(index=target)["count"] - CHUNK)
    else:
        version = max([int(i.rsplit("-v", 1)[1]) for i in live] or [0]) + 1
        target, skip = f"{backend.alias}-v{version}", 0
        client.indices.create(index=target, body={"aliases": {backend.next_alias: {}}})
    written = skip
    for _ok, _item in helpers.streaming_bulk(client, backend._actions(islice(documents(), skip, None), [target]),
                                             chunk_size=CHUNK):
        written += 1
        if progress and written % CHUNK == 0:
            progress(written)
    if progress:
        progress(written)
    client.indices.refresh(index=target)
    old = [i for i in live if i != target]
    client.indices.update_aliases(body={"actions": [
        *({"remove": {"index": i, "alias": backend.alias}} for i in old),
        {"add": {"index": target, "alias": backend.alias}},
        {"remove": {"index": target, "alias": backend.next_alias}},
    ]})
    for index in old:
        client.indices.delete(index=index, ignore=404)
    return {"written": written, "resumed_from": skip, "index": target}
