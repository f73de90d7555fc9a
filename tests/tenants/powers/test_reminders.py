"""Reminders with a frozen clock: 5 working days before, on the due date, overdue to the admins;
the job runs twice (and a delivery is repeated) and each reminder is sent once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from linkhub.platform import clock, outbox
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common import services as org_services
from linkhub.tenants.powers import services
from linkhub.tenants.powers.models import InformationRequest
from linkhub.tenants.powers.services.reminders import run_reminders
from linkhub.workers.scheduler import registered_jobs

from .helpers import deliver_emails, events, messages

pytestmark = pytest.mark.usefixtures("db_kind")


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 30, tzinfo=clock.LONDON), tick=False)


@pytest.fixture
def request_id(app, world):
    with at(date(2024, 12, 18)), network_scope(world.a.id):
        trust = org_services.add_organisation(name="Frozen Trust", kind="commissioner")
        request = services.create_request(organisation_id=trust.id, subject="Winter pressures", question="Beds?")
        services.send_request(request, sent_on=date(2024, 12, 18))  # due Monday 20 January 2025
        db.session.commit()
        assert request.due_on == date(2025, 1, 20)
        return request.id


def reminder_subjects(world, word: str) -> list[str]:
    return [m.subject for m in messages(world.a.id) if "Winter pressures" in m.subject and m.subject.startswith(word)]


def test_the_job_is_registered():
    assert "powers.deadline_reminders" in registered_jobs()


def test_each_reminder_goes_once(app, world, request_id):
    with at(date(2025, 1, 10)):  # 6 working days before: nothing yet
        run_reminders()
        deliver_emails()
    assert reminder_subjects(world, "Due") == []

    with at(date(2025, 1, 13)):  # 5 working days before
        run_reminders()
        run_reminders()
        deliver_emails()
        deliver_emails()
    soon = reminder_subjects(world, "Due within 5 working days")
    assert len(soon) == 1

    with at(date(2025, 1, 20)):  # the due date
        run_reminders()
        run_reminders()
        assert deliver_emails() == 1
    assert len(reminder_subjects(world, "Due today")) == 1

    with at(date(2025, 1, 21)):  # overdue: escalated to the network admins only
        run_reminders()
        run_reminders()
        deliver_emails()
    overdue = [m for m in messages(world.a.id) if m.subject.startswith("Overdue") and "Winter pressures" in m.subject]
    assert len(overdue) == 1
    assert overdue[0].to == world.users["admin_a"].email
    with network_scope(world.a.id):
        assert db.session.get(InformationRequest, request_id).status == "overdue"
        db.session.rollback()
    assert reminder_subjects(world, "Due within 5 working days") == soon  # nothing repeated


def test_a_redelivered_email_is_stored_once(app, world, request_id):
    with at(date(2025, 1, 13)):
        run_reminders()
    pending = [e.id for e in events("email.send") if e.status == "pending"]
    for event_id in pending:
        outbox.process(event_id, max_deliveries=5)
        outbox.process(event_id, max_deliveries=5)
    assert len(reminder_subjects(world, "Due within 5 working days")) == 1


def test_an_extension_earns_new_reminders(app, world, request_id):
    with at(date(2025, 1, 13)):
        run_reminders()
        with network_scope(world.a.id):
            services.extend_request(
                db.session.get(InformationRequest, request_id),
                due_on=date(2025, 2, 3),
                reason="Data held by another trust",
            )
            db.session.commit()
        run_reminders()
    with at(date(2025, 1, 27)):  # 5 working days before the new date
        run_reminders()
        deliver_emails()
    assert len(reminder_subjects(world, "Due within 5 working days")) == 2


def test_answered_requests_are_not_reminded(app, world, request_id):
    with at(date(2025, 1, 6)), network_scope(world.a.id):
        services.record_request_response(
            db.session.get(InformationRequest, request_id), outcome="answered", responded_on=date(2025, 1, 6)
        )
        db.session.commit()
    with at(date(2025, 1, 21)):
        run_reminders()
        deliver_emails()
    assert reminder_subjects(world, "Overdue") == []
