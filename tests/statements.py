"""Count the SQL statements a request sends (SQLAlchemy engine events), for the N+1 tests."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def counting():
    """Yields a list that receives every statement sent to any engine inside the block."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)


def statements_of(client, method: str, url: str, **kwargs) -> tuple[list[str], object]:
    """The statements one request sends, starting from an empty session (as in production, where
    each request gets a fresh one; in tests the app context, and so the session, is shared)."""
    from flask import g

    from linkhub.platform.db import db

    db.session.remove()
    g.pop("_login_user", None)  # flask-login's per-request cache (g outlives requests in tests)
    with counting() as seen:
        response = client.open(url, method=method, **kwargs)
        response.get_data()  # a streamed body (CSV, JSON exports) runs its queries now
        response.close()
    return seen, response
