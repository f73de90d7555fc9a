"""Trigger points with a frozen clock: fire at the threshold, never twice for the same window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select, update

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.issues.models import Issue, TriggerFiring, TriggerRule
from linkhub.tenants.issues.services import triggers

pytestmark = pytest.mark.usefixtures("db_kind")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def give(world, n_people: int, *, at: datetime, same_person=False, rating=2, theme="access"):
    service_id = world.records["alpha"]["service_id"]
    for i in range(n_people):
        email = "same@example.org" if same_person else f"person{at.timestamp():.0f}-{i}@example.org"
        feedback.record_feedback(
            channel="phone",
            what_happened="Long wait",
            theme=theme,
            service_id=service_id,
            rating=rating,
            email=email,
            received_at=at,
        )


def firings() -> int:
    return db.session.scalar(select(func.count()).select_from(TriggerFiring))


def only_new_rules(world):
    """The test world has a rule and firings of its own; these tests start from none."""
    db.session.execute(TriggerFiring.__table__.delete().where(TriggerFiring.network_id == world.a.id))
    db.session.execute(update(TriggerRule).values(active=False))


@pytest.fixture
def rule(app, world):
    with network_scope(world.a.id):
        only_new_rules(world)
        created = triggers.add_rule(
            name="Ten people in thirty days", kind="distinct_people", threshold=10, window_days=30
        )
        db.session.commit()
        return created.id


def test_distinct_people_not_items(app, world, rule):
    with network_scope(world.a.id), time_machine.travel(T0, tick=False):
        give(world, 12, at=T0 - timedelta(days=1), same_person=True)  # 500 calls from one person
        assert triggers.evaluate(now=T0) == []
        give(world, 9, at=T0 - timedelta(days=2))  # 9 new people + the one person = 10
        fired = triggers.evaluate(now=T0)
        assert len(fired) == 1 and fired[0].count == 10
        issue = db.session.get(Issue, fired[0].issue_id)
        assert issue.flagged_at is not None
        db.session.commit()


def test_the_same_window_never_fires_twice(app, world, rule):
    with network_scope(world.a.id):
        give(world, 10, at=T0 - timedelta(days=3))
        assert len(triggers.evaluate(now=T0)) == 1
        db.session.commit()
        assert triggers.evaluate(now=T0) == []  # the same run again
        assert triggers.evaluate(now=T0 + timedelta(hours=1)) == []  # later, nothing new
        give(world, 9, at=T0 + timedelta(days=1))
        assert triggers.evaluate(now=T0 + timedelta(days=2)) == []  # 9 new people: not yet
        give(world, 1, at=T0 + timedelta(days=2))
        assert len(triggers.evaluate(now=T0 + timedelta(days=3))) == 1  # a fresh window of 10
        db.session.commit()
        assert firings() == 2


def test_old_feedback_falls_out_of_the_window(app, world, rule):
    with network_scope(world.a.id):
        give(world, 5, at=T0 - timedelta(days=40))
        give(world, 5, at=T0 - timedelta(days=1))
        assert triggers.evaluate(now=T0) == []


def test_very_poor_rule_and_notification(app, world):
    with network_scope(world.a.id):
        only_new_rules(world)
        triggers.add_rule(name="Three very poor", kind="very_poor", threshold=3, window_days=7)
        give(world, 2, at=T0 - timedelta(days=1), rating=1)
        give(world, 5, at=T0 - timedelta(days=1), rating=2)
        assert [f for f in triggers.evaluate(now=T0) if f.rule.kind == "very_poor"] == []
        give(world, 1, at=T0, rating=1)
        fired = [f for f in triggers.evaluate(now=T0 + timedelta(minutes=1)) if f.rule.kind == "very_poor"]
        assert len(fired) == 1 and fired[0].count == 3
        db.session.commit()
    with platform_scope():
        mails = db.session.scalars(select(OutboxEvent).where(OutboxEvent.event_type == "email.send")).all()
        assert any(
            "Three very poor" in m.payload["subject"] and "staff-a@example.org" in m.payload["to"] for m in mails
        )
        db.session.rollback()


def test_new_feedback_is_checked_by_the_worker_not_the_request(app, world, rule):
    with network_scope(world.a.id):
        give(world, 10, at=datetime.now(timezone.utc) - timedelta(hours=1))
        db.session.commit()
        assert firings() == 0  # nothing fired in the "request"
        db.session.rollback()
    with platform_scope():
        ids = db.session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.event_type == "feedback.received").order_by(OutboxEvent.id)
        ).all()
        db.session.rollback()
    for event_id in ids:
        outbox.process(event_id, max_deliveries=5)
    with network_scope(world.a.id):
        assert firings() == 1
        db.session.rollback()


def test_rule_validation(app, world):
    from linkhub.platform.services import ServiceError

    with network_scope(world.a.id):
        for bad in (
            dict(name="", kind="distinct_people", threshold=3, window_days=7),
            dict(name="x", kind="moon", threshold=3, window_days=7),
            dict(name="x", kind="very_poor", threshold=0, window_days=7),
            dict(name="x", kind="very_poor", threshold=3, window_days=400),
        ):
            with pytest.raises(ServiceError):
                triggers.add_rule(**bad)


def test_a_trigger_opened_issue_holds_the_feedback_that_fired_it(app, world, rule):
    from linkhub.tenants.feedback.models import Feedback
    from linkhub.tenants.issues import services as issues

    with network_scope(world.a.id):
        give(world, 3, at=T0 - timedelta(days=45))  # outside the window: not part of the firing
        give(world, 11, at=T0 - timedelta(days=5))
        give(world, 2, at=T0 - timedelta(days=4), theme="staffing")  # another group
        elsewhere = issues.create_issue(title="Already grouped", theme="access")
        in_window = db.session.scalars(
            select(Feedback.id)
            .where(Feedback.theme == "access", Feedback.received_at >= T0 - timedelta(days=30))
            # ungrouped feedback first, so staff group one that is in no issue yet (a move is another test)
            .order_by(Feedback.issue_id.is_not(None), Feedback.id)
        ).all()
        issues.add_feedback(elsewhere, in_window[:1])  # staff put one of them in another issue
        before = dict(db.session.execute(select(Feedback.id, Feedback.issue_id)).all())
        [firing] = triggers.evaluate(now=T0)
        held = set(db.session.scalars(select(Feedback.id).where(Feedback.issue_id == firing.issue_id)))
        assert firing.count == 11 and firing.issue_id != elsewhere.id
        already = {f for f, i in before.items() if i == firing.issue_id}  # the world's own issue may be reused
        assert held == set(in_window[1:]) | already, "the issue holds what fired it, and nothing is moved silently"
        assert issues.breakdown(firing.issue_id).feedback == len(held) >= 10
        db.session.rollback()
