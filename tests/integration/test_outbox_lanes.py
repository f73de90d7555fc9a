"""Outbox lanes: one lane per event type, the relay sends each event to its lane's actor and
queue, and an event that reaches the wrong lane's actor is put back for the relay."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation import handlers  # noqa: F401  registers the federation handlers
from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope


def test_all_handlers_of_an_event_type_share_one_lane():
    outbox.on_event("federation.test_lane_a", lane="federation")(lambda event: None)
    with pytest.raises(ValueError, match="one event, one lane"):
        outbox.on_event("federation.test_lane_a", name="another")(lambda event: None)
    with pytest.raises(ValueError, match="federation lane's role can only see"):
        outbox.on_event("email.test_lane", lane="federation")(lambda event: None)
    assert outbox.lane_of("federation.share") == "federation"
    assert outbox.lane_of("federation.share_refused") == "default"  # the network's lane writes its own rows
    assert outbox.lane_of("shared_issue.shared") == "default"
    assert outbox.lane_of("nobody.handles.this") == "default"


@pytest.mark.usefixtures("db_kind")
def test_the_relay_sends_each_event_to_its_lanes_queue(app):
    from linkhub.workers.broker import init_broker
    from linkhub.workers.relay import relay_once

    broker = init_broker(app)  # the in-process broker
    with platform_scope():
        outbox.emit("federation.withdraw", {"share_ref": "x"}, network_id=None)
        outbox.emit("shared_issue.withdrawn", {"shared_issue_id": 1}, network_id=None)
        db.session.commit()
    assert relay_once(app) == 2
    from dramatiq import Message

    queued = {
        queue: [Message.decode(m).actor_name for m in broker.queues[queue].queue]
        for queue in ("linkhub", "linkhub.federation")
    }
    assert queued == {"linkhub": ["process_outbox_event"], "linkhub.federation": ["process_federation_event"]}
    broker.flush_all()


@pytest.mark.usefixtures("db_kind")
def test_an_event_at_the_wrong_lanes_actor_goes_back_to_the_relay(app):
    with platform_scope():
        event = outbox.emit("shared_issue.withdrawn", {"shared_issue_id": 1}, network_id=None)
        event.status = "published"
        db.session.commit()
        event_id = event.id
    assert outbox.process(event_id, 5, lane="federation") == "rerouted"
    with platform_scope():
        row = db.session.scalar(select(OutboxEvent).where(OutboxEvent.id == event_id))
        assert (row.status, row.deliveries) == ("pending", 1)  # counted, so a bounce cannot loop forever
        db.session.rollback()


def test_worker_queues_follow_the_lanes():
    from linkhub.workers.actors import queues_for

    assert queues_for(["federation"]) == {"linkhub.federation"}
    assert queues_for(["default", "federation"]) == {"linkhub", "linkhub.federation"}
    with pytest.raises(ValueError, match="unknown lane"):
        queues_for(["search"])
