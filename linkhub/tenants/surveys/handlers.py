"""Outbox handler: a working group's joint survey arrives in a member network as its own copy
(default lane, in the receiving network's scope; the federation role cannot write a tenant table)."""

from __future__ import annotations

from linkhub.platform.models import OutboxEvent
from linkhub.platform.outbox import on_event

from . import services


@on_event("survey.joint_copy")
def receive_joint_copy(event: OutboxEvent) -> None:
    services.make_joint_copy(event.payload or {})
