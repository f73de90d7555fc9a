"""Tenancy: which network the current unit of work belongs to, enforced twice.

1. In the application: every ORM query on a :class:`TenantMixin` model is filtered to the
   current network (``with_loader_criteria``), and a flush refuses rows of another network.
   With no network and no platform scope a query sees no tenant rows at all.
2. In PostgreSQL: row-level security (ENABLE + FORCE) with a policy on
   ``current_setting('app.network_id', true)``. The setting is made per transaction with
   ``set_config(..., true)`` so a pooled connection never carries it into the next request.

Platform-wide work (operator pages, federation, search indexing) opens :func:`platform_scope`
explicitly; it is never the default.

How a platform scope is allowed on PostgreSQL (issue 12, finding 5): the application role can
set any ``app.*`` setting itself, so no setting may lift row-level security. Instead a second
login role, the platform role (``PLATFORM_DATABASE_URI``), writes a row in ``platform_grants``
naming the application connection's current transaction (its ``xid8``, never reused, and its
backend pid); the policies accept a row of any network only while such a grant exists
(``linkhub_platform_granted()``, a SECURITY DEFINER function). The application role cannot
read or write ``platform_grants``, so nothing it sends, an injected statement included, can open
a platform scope; a grant dies with its transaction (its row is swept by the next grant), and
leaving the scope inside the transaction deletes it at once.
The platform role itself can do nothing else: it has no grant on any other table.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app, has_app_context
from sqlalchemy import ForeignKey, create_engine, event, text
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria

log = logging.getLogger(__name__)

_network_id: ContextVar[int | None] = ContextVar("linkhub_network_id", default=None)
_platform: ContextVar[bool] = ContextVar("linkhub_platform_scope", default=False)


class TenantViolation(RuntimeError):
    """A write that names a network other than the one in scope."""


class TenantMixin:
    """Columns and rules of every tenant-owned table."""

    @declared_attr
    def network_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False, index=True)


def current_network_id() -> int | None:
    return _network_id.get()


def in_platform_scope() -> bool:
    return _platform.get()


def _apply_to_open_transaction(failing: bool = False) -> None:
    """Re-send the settings when the scope changes inside a transaction already begun.

    ``failing``: the scope is being left because of an exception. Then nothing may hide that
    exception: a transaction PostgreSQL has already failed (``1/0``), a session whose flush
    failed, or a dropped connection gets no statement (it can only be rolled back, and the next
    transaction sets its settings when it begins), and an error re-sending them is only logged.
    """
    from .db import db

    try:
        session = db.session()
    except RuntimeError:  # no application context: nothing is open
        return
    if not session.in_transaction():
        return
    if not failing:
        _set_pg_settings(session.connection())
        return
    try:
        if not session.is_active:
            return
        connection = session.connection()
        if connection.invalidated or _transaction_failed(connection):
            return
        _set_pg_settings(connection)
    except Exception:  # noqa: BLE001  the error being raised matters, not this one
        log.debug("could not re-send tenancy settings while leaving a failed scope", exc_info=True)


def _transaction_failed(connection) -> bool:
    """True when PostgreSQL refuses every statement until a rollback (or the link is gone)."""
    if connection.dialect.name != "postgresql":
        return False
    info = getattr(connection.connection.dbapi_connection, "info", None)
    status = getattr(info, "transaction_status", None)
    # psycopg's TransactionStatus: 3 = INERROR (a statement failed), 4 = UNKNOWN (connection bad)
    return status is not None and int(status) in (3, 4)


@contextmanager
def _scope(network_id: int | None, platform: bool):
    token_n = _network_id.set(network_id)
    token_p = _platform.set(platform)
    _apply_to_open_transaction()
    try:
        yield
    except BaseException:
        _network_id.reset(token_n)
        _platform.reset(token_p)
        _apply_to_open_transaction(failing=True)
        raise
    _network_id.reset(token_n)
    _platform.reset(token_p)
    _apply_to_open_transaction()


def network_scope(network_id: int):
    """Run the block as work of one network."""
    return _scope(network_id, False)


def platform_scope():
    """Run the block as platform-wide work: sees every network's rows."""
    return _scope(None, True)


def flush_beyond_scope(obj, network_id: int | None) -> None:
    """Write ``obj`` (an audit row or an outbox event) for another network, or for none, from
    a network's or no scope: on PostgreSQL under a platform grant, since row-level security
    lets the application role write (and read back) only the network in scope. What was pending
    before is flushed first in the present scope, with its checks; then only ``obj``."""
    if in_platform_scope() or (network_id is not None and network_id == current_network_id()):
        return
    from .db import db

    session = db.session()
    if session.connection().dialect.name != "postgresql":
        return
    session.expunge(obj)
    session.flush()
    session.add(obj)
    with platform_scope():
        session.flush()


def enter_network(network_id: int | None):
    """Set the network for the rest of this request (reset by :func:`leave`)."""
    tokens = (_network_id.set(network_id), _platform.set(False))
    _apply_to_open_transaction()
    return tokens


