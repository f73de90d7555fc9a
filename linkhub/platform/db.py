"""The SQLAlchemy handle shared by every layer, with constraint names Alembic can rely on."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, bindparam, event, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)


# Every id column is a 32-bit integer. An id from outside (URL, form, request body) beyond it is
# simply not found: PostgreSQL refuses to compare an integer column with a larger number.
MAX_ID = 2**31 - 1


def find_by_id(model, object_id):
    """``db.session.get`` for an id from outside: not a positive integer in range is None.

    An object already in the session is ``session.get``'s (no statement); otherwise one ``SELECT ... WHERE id = :id``
    built once per model (``session.get`` builds its statement anew on every call). The tenancy
    hook filters it to the network in scope like any other query.
    """
    if not isinstance(object_id, int) or not 0 < object_id <= MAX_ID:
        return None
    session = db.session()
    if (model, (object_id,), None) in session.identity_map:  # session.get's own cheap path
        return session.get(model, object_id)
    stmt = _BY_ID.get(model)
    if stmt is None:
        mapper = inspect(model)
        if len(mapper.primary_key) != 1:
            return session.get(model, object_id)
        stmt = _BY_ID[model] = select(model).where(mapper.primary_key[0] == bindparam("object_id"))
    return session.execute(stmt, {"object_id": object_id}).scalar_one_or_none()


_BY_ID: dict = {}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, allow readers during writes, wait rather than fail on locks."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# A pooled connection is checked with a round trip (``SELECT 1``) only when it has lain idle for
# this long: one used a moment ago was alive a moment ago, and a busy process would otherwise pay
# a round trip per request (``pool_pre_ping`` pings on every checkout). A connection that died
# while in use fails its statement as before; SQLAlchemy then recycles the pool's connections.
PING_AFTER_IDLE_SECONDS = 1.0
_CHECKED_IN = "linkhub_checked_in"


@event.listens_for(Pool, "checkin")
def _note_checkin(dbapi_connection, connection_record):
    if connection_record is not None:
        connection_record.info[_CHECKED_IN] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, connection_record, connection_proxy):
    """Ping a connection that sat idle (a failed ping makes the pool connect afresh)."""
    checked_in = connection_record.info.get(_CHECKED_IN)
    if checked_in is None or time.monotonic() - checked_in < PING_AFTER_IDLE_SECONDS:
        return
    dialect = getattr(getattr(connection_proxy, "_pool", None), "_dialect", None)
    if dialect is None or dialect.name == "sqlite":
        return
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as exc:  # noqa: BLE001  any failure: this connection is not to be used
        raise DisconnectionError("the pooled connection did not answer a ping") from exc
