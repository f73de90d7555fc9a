"""``/healthz`` (the process answers) and ``/readyz`` (what it depends on), for load balancers,
compose and monitoring.

``/healthz`` touches nothing: 200 while the process can answer a request at all.

``/readyz`` runs every registered check and answers JSON ``{"status", "checks": {name: {...}}}``:
- **200 ``ok``**: every check passed;
- **200 ``degraded``**: something needs an operator (broker unreachable, outbox lag over
  ``LINKHUB_READY_MAX_LAG_SECONDS``, dead letters, search backend down) but this process can
  still serve pages: taking it out of a load balancer would not help, so it stays ready;
- **503 ``unavailable``**: a *critical* check failed (the database): this process cannot serve.
With ``?strict=1`` a degraded answer is a 503 too, for monitoring that alerts on status codes.

Checks are registered with :func:`readiness_check`; platform registers the database and the
outbox; other layers register theirs in a ``health.py`` module (found by discovery, as handlers
are): the broker (workers) and the search backend with its lag (search). A check returns a dict
with ``ok`` and details, and must not raise (an exception is reported as a failed check). Error
details are the exception's class only: a driver's message can carry a host or user name.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable

from flask import Flask, jsonify, request
from sqlalchemy import func, select, text

from .db import db, utcnow
from .models import OutboxEvent
from .observability import gauge_source
from .outbox import LANES, lane_of
from .tenancy import platform_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    func: Callable[[], dict]
    critical: bool


_checks: dict[str, Check] = {}


def readiness_check(name: str, *, critical: bool = False):
    def register(func):
        _checks[name] = Check(name, func, critical)
        return func

    return register


def run_checks() -> tuple[str, dict]:
    """(status, {name: result}) with status ok, degraded or unavailable."""
    results, status = {}, "ok"
    for check in sorted(_checks.values(), key=lambda c: (not c.critical, c.name)):
        try:
            result = dict(check.func())
        except Exception as exc:  # reported, never raised
            db.session.rollback()
            result = {"ok": False, "error": type(exc).__name__}
        result["critical"] = check.critical
        results[check.name] = result
        if not result["ok"]:
            status = "unavailable" if check.critical else ("degraded" if status == "ok" else status)
    return status, results


def max_lag_seconds() -> float:
    return float(os.environ.get("LINKHUB_READY_MAX_LAG_SECONDS", "300"))


@readiness_check("database", critical=True)
def _database() -> dict:
    db.session.execute(text("SELECT 1"))
    db.session.rollback()
    return {"ok": True, "dialect": db.engine.dialect.name}


def outbox_by_lane() -> dict[str, dict]:
    """Per lane: backlog (pending or published, not done), oldest waiting age, dead letters."""
    with platform_scope():
        waiting = db.session.execute(
            select(OutboxEvent.event_type, func.count(), func.min(OutboxEvent.created_at))
            .where(OutboxEvent.status.in_(("pending", "published")))
            .group_by(OutboxEvent.event_type)
        ).all()
        dead = db.session.execute(
            select(OutboxEvent.event_type, func.count())
            .where(OutboxEvent.status == "dead")
            .group_by(OutboxEvent.event_type)
        ).all()
        db.session.rollback()
    now = utcnow()
    lanes = {lane: {"backlog": 0, "oldest_age_seconds": 0.0, "dead_letters": 0} for lane in LANES}
    for event_type, count, oldest in waiting:
        row = lanes[lane_of(event_type)]
        row["backlog"] += count
        if oldest is not None:
            if oldest.tzinfo is None:  # SQLite gives naive UTC
                oldest = oldest.replace(tzinfo=now.tzinfo)
            row["oldest_age_seconds"] = max(row["oldest_age_seconds"], round((now - oldest).total_seconds(), 1))
    for event_type, count in dead:
        lanes[lane_of(event_type)]["dead_letters"] += count
    return lanes


@readiness_check("outbox")
def _outbox() -> dict:
    lanes = outbox_by_lane()
    limit = max_lag_seconds()
    late = [lane for lane, row in lanes.items() if row["oldest_age_seconds"] > limit]
    dead = sum(row["dead_letters"] for row in lanes.values())
    problems = [f"lane {lane} waiting over {limit:g} s" for lane in late] + (
        [f"{dead} dead letter(s): linkhub outbox status"] if dead else []
    )
    return {
        "ok": not problems,
        "lanes": lanes,
        "max_lag_seconds": limit,
        **({"problems": problems} if problems else {}),
    }


@gauge_source("linkhub_outbox_backlog", "Outbox events waiting (pending or published)", ["lane"])
def _backlog_gauge():
    return [((lane,), row["backlog"]) for lane, row in outbox_by_lane().items()]


@gauge_source("linkhub_outbox_oldest_age_seconds", "Age of the oldest waiting outbox event", ["lane"])
def _age_gauge():
    return [((lane,), row["oldest_age_seconds"]) for lane, row in outbox_by_lane().items()]


@gauge_source("linkhub_outbox_dead_letters", "Outbox events given up on, waiting for an operator", ["lane"])
def _dead_gauge():
    return [((lane,), row["dead_letters"]) for lane, row in outbox_by_lane().items()]


def init_app(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok"), 200, {"Cache-Control": "no-store"}

    @app.get("/readyz")
    def readyz():
        status, checks = run_checks()
        strict = request.args.get("strict") in ("1", "true", "yes")
        code = 503 if status == "unavailable" or (strict and status != "ok") else 200
        return jsonify(status=status, checks=checks), code, {"Cache-Control": "no-store"}