def enter_platform():
    """Platform-wide for the rest of this request (an operator area; reset by :func:`leave`)."""
    tokens = (_network_id.set(None), _platform.set(True))
    _apply_to_open_transaction()
    return tokens


def leave(tokens) -> None:
    _network_id.reset(tokens[0])
    _platform.reset(tokens[1])


# What this transaction's settings are now, on the connection's info: a transaction starts with
# none (they are only ever made local to a transaction, and '' reads as none), and a setting
# already in effect is not sent again. So a request sends its network once, or not at all when
# the query that resolved it set it (linkhub.platform.whois).
PG_SETTINGS = "linkhub_pg_settings"


def wanted_pg_settings() -> tuple[str, str]:
    network = current_network_id()
    return ("" if network is None else str(network), "on" if in_platform_scope() else "")


GRANT = "linkhub_platform_grant"  # connection.info: the xid8 granted, while one is held
_ENGINES = "linkhub_platform_engine"
_engine_lock = threading.Lock()


def _platform_engine():
    """The platform role's engine (autocommit: each grant is visible at once), or None where
    there is none (SQLite; a lane's app, whose role has its own policies)."""
    if not has_app_context():
        return None
    app = current_app._get_current_object()
    uri = app.config.get("PLATFORM_DATABASE_URI")
    if not uri:
        return None
    engine = app.extensions.get(_ENGINES)
    if engine is None:
        with _engine_lock:
            engine = app.extensions.get(_ENGINES)
            if engine is None:
                engine = create_engine(uri, isolation_level="AUTOCOMMIT", pool_pre_ping=True, pool_size=2)
                app.extensions[_ENGINES] = engine
    return engine


def dispose_platform_engine(app) -> None:
    engine = app.extensions.pop(_ENGINES, None)
    if engine is not None:
        engine.dispose()


def _grant(xid: str, pid: int) -> None:
    engine = _platform_engine()
    if engine is None:
        return
    with engine.connect() as conn:
        conn.execute(
            text(
                "WITH gone AS (DELETE FROM platform_grants WHERE pg_xact_status(xid) <> 'in progress') "
                "INSERT INTO platform_grants (xid, pid) VALUES (CAST(:x AS xid8), :p) ON CONFLICT DO NOTHING"
            ),
            {"x": xid, "p": pid},
        )


def _revoke(xid: str) -> None:
    engine = _platform_engine()
    if engine is None:
        return
    with engine.connect() as conn:
        conn.execute(text("DELETE FROM platform_grants WHERE xid = CAST(:x AS xid8)"), {"x": xid})


def grant_platform(connection) -> None:
    """Grant the open transaction of a connection outside the session (PostgreSQL) a platform
    scope; it ends with that transaction."""
    if connection.dialect.name != "postgresql":
        return
    xid, pid = connection.execute(text("SELECT pg_current_xact_id()::text, pg_backend_pid()")).one()
    _grant(xid, pid)


def _set_pg_settings(connection, *, at_begin: bool = False) -> None:
    if connection.dialect.name != "postgresql":
        return
    if at_begin:
        connection.info[PG_SETTINGS] = ("", "")
        connection.info.pop(GRANT, None)
    wanted = wanted_pg_settings()
    if connection.info.get(PG_SETTINGS) == wanted:
        return
    if wanted[1] and _platform_engine() is not None:
        xid, pid = connection.execute(
            text("SELECT pg_current_xact_id()::text, pg_backend_pid(), set_config('app.network_id', :n, true)"),
            {"n": wanted[0]},
        ).one()[:2]
        if connection.info.get(GRANT) != xid:
            _grant(xid, pid)
            connection.info[GRANT] = xid
    else:
        connection.execute(text("SELECT set_config('app.network_id', :n, true)"), {"n": wanted[0]})
        held = connection.info.pop(GRANT, None)
        if held is not None:
            _revoke(held)
    connection.info[PG_SETTINGS] = wanted


@event.listens_for(Session, "after_begin")
def _after_begin(session, transaction, connection):
    _set_pg_settings(connection, at_begin=True)


@event.listens_for(Session, "do_orm_execute")
def _filter_tenant_rows(state):
    if in_platform_scope() or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("linkhub_no_tenant_rows"):  # a statement that reads no tenant table
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    network = current_network_id()
    state.statement = state.statement.options(
        with_loader_criteria(TenantMixin, lambda cls: cls.network_id == network, include_aliases=True)
    )


@event.listens_for(Session, "before_flush")
def _check_tenant_writes(session, flush_context, instances):
    if in_platform_scope():
        return
    network = current_network_id()
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantMixin):
            continue
        if obj.network_id is None and network is not None:
            obj.network_id = network
        if obj.network_id != network:
            raise TenantViolation(f"{type(obj).__name__} belongs to network {obj.network_id}, scope is {network}")
