"""Periodic jobs: registered here by any layer, run from the worker side (linkhub.workers.scheduler).

Each time slot of a job becomes one outbox event ``periodic.<name>`` handled in platform scope,
so a job runs through the same idempotent actor as every other side effect.
"""

from __future__ import annotations

from .outbox import on_event

_jobs: dict[str, int] = {}


def periodic(name: str, every_seconds: int):
    """Register ``func(event)`` to run once per ``every_seconds`` slot, in platform scope."""

    def register(func):
        _jobs[name] = every_seconds
        on_event(f"periodic.{name}", name=f"periodic:{name}", platform=True)(func)
        return func

    return register


def registered_jobs() -> dict[str, int]:
    return dict(_jobs)
