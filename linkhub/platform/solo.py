"""One suspect at a time: the lock under which outbox events that were in flight when a worker
died run again (see :func:`linkhub.platform.outbox.process`).

Running suspects one at a time across every worker is what tells the culprit from its
neighbours: an innocent event finishes, the event that kills its worker dies alone, and only
that death is counted against it.

- PostgreSQL: a session advisory lock held by a connection of its own for the length of the
  run. A worker that dies drops its connection, and PostgreSQL releases the lock at once.
- SQLite (the embedded default, one process): a lock in the process.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import text

from .db import db

_KEY = "linkhub:outbox:run-alone"
_process_lock = threading.Lock()


@contextmanager
def alone():
    engine = db.engine
    if engine.dialect.name != "postgresql":
        with _process_lock:
            yield
        return
    connection = engine.connect()
    try:
        connection.execute(text("SELECT pg_advisory_lock(hashtextextended(:k, 0))"), {"k": _KEY})
        connection.commit()  # the lock is the session's: no transaction stays open meanwhile
        try:
            yield
        finally:
            try:
                connection.execute(text("SELECT pg_advisory_unlock(hashtextextended(:k, 0))"), {"k": _KEY})
                connection.commit()
            except Exception:  # noqa: BLE001  never return a connection that may still hold the lock;
                connection.invalidate()  # closing it releases the lock (and the run's own error goes on)
    finally:
        connection.close()
