"""Feedback intake: the public form, staff entry, contacts counted once, CSV import."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent, OutboxEvent
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.feedback import services
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.feedback.services.importer import import_feedback
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_data(**extra):
    data = {
        "service_id": "0",
        "service_text": "Walk-in centre",
        "what_happened": "The receptionist was kind.",
        "theme": "dignity",
        "rating": "4",
        "month": "",
        "year": "",
    }
    data.update(extra)
    return data


def test_public_form_without_an_account_gives_a_reference(client, world):
    response = client.post("/networks/alpha/feedback/new", data=form_data(), follow_redirects=True)
    assert response.status_code == 200 and b"Your reference" in response.data
    with network_scope(world.a.id):
        stored = db.session.scalars(select(Feedback).where(Feedback.service_text == "Walk-in centre")).one()
        assert stored.channel == "web" and stored.contact_id is None
        assert stored.reference.encode() in response.data
        db.session.rollback()
    with platform_scope():
        assert (
            db.session.scalar(
                select(func.count()).select_from(OutboxEvent).where(OutboxEvent.event_type == "feedback.received")
            )
            >= 1
        )
        db.session.rollback()


def _stored(reference: str) -> tuple:
    """Everything the intake wrote for one reference, less what differs by nature (ids, times)."""
    feedback = db.session.scalars(select(Feedback).where(Feedback.reference == reference)).one()
    columns = {
        c.key: getattr(feedback, c.key)
        for c in Feedback.__table__.columns
        if c.key not in ("id", "reference", "received_at")
    }
    audits = db.session.execute(
        select(AuditEvent.network_id, AuditEvent.actor_id, AuditEvent.actor_label, AuditEvent.action)
        .add_columns(AuditEvent.entity_type, AuditEvent.details)
        .where(AuditEvent.entity_id == reference)
    ).all()
    events = [
        (e.event_type, e.network_id, e.status, e.deliveries, e.running_alone, e.suspect, e.crashes, e.failures)
        for e in db.session.scalars(select(OutboxEvent).where(OutboxEvent.event_type == "feedback.received"))
        if e.payload == {"reference": reference}
    ]
    return columns, [tuple(a) for a in audits], events


@pytest.mark.parametrize(
    "item",
    [
        dict(service_text=" A clinic ", rating=2, equality={"age_band": "18 to 24", "disability": None}),
        dict(use_service=True, consent_to_contact=True, contact_name="Ann", happened_month=date(2025, 3, 17)),
    ],
)
def test_the_public_forms_one_statement_writes_what_record_feedback_writes(app, world, item):
    item = dict(item)
    if item.pop("use_service", False):
        item["service_id"] = world.records["alpha"]["service_id"]
    with app.test_request_context("/"), network_scope(world.a.id):
        quick = services.record_web_feedback(channel="web", what_happened=" It was fine. ", theme="access", **item)
        usual = services.record_feedback(
            channel="web", what_happened=" It was fine. ", theme="access", **item
        ).reference
        db.session.commit()
        with platform_scope():
            assert _stored(quick) == _stored(usual)
            assert len(_stored(quick)[1]) == len(_stored(quick)[2]) == 1
        db.session.rollback()


def test_the_public_forms_one_statement_refuses_another_networks_service(app, world):
    with app.test_request_context("/"), network_scope(world.a.id):
        before = count(Feedback)
        with pytest.raises(ServiceError) as refused:
            services.record_web_feedback(
                channel="web", what_happened="x", theme="access", service_id=world.records["beta"]["service_id"]
            )
        assert refused.value.field == "service_id"
        db.session.rollback()
        assert count(Feedback) == before
        db.session.rollback()


def test_public_form_errors_store_nothing(client, world):
    with network_scope(world.a.id):
        before = count(Feedback)
        db.session.rollback()
    for bad in (
        form_data(what_happened=""),
        form_data(what_happened="x" * 10_001),
        form_data(service_text=""),
        form_data(month="13", year="2026"),
        form_data(month="3", year=""),
        form_data(email="not-an-email"),
    ):
        response = client.post("/networks/alpha/feedback/new", data=bad)
        assert response.status_code == 200 and b"govuk-error-summary" in response.data, bad
    with network_scope(world.a.id):
        assert count(Feedback) == before
        db.session.rollback()


def test_honeypot_pretends_and_stores_nothing(client, world):
    with network_scope(world.a.id):
        before = count(Feedback)
        db.session.rollback()
    response = client.post("/networks/alpha/feedback/new", data=form_data(website="http://spam.example"))
    assert response.status_code == 302
    with network_scope(world.a.id):
        assert count(Feedback) == before
        db.session.rollback()


def test_a_person_is_stored_once_matched_on_email_or_phone(app, world):
    with network_scope(world.a.id):
        first = services.record_feedback(
            channel="phone",
            what_happened="one",
            theme="access",
            service_text="GP",
            email="Jo@Example.org",
            phone="+44 7700 900123",
        )
        second = services.record_feedback(
            channel="email", what_happened="two", theme="access", service_text="GP", email="jo@example.org"
        )
        third = services.record_feedback(
            channel="event", what_happened="three", theme="access", service_text="GP", phone="07700 900123"
        )
        db.session.commit()
        assert first.contact_id == second.contact_id == third.contact_id
        first_contact = first.contact_id
    with network_scope(world.b.id):  # the same person in another network is another record
        other = services.record_feedback(
            channel="phone", what_happened="four", theme="access", service_text="GP", email="jo@example.org"
        )
        db.session.commit()
        assert other.contact_id != first_contact


def test_staff_merge_duplicate_contacts(app, world):
    with network_scope(world.a.id):
        a = services.record_feedback(
            channel="phone", what_happened="one", theme="access", service_text="GP", email="a@x.org"
        )
        b = services.record_feedback(
            channel="phone", what_happened="two", theme="access", service_text="GP", phone="01632960001"
        )
        survivor, duplicate = a.contact, b.contact
        services.merge_contacts(survivor, duplicate)
        db.session.commit()
        assert (
            db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.contact_id == survivor.id)) == 2
        )
        assert survivor.phone == "+441632960001" and duplicate.merged_into_id == survivor.id
        with pytest.raises(ServiceError):
            services.merge_contacts(survivor, survivor)


def test_contact_details_are_for_staff_only(client, world):
    feedback_id = world.records["alpha"]["feedback_id"]
    sign_in(client, "member-a@example.org")
    page = client.get(f"/networks/alpha/feedback/{feedback_id}")
    assert page.status_code == 200 and b"Pat Caller" not in page.data
    assert client.get("/networks/alpha/feedback/contacts").status_code == 403
    client.post("/sign-out")
    sign_in(client, "staff-a@example.org")
    assert b"Pat Caller" in client.get(f"/networks/alpha/feedback/{feedback_id}").data
    assert b"pat@alpha.example" in client.get("/networks/alpha/feedback/contacts").data


def test_staff_record_feedback_from_another_channel(client, world):
    sign_in(client, "staff-a@example.org")
    response = client.post(
        "/networks/alpha/feedback/record",
        data=form_data(channel="letter", service_id=str(world.records["alpha"]["service_id"])),
    )
    assert response.status_code == 302
    with network_scope(world.a.id):
        assert db.session.scalar(select(Feedback.channel).order_by(Feedback.id.desc()).limit(1)) == "letter"
        db.session.rollback()


CSV_HEADER = "received_on,channel,service,theme,rating,what_happened,happened_month,contact_name,email,phone,consent\n"


def csv_bytes(*lines: str) -> io.BytesIO:
    return io.BytesIO((CSV_HEADER + "".join(line + "\n" for line in lines)).encode())


def test_csv_import_is_all_or_nothing_with_line_numbers(app, world):
    with network_scope(world.a.id):
        before = count(Feedback)
        result = import_feedback(
            csv_bytes(
                "2026-01-05,phone,A&E,access,2,Waited hours,2026-01,Ann,ann@example.org,,yes",
                "2026-13-05,phone,A&E,access,2,Bad date,,,,,",
                "2026-01-06,pigeon,A&E,access,2,Bad channel,,,,,",
                "2026-01-07,phone,A&E,access,9,Bad rating,,,,,",
            ),
            dry_run=False,
        )
        assert [line for line, _ in result.errors] == [3, 4, 5]
        assert "received_on" in result.errors[0][1] and "channel" in result.errors[1][1]
        assert count(Feedback) == before


def test_csv_import_dry_run_then_import(app, world):
    lines = (
        "2026-01-05,phone,A&E,access,2,Waited hours,2026-01,Ann,ann@example.org,,yes",
        "2026-01-06,event,Unknown clinic,communication,,Nobody told me,,,,07700 900456,no",
    )
    with network_scope(world.a.id):
        before = count(Feedback)
        dry = import_feedback(csv_bytes(*lines), dry_run=True)
        assert dry.ok and dry.rows == 2 and count(Feedback) == before
        real = import_feedback(csv_bytes(*lines), dry_run=False)
        db.session.commit()
        assert real.ok and count(Feedback) == before + 2
        linked = db.session.scalar(select(Feedback).where(Feedback.what_happened == "Waited hours"))
        assert linked.service_id == world.records["alpha"]["service_id"] and linked.contact.email == "ann@example.org"


def test_csv_with_wrong_columns_or_encoding_imports_nothing(app, world):
    with network_scope(world.a.id):
        wrong = import_feedback(io.BytesIO(b"date,text\n2026-01-01,hello\n"), dry_run=False)
        assert wrong.errors[0][0] == 1 and "missing" in wrong.errors[0][1]
        latin = import_feedback(
            io.BytesIO((CSV_HEADER + "2026-01-05,phone,A&E,access,2,caf\xe9,,,,,\n").encode("latin-1")), dry_run=False
        )
        assert latin.errors and "UTF-8" in latin.errors[0][1]
        empty = import_feedback(io.BytesIO(CSV_HEADER.encode()), dry_run=False)
        assert empty.errors


def test_import_page_previews_then_imports(client, world):
    sign_in(client, "staff-a@example.org")
    body = CSV_HEADER + "2026-01-05,phone,A&E,access,2,Waited hours,2026-01,Ann,ann@example.org,,yes\n"
    preview = client.post(
        "/networks/alpha/feedback/import",
        data={"file": (io.BytesIO(body.encode()), "f.csv")},
        content_type="multipart/form-data",
    )
    assert b"The file is ready" in preview.data and b"Import 1 row<" in preview.data
    kept = re.search(r'name="confirm" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    done = client.post("/networks/alpha/feedback/import", data={"confirm": kept})  # no second upload
    assert done.status_code == 302
    bad = client.post(
        "/networks/alpha/feedback/import",
        data={"file": (io.BytesIO((CSV_HEADER + "x,phone,A&E,access,2,t,,,,,\n").encode()), "f.csv")},
        content_type="multipart/form-data",
    )
    assert b"Line 2" in bad.data and b"nothing was imported" in bad.data
