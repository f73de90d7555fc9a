"""Rebuild the index from the sources of truth (``linkhub search reindex``).

PostgreSQL: a shadow table, loaded, indexed and swapped in by one short transaction that also
re-applies the search events emitted since the rebuild began; interrupted, the next run
resumes it (backends/pg_reindex.py). SQLite (the embedded default, small by nature): one
transaction replaces every row; searches see the old index until it commits; interrupted, it
rolls back and leaves the old index: run it again.
OpenSearch: builds ``<alias>-v<N+1>`` (reachable as ``<alias>-next``, which live index events
also write to), then moves the alias in one atomic request. Interrupted, the half-built index
stays behind its ``-next`` alias and the next run resumes it: sources yield in a stable order,
so it skips what the index already holds (less one chunk, re-written harmlessly). The
outbox position at the start is kept in the new index's mapping ``_meta``; before the switch
the search events emitted since then are applied to it again, as on PostgreSQL.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable

import sqlalchemy as sa

from .backends import SearchBackend
from .documents import SearchDocument
from .events import DOCUMENT_EVENTS, document_change

CHUNK = 1000


def rebuild(backend: SearchBackend, documents: Callable[[], Iterable[SearchDocument]],
            progress: Callable[[int], None] | None = None) -> dict:
    if backend.name == "opensearch":
        return _opensearch(backend, documents, progress)
    if getattr(backend, "engine", None) is not None and backend.engine.dialect.name == "postgresql":
        written = backend.reindex(documents(), progress=progress, mark=outbox_position(),
                                  catch_up=search_changes_since)
        return {"written": written, "resumed_from": backend.resumed_from}
    return {"written": backend.reindex(documents(), progress=progress), "resumed_from": 0}


def outbox_position() -> int:
    from linkhub.platform.db import db
    from linkhub.platform.models import OutboxEvent
    from linkhub.platform.tenancy import platform_scope

    with platform_scope():
        position = db.session.scalar(sa.select(sa.func.max(OutboxEvent.id))) or 0
        db.session.rollback()
    return position


def search_changes_since(conn, outbox_id: int):
    """The newest search event of each document emitted after `outbox_id`, as index changes.

    The sources were read while those events were being handled, so a document the sources
    yielded may since have been unpublished (or changed): these decide, as in the handlers.
    A malformed payload changes nothing here (its event is a dead letter)."""
    from linkhub.platform.models import OutboxEvent

    events = sa.select(OutboxEvent.__table__.c.event_type, OutboxEvent.__table__.c.payload).where(
        OutboxEvent.__table__.c.id > outbox_id,
        OutboxEvent.__table__.c.event_type.in_(list(DOCUMENT_EVENTS))).order_by(OutboxEvent.__table__.c.id)
    latest: dict = {}
    for event_type, payload in conn.execute(events):
        try:
            doc_id, doc = document_change(event_type, payload or {})
        except Exception:  # noqa: BLE001 - the handler dead-letters it; nothing to apply
            continue
        latest.pop(doc_id, None)
        latest[doc_id] = doc
    return list(latest.items())


MARK = "linkhub_outbox_mark"


def _opensearch(backend, documents, progress) -> dict:
    from flask import has_app_context
    from opensearchpy import helpers

    client = backend.client
    live, building = backend._indices(backend.alias), backend._indices(backend.next_alias)
    if building:
        target = building[-1]
        client.indices.refresh(index=target)
        skip = max(0, client.count(index=target)["count"] - CHUNK)
        mapping = client.indices.get_mapping(index=target).get(target, {}).get("mappings", {})
        mark = mapping.get("_meta", {}).get(MARK)
    else:
        version = max([int(i.rsplit("-v", 1)[1]) for i in live] or [0]) + 1
        target, skip = f"{backend.alias}-v{version}", 0
        mark = outbox_position() if has_app_context() else None
        client.indices.create(index=target, body={"aliases": {backend.next_alias: {}},
                                                  **({"mappings": {"_meta": {MARK: mark}}} if mark is not None else {})})
    written = skip
    for _ok, _item in helpers.streaming_bulk(client, backend._actions(islice(documents(), skip, None), [target]),
                                             chunk_size=CHUNK):
        written += 1
        if progress and written % CHUNK == 0:
            progress(written)
    if progress:
        progress(written)
    if mark is not None and has_app_context():
        _catch_up_opensearch(backend, target, mark)
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


def _catch_up_opensearch(backend, target: str, mark: int) -> None:
    from opensearchpy import helpers

    from linkhub.platform.db import db
    from linkhub.platform.tenancy import platform_scope

    with platform_scope():
        changes = search_changes_since(db.session.connection(), mark)
        db.session.rollback()
    upserts = [doc for _, doc in changes if doc is not None]
    if upserts:
        helpers.bulk(backend.client, backend._actions(upserts, [target]))
    for doc_id, doc in changes:
        if doc is None:
            backend.client.delete(index=target, id=doc_id, ignore=404)
