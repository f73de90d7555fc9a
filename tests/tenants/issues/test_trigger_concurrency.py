"""At most once, held by the database: 8 workers evaluating the same group at the same moment
fire it once, open one issue and send one e-mail; the issue holds the feedback that fired it."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.directory import services as directory
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import THEMES, Feedback
from linkhub.tenants.issues.services import triggers
from linkhub.tenants.issues.models import Issue, TriggerFiring, TriggerRule

WORKERS = 8


def _evaluate_together(app, network_id: int, provider_id: int) -> list[BaseException]:
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work():
        try:
            with app.app_context(), network_scope(network_id):
                barrier.wait(timeout=30)
                triggers.evaluate(provider_id=provider_id)  # each worker's own clock, as in production
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001  reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def _emails(subject: str) -> int:
    with platform_scope():
        count = db.session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.event_type == "email.send", OutboxEvent.payload["subject"].as_string() == subject)
        )
        db.session.rollback()
    return count


@pytest.mark.parametrize("db_kind,rounds", [("sqlite", 5), ("postgresql", 50)])
def test_concurrent_evaluations_fire_once_open_one_issue_send_one_email(app, world, db_kind, rounds):
    rng = random.Random(1414)
    with network_scope(world.a.id):
        db.session.execute(TriggerRule.__table__.update().values(active=False))
        rule = triggers.add_rule(name="Burst", kind="distinct_people", threshold=rng.randint(3, 9), window_days=30)
        db.session.commit()
        threshold, subject = rule.threshold, "Trigger point reached: Burst"
    for round_no in range(rounds):
        theme = rng.choice(sorted(THEMES))
        with network_scope(world.a.id):  # a new provider each round: a group that never fired
            provider = directory.add_provider(name=f"Provider {round_no}", kind="nhs_trust")
            service = directory.add_service(provider_id=provider.id, name="Clinic", service_type="gp")
            given = []
            for i in range(threshold + rng.randint(0, 4)):
                item = feedback.record_feedback(
                    channel="phone",
                    what_happened="Waited",
                    theme=theme,
                    service_id=service.id,
                    rating=rng.randint(1, 5),
                    email=f"r{round_no}-p{i}@example.org",
                    received_at=utcnow() - timedelta(hours=rng.randint(1, 600)),
                )
                given.append(item.id)
            db.session.commit()
            provider_id = provider.id
        emails_before = _emails(subject)

        errors = _evaluate_together(app, world.a.id, provider_id)

        assert errors == []
        with network_scope(world.a.id):
            firings = db.session.execute(
                select(TriggerFiring.issue_id).where(TriggerFiring.provider_id == provider_id)
            ).all()
            issues = db.session.execute(
                select(Issue.id, Issue.flagged_at).where(Issue.provider_id == provider_id)
            ).all()
            held = set(db.session.scalars(select(Feedback.id).where(Feedback.issue_id.in_([i.id for i in issues]))))
            db.session.rollback()
        assert (round_no, len(firings), len(issues), _emails(subject) - emails_before) == (round_no, 1, 1, 1)
        assert firings[0].issue_id == issues[0].id and issues[0].flagged_at is not None
        assert held == set(given), "the trigger-opened issue holds the feedback that fired it"
