"""Locks held by the database until the current transaction ends.

"At most once" promises (one firing per trigger window, one open issue per group) are kept by the
database, not by timing: the code that checks and then writes first takes :func:`xact_lock` on the
natural key, so a second worker doing the same waits, then sees the first one's committed rows.

- PostgreSQL: ``pg_advisory_xact_lock`` on a 64-bit hash of the key (released at commit or
  rollback; a killed worker's connection releases it too). Different keys do not wait for each
  other; a hash collision only makes two keys wait for each other, never lets both through.
- SQLite has one writer per database: the lock is its write lock, taken at once with an empty
  ``UPDATE``; it also serialises every other writer until the transaction ends.
"""

from __future__ import annotations

from sqlalchemy import text

from .db import db


def xact_lock(*key_parts) -> None:
    """Wait for, then hold until the transaction ends, the lock named by ``key_parts``."""
    key = ":".join(str(part) for part in key_parts)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
    else:
        connection.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0 = 1"))
