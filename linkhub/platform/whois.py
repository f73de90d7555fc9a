"""Who is asking, and in which network: one query per request.

A request under ``/networks/<slug>/`` needs the network, the person (from the bearer token or
the session cookie), the token itself and the person's roles in that network. They used to be
four to five look-ups; :func:`resolve` reads them in one statement, left-joined to a one-row
anchor so that a missing network, token or person is a NULL rather than no row at all:

    (SELECT 1) LEFT JOIN networks ON slug = :slug
               LEFT JOIN api_tokens ON token_hash = :digest        -- bearer requests
               LEFT JOIN users ON users.id = api_tokens.user_id    -- or = :session_user_id
    + (the person's roles in that network, aggregated in a scalar subquery)

On PostgreSQL the same statement sets the transaction's ``app.network_id`` to the network found
(see :mod:`linkhub.platform.tenancy`), so entering it sends nothing more. A request that may not
enter that network ends in an error page or response, and every error rolls back first
(``linkhub.platform.errors``), so the setting never serves anything else.

The rows land in the session's identity map, so flask-login's user loader
(``db.session.get(User, id)``) and ``token.user`` cost no further query.

``last_used_at`` of a token is written by :func:`touch_token` after the response is built, on a
connection of its own (not the request's transaction), at most once a minute per token, and
with ``FOR UPDATE SKIP LOCKED``: concurrent requests with one token never wait for each other.
"""

from __future__ import annotations

from typing import Any

import logging
from datetime import timedelta

from flask import g, session
from sqlalchemy import String, bindparam, cast, false, func, literal, or_, select, update
from sqlalchemy.exc import DBAPIError

from . import clock, tenancy
from .db import db, utcnow
from .models import ApiToken, Membership, Network, User

log = logging.getLogger(__name__)
TOUCH_EVERY = timedelta(minutes=1)
_ROLE_SEPARATOR = ","


def current_access():
    """A membership opens its network until its ``access_ends_on`` (set when the LINk moves to
    a new host: the old host's staff lose access on that date)."""
    return or_(Membership.access_ends_on.is_(None), Membership.access_ends_on > clock.today())


def session_user_id() -> int | None:
    """The user id in flask-login's session value ("<id>:<session token>"), unverified."""
    value = session.get("_user_id") or ""
    user_id = str(value).partition(":")[0]
    return int(user_id) if user_id.isdigit() and 0 < int(user_id) <= 2**31 - 1 else None


# The statement of each kind of request, built once (a request only binds its values): building
# it anew each time cost more CPU than PostgreSQL spends running it.
_STATEMENTS: dict[tuple[bool, bool, str], Any] = {}
# None of these tables is a tenant table: the tenancy hook has nothing to add to the statement.
NO_TENANT_ROWS = {"linkhub_no_tenant_rows": True}


def _statement(postgres: bool, has_slug: bool, who: str):
    key = (postgres, has_slug, who)
    stmt = _STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    anchor = select(literal(1).label("one")).subquery("anchor")
    roles = (
        select(func.aggregate_strings(Membership.role, _ROLE_SEPARATOR))
        .where(Membership.user_id == User.id, Membership.network_id == Network.id, current_access())
        .scalar_subquery()
    )
    columns: list[Any] = [Network, ApiToken, User, roles]
    if postgres:  # the network's setting rides along; a request that may not enter rolls back
        columns += [
            func.set_config("app.network_id", func.coalesce(cast(Network.id, String), ""), True),
            func.set_config("app.platform", "", True),
        ]
    stmt = select(*columns).select_from(anchor)
    stmt = stmt.outerjoin(Network, Network.slug == bindparam("slug") if has_slug else false())
    if who == "token":
        stmt = stmt.outerjoin(ApiToken, ApiToken.token_hash == bindparam("digest")).outerjoin(
            User, User.id == ApiToken.user_id
        )
    else:
        stmt = stmt.outerjoin(ApiToken, false()).outerjoin(
            User, User.id == bindparam("user_id") if who == "user" else false()
        )
    stmt = stmt.execution_options(**NO_TENANT_ROWS)
    _STATEMENTS[key] = stmt
    return stmt


def resolve(slug: str | None, token_digest: str | None, user_id: int | None):
    """One statement: (network or None, token or None, user or None, roles or None).

    ``roles`` is the set of roles the person holds in that network (before a token narrows it),
    or None when there is no network or no person. The user comes from the token when a digest
    is given, else from ``user_id`` (the session's; flask-login still verifies its session token).
    """
    connection = db.session.connection()
    postgres = connection.dialect.name == "postgresql"
    who = "token" if token_digest is not None else "user" if user_id is not None else "nobody"
    params: dict[str, Any] = {}
    if slug is not None:
        params["slug"] = slug
    if who == "token":
        params["digest"] = token_digest
    elif who == "user":
        params["user_id"] = user_id
    network, token, user, held, *_ = db.session.execute(_statement(postgres, slug is not None, who), params).one()
    if postgres:
        connection.info[tenancy.PG_SETTINGS] = ("" if network is None else str(network.id), "")
    role_set = None
    if network is not None and user is not None:
        role_set = frozenset(held.split(_ROLE_SEPARATOR)) if held else frozenset()
    return network, token, user, role_set


def note_token_use(token: ApiToken) -> None:
    """Ask for ``last_used_at`` to be written after this request, if it is a minute old."""
    last = token.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=utcnow().tzinfo)
    if last is None or utcnow() - last >= TOUCH_EVERY:
        g.linkhub_touch_token = token.id


def touch_token(response):
    """``after_request``: write a token's ``last_used_at`` outside the request's transaction.

    The condition is repeated in the UPDATE, so however many processes race, the row is
    written at most once a minute; a row another request has locked is skipped, never waited
    for (PostgreSQL ``SKIP LOCKED``; SQLite gives up at once if the database is being written).
    A failed touch is logged and forgotten: it must never fail or slow the request.
    """
    token_id = g.pop("linkhub_touch_token", None)
    if token_id is None:
        return response
    now = utcnow()
    tokens = ApiToken.__table__
    stale = (
        select(tokens.c.id)
        .where(
            tokens.c.id == token_id, or_(tokens.c.last_used_at.is_(None), tokens.c.last_used_at <= now - TOUCH_EVERY)
        )
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    try:
        with db.engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            if sqlite:  # wait for nobody: a busy database just means no touch this time
                conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            try:
                conn.execute(update(tokens).where(tokens.c.id == stale).values(last_used_at=now))
                conn.commit()
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA busy_timeout = 10000")
    except DBAPIError:
        log.warning("could not record the use of API token %s", token_id, exc_info=True)
    return response
