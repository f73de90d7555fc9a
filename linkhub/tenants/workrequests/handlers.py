"""Outbox handler: a work item moved on; if it came from a request for work, the requester is
told by e-mail (default lane, in the network's scope)."""

from __future__ import annotations

from linkhub.platform.models import OutboxEvent
from linkhub.platform.outbox import on_event

from . import services


@on_event("work_item.progressed")
def inform_requester(event: OutboxEvent) -> None:
    p = event.payload or {}
    if isinstance(p.get("work_item_id"), int):
        services.tell_requester_of_progress(p["work_item_id"], p.get("status"), bool(p.get("achieved")))
