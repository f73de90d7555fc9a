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

from typing import Callable, Iterable

import sqlalchemy as sa

from .backends import SearchBackend
from .documents import SearchDocument
from .events import DOCUMENT_EVENTS, document_change


def rebuild(
    backend: SearchBackend,
    documents: Callable[[], Iterable[SearchDocument]],
    progress: Callable[[int], None] | None = None,
) -> dict:
    postgres = getattr(backend, "engine", None) is not None and backend.engine.dialect.name == "postgresql"
    if backend.name == "opensearch" or postgres:
        from flask import has_app_context

        # The catch-up reads the outbox, so it needs the app (a bare backend rebuilds without).
        app = has_app_context()
        mark = outbox_position() if app else None  # before the sources are read
        written = backend.reindex(
            documents(), progress=progress, mark=mark, catch_up=search_changes_since if app else None
        )
        outcome = {"written": written, "resumed_from": backend.resumed_from}
        if backend.name == "opensearch":
            outcome["index"] = backend.last_index
        return outcome
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
    """The newest search event of each document emitted after `outbox_id`, as index changes,
    read on `conn` (PostgreSQL: inside the swap's transaction) or, if None, the app's session.

    The sources were read while those events were being handled, so a document the sources
    yielded may since have been unpublished (or changed): these decide, as in the handlers.
    A malformed payload changes nothing here (its event is a dead letter)."""
    from linkhub.platform.db import db
    from linkhub.platform.models import OutboxEvent
    from linkhub.platform.tenancy import platform_scope

    if conn is None:
        with platform_scope():
            try:
                return search_changes_since(db.session.connection(), outbox_id)
            finally:
                db.session.rollback()
    events = (
        sa.select(OutboxEvent.__table__.c.event_type, OutboxEvent.__table__.c.payload)
        .where(OutboxEvent.__table__.c.id > outbox_id, OutboxEvent.__table__.c.event_type.in_(list(DOCUMENT_EVENTS)))
        .order_by(OutboxEvent.__table__.c.id)
    )
    latest: dict = {}
    for event_type, payload in conn.execute(events):
        try:
            doc_id, doc = document_change(event_type, payload or {})
        except Exception:  # noqa: BLE001 - the handler dead-letters it; nothing to apply
            continue  # nosec B112 # the handler dead-letters it
        latest.pop(doc_id, None)
        latest[doc_id] = doc
    return list(latest.items())
