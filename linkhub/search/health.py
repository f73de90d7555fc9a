"""Readiness of the search backend and the search lag (found by discovery: linkhub.platform.health)."""

from __future__ import annotations

from linkhub.platform.health import max_lag_seconds, readiness_check
from linkhub.platform.observability import gauge_source

from . import service
from .status import outbox_lag


@readiness_check("search")
def search() -> dict:
    health = service.backend().health()
    lag = outbox_lag()
    problems = []
    if health.get("status") != "ok":
        problems.append("search backend is not answering")
    if lag["oldest_age_seconds"] > max_lag_seconds():
        problems.append(f"search events waiting over {max_lag_seconds():g} s")
    result = {
        "ok": not problems,
        "backend": health.get("backend"),
        "backend_status": health.get("status"),
        "documents": health.get("total"),
        "waiting": lag["waiting"],
        "oldest_age_seconds": lag["oldest_age_seconds"],
        "dead_letters": lag["dead"],
    }
    return result | ({"problems": problems} if problems else {})


@gauge_source("linkhub_search_lag_seconds", "Age of the oldest search event not yet in the index", [])
def lag_gauge():
    return [((), outbox_lag()["oldest_age_seconds"])]


@gauge_source("linkhub_search_waiting_events", "Search events not yet in the index", [])
def waiting_gauge():
    return [((), outbox_lag()["waiting"])]
