"""Tenancy: which network the current unit of work belongs to, enforced twice.

1. In the application: every ORM query on a :class:`TenantMixin` model is filtered to the
   current network (``with_loader_criteria``), and a flush refuses rows of another network.
   With no network and no platform scope a query sees no tenant rows at all.
2. In PostgreSQL: row-level security (ENABLE + FORCE) with a policy on
   ``current_setting('app.network_id', true)``. The setting is made per transaction with
   ``set_config(..., true)`` so a pooled connection never carries it into the next request.

Platform-wide work (operator pages, federation, search indexing) opens :func:`platform_scope`
explicitly; it is never the default.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import ForeignKey, event, text
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


def enter_network(network_id: int | None):
    """Set the network for the rest of this request (reset by :func:`leave`)."""
    tokens = (_network_id.set(network_id), _platform.set(False))
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


def _set_pg_settings(connection, *, at_begin: bool = False) -> None:
    if connection.dialect.name != "postgresql":
        return
    if at_begin:
        connection.info[PG_SETTINGS] = ("", "")
    wanted = wanted_pg_settings()
    if connection.info.get(PG_SETTINGS) == wanted:
        return
    connection.execute(
        text("SELECT set_config('app.network_id', :n, true), set_config('app.platform', :p, true)"),
        {"n": wanted[0], "p": wanted[1]},
    )
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
