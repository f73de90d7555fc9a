"""Outbox lanes: which database role carries out an event's handlers.

The default lane runs in the application itself (role ``linkhub_app``). Every other lane gets a
second, minimal Flask app whose only extension is the database, connected with that lane's URL
(``LANE_DATABASE_URIS``, from config): the federation lane connects as ``linkhub_federation``,
a role with grants on the federation store only, so its handlers *cannot* read a tenant table,
whatever their code does. The minimal app is deliberate: a lane's handlers work from the event
and their own tables, never from web machinery (sessions, login, templates).

One lane app per (application, lane), made on first use. Tests and the demo call
:func:`run_event`, which is what the lane's actor does, so they exercise the same role.
"""

from __future__ import annotations

import threading

from flask import Flask
from sqlalchemy import select

from .db import db
from .models import OutboxEvent
from .outbox import DEFAULT_LANE, lane_of, process
from .tenancy import platform_scope

_KEY = "linkhub_lane_apps"
_lock = threading.Lock()  # worker threads meet the first federation event together


def lane_app(app: Flask, lane: str) -> Flask:
    """The app whose database connection carries out ``lane``'s handlers."""
    if lane == DEFAULT_LANE:
        return app
    uri = app.config.get("LANE_DATABASE_URIS", {}).get(lane)
    if not uri and not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Never fall back to the application role: that is the role this lane must not have.
        raise RuntimeError(f"no database URL for the {lane!r} lane (LANE_DATABASE_URIS)")
    if not uri or uri in ("sqlite://", "sqlite:///:memory:"):
        return app  # SQLite has no roles; an in-memory database exists once per engine: share it
    with _lock:
        return _make(app, lane, uri)


def _make(app: Flask, lane: str, uri: str) -> Flask:
    apps = app.extensions.setdefault(_KEY, {})
    if lane not in apps:
        lane_flask = Flask(f"linkhub.lane.{lane}", instance_path=app.instance_path)
        lane_flask.config.update({k: v for k, v in app.config.items() if k.isupper()})
        lane_flask.config["SQLALCHEMY_DATABASE_URI"] = uri
        lane_flask.config.pop("SQLALCHEMY_BINDS", None)
        lane_flask.config["PLATFORM_DATABASE_URI"] = None  # a lane has its own role and policies
        db.init_app(lane_flask)
        apps[lane] = lane_flask
    return apps[lane]


def run_event(app: Flask, outbox_id: int, lane: str | None = None) -> str:
    """Carry out one event as its lane's actor would (the lane is found from the event type)."""
    if lane is None:
        with app.app_context(), platform_scope():
            event_type = db.session.scalar(select(OutboxEvent.event_type).where(OutboxEvent.id == outbox_id))
            db.session.rollback()
        lane = lane_of(event_type) if event_type else DEFAULT_LANE
    with lane_app(app, lane).app_context():
        try:
            return process(
                outbox_id, app.config["OUTBOX_MAX_DELIVERIES"], lane=lane, max_crashes=app.config["OUTBOX_MAX_CRASHES"]
            )
        finally:
            db.session.remove()


def dispose(app: Flask) -> None:
    """Close the lane apps' connection pools (tests; a worker's shutdown)."""
    for lane_flask in app.extensions.pop(_KEY, {}).values():
        with lane_flask.app_context():
            db.session.remove()
            db.engine.dispose()
