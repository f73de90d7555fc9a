"""The actors: one per outbox lane, each carrying out an event's handlers (idempotent, keyed by
outbox id) with its lane's database connection (see linkhub.platform.lanes).

``process_outbox_event`` (queue ``linkhub``) runs the default lane as the application role;
``process_federation_event`` (queue ``linkhub.federation``) runs the federation lane as the
federation role, which cannot read tenant tables.
"""

from __future__ import annotations

import dramatiq

from linkhub.platform.outbox import LANES

# lane -> (actor name, queue). The relay sends each event to the actor of its lane.
LANE_ACTORS = {
    "default": ("process_outbox_event", "linkhub"),
    "federation": ("process_federation_event", "linkhub.federation"),
}


def _run(lane: str, outbox_id: int) -> None:
    """One delivery, counted by outcome (done, dead, rerouted, missing, or error: retried)."""
    from linkhub.platform.lanes import run_event
    from linkhub.platform.observability import WORKER_DELIVERIES

    from .broker import current_app_for_workers

    try:
        outcome = run_event(current_app_for_workers(), outbox_id, lane=lane)
    except Exception:
        WORKER_DELIVERIES.labels(lane, "error").inc()
        raise
    WORKER_DELIVERIES.labels(lane, outcome).inc()


def _process_outbox_event(outbox_id: int) -> None:
    _run("default", outbox_id)


def _process_federation_event(outbox_id: int) -> None:
    _run("federation", outbox_id)


FUNCTIONS = {"default": _process_outbox_event, "federation": _process_federation_event}
if not set(LANE_ACTORS) == set(FUNCTIONS) == set(LANES):
    raise RuntimeError("every outbox lane needs one actor and one queue")


def declare(broker) -> dict[str, dramatiq.Actor]:
    """Bind every lane's actor to the broker; returns lane -> actor."""
    return {
        lane: dramatiq.actor(FUNCTIONS[lane], actor_name=name, queue_name=queue, broker=broker)
        for lane, (name, queue) in LANE_ACTORS.items()
    }


def queues_for(lanes) -> set[str]:
    """The queues a worker consumes for these lanes (an unknown lane is an error)."""
    unknown = set(lanes) - set(LANE_ACTORS)
    if unknown:
        raise ValueError(f"unknown lane(s) {sorted(unknown)}; choose from {sorted(LANE_ACTORS)}")
    return {LANE_ACTORS[lane][1] for lane in lanes}
