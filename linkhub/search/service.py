"""The search layer's entry points for the rest of the app.

- :func:`backend`: one `SearchBackend` per app (``app.extensions["linkhub_search"]``), chosen by
  ``SEARCH_URL`` (``LINKHUB_SEARCH_URL``) on the app's engine, so every request and worker thread
  shares its connection pool and query cache.
- :func:`put` / :func:`remove`: index changes made by outbox handlers. The SQL backends write on
  the handler's own connection, so the change commits with the "handled" mark; OpenSearch
  writes are idempotent, so a redelivery after a lost commit does no harm.
- :func:`visible_working_group_ids`: whose shared issues a person may see.
- :func:`suppression_threshold` / :func:`suppressed`: small-number suppression.
"""

from __future__ import annotations

import os
from typing import Callable

import sqlalchemy as sa
from flask import current_app

from linkhub.platform import disclosure
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent

from .backends import SearchBackend, get_backend
from .backends.sql import SqlBackend, index_state
from .documents import SearchDocument

EXTENSION = "linkhub_search"
DEFAULT_SUPPRESSION = 5
MIN_SUPPRESSION = 3  # never lower: groups of one or two people could be singled out


def backend(app=None) -> SearchBackend:
    app = app or current_app._get_current_object()
    found = app.extensions.get(EXTENSION)
    if found is None:
        with app.app_context():
            found = get_backend(
                app.config.get("SEARCH_URL", ""), db.engine, owner_url=app.config.get("DATABASE_OWNER_URL")
            )
            _ensure_state_row()
        app.extensions[EXTENSION] = found
    return found


def _ensure_state_row() -> None:
    """Migration 0004 writes the one index-state row; an emptied table (a test run's TRUNCATE,
    a hand-made restore) would leave every search failing, so put it back."""
    with db.engine.begin() as conn:
        if conn.execute(sa.select(index_state.c.id)).first() is None:
            conn.execute(index_state.insert().values(id=1, generation=0))


def _on_session(found: SearchBackend) -> bool:
    return isinstance(found, SqlBackend) and found.engine is db.engine


def lock_index() -> None:
    """Serialise index writes made by handlers until this transaction ends.

    A document's events may run out of order (worker threads, retries with backoff); the
    handler then asks whether a newer event for the same document exists. Taking this row lock
    first makes that check and the write one step, so an older "published" can never land
    after a newer "unpublished". (The SQL backends bump this row on every write anyway.)
    """
    db.session.execute(
        index_state.update().where(index_state.c.id == 1).values(generation=index_state.c.generation + 1)
    )


def newer_event_exists(event: OutboxEvent, event_types: tuple[str, ...], key: str, ref: str) -> bool:
    """True when an event after this one concerns the same document (that one decides)."""
    ref_in_payload = sa.cast(OutboxEvent.payload[key].as_string(), sa.String)
    return (
        db.session.scalar(
            sa.select(OutboxEvent.id)
            .where(OutboxEvent.id > event.id, OutboxEvent.event_type.in_(event_types), ref_in_payload == ref)
            .limit(1)
        )
        is not None
    )


def put(doc: SearchDocument) -> None:
    found = backend()
    if _on_session(found):
        found.bulk_on(db.session.connection(), [doc])
    else:
        found.index(doc)


def remove(doc_id: str) -> None:
    found = backend()
    if _on_session(found):
        found.delete_on(db.session.connection(), doc_id)
    else:
        found.delete(doc_id)


# Working-group membership belongs to the federation layer: it registers the function that
# answers for everyone but national readers (search never imports federation). Unregistered,
# nobody else sees any shared issue: the safe default.
_group_access: Callable[[object], list[int]] | None = None


def use_group_access(func: Callable[[object], list[int]]) -> None:
    global _group_access
    _group_access = func


def visible_working_group_ids(who=None) -> list[int] | None:
    """The working groups whose shared issues ``who`` (default: the request's principal) may see.

    None means every shared issue: national readers and operators. A list means the issues
    shared into those groups only; ``[]`` means none.
    """
    if who is None:
        from linkhub.platform.auth import principal

        who = principal()
    if who.is_national_reader:  # includes operators
        return None
    return _group_access(who) if _group_access is not None else []


def suppression_threshold() -> int:
    """Counts below this are shown as "fewer than N". Configurable, never below 3."""
    raw = (
        current_app.config.get("SEARCH_SUPPRESSION_THRESHOLD")
        or os.environ.get("LINKHUB_SEARCH_SUPPRESSION_THRESHOLD")
        or DEFAULT_SUPPRESSION
    )
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = DEFAULT_SUPPRESSION
    return max(MIN_SUPPRESSION, value)


def suppressed(count: int, threshold: int) -> tuple[int | None, str]:
    """(count or None when suppressed, the text to show): the one disclosure-control method
    (``linkhub.platform.disclosure``: below the threshold suppressed, the rest rounded)."""
    figure = disclosure.publish(count, threshold)
    return figure.value, figure.text
