"""Trigger points are checked by workers: on each new feedback, and periodically for all."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.outbox import on_event
from linkhub.platform.periodic import periodic
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback.models import Feedback

from .services import triggers


@on_event("feedback.received")
def check_triggers_for_new_feedback(event) -> None:
    """Runs in the feedback's network; evaluates only the group the feedback belongs to."""
    feedback = db.session.scalar(select(Feedback).where(Feedback.reference == event.payload["reference"]))
    if feedback is None or feedback.provider_id is None:
        return
    triggers.evaluate(provider_id=feedback.provider_id, theme=None)


@on_event("feedback.imported")
def check_triggers_after_import(event) -> None:
    triggers.evaluate()


@periodic("evaluate-trigger-points", every_seconds=15 * 60)
def evaluate_all_networks(event) -> None:
    """Windows also close with time passing, and rules change: sweep every active network."""
    network_ids = db.session.scalars(select(Network.id).where(Network.status == "active")).all()
    for network_id in network_ids:
        with network_scope(network_id):
            triggers.evaluate()
