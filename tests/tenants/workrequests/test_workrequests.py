"""Requests for work: the public intake, the decision with reasons, an accepted request becoming
a work item, and the requester kept informed by e-mail through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from linkhub.platform import clock, outbox
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.workprogramme.models import WorkItem
from linkhub.tenants.workrequests.models import WorkRequest
from tests.helpers import sign_in
from tests.tenants.powers.helpers import BASE, deliver_emails, events, messages, post

pytestmark = pytest.mark.usefixtures("db_kind")

REQUEST = {
    "requester_kind": "osc",
    "organisation": "Alpha Council Health Scrutiny Committee",
    "contact_name": "Cllr Rowe",
    "email": "Scrutiny@Alpha.example",
    "title": "Experiences of hospital discharge at weekends",
    "description": "The committee would like to hear from people discharged at weekends.",
}


def _run(event_type):
    for event in events(event_type):
        if event.status == "pending":
            assert outbox.process(event.id, max_deliveries=5) == "done"


def test_request_accepted_becomes_a_work_item_and_the_requester_hears_each_step(client, admin, world):
    deliver_emails()
    before = len(messages(world.a.id))
    receipt = client.post(f"{BASE}/work-requests/public", json=REQUEST)
    assert receipt.status_code == 201, receipt.get_json()
    reference = receipt.get_json()["reference"]
    deliver_emails()
    sent = messages(world.a.id)[before:]
    assert any(m.to == "scrutiny@alpha.example" and reference in m.body for m in sent)
    assert any("A request for work to decide" in m.subject for m in sent)  # the staff
    listed = client.get(f"{BASE}/work-requests/", headers=admin).get_json()["items"]
    request_id = next(r["id"] for r in listed if r["reference"] == reference)
    # Accepting needs the work item's fields; nothing is half-written on a refusal.
    post(
        client,
        f"/work-requests/{request_id}/decision",
        admin,
        {"decision": "accept", "reasons": "Fits our priorities"},
        422,
    )
    post(client, f"/work-requests/{request_id}/decision", admin, {"decision": "accept", "reasons": ""}, 422)
    decided = post(
        client,
        f"/work-requests/{request_id}/decision",
        admin,
        {
            "decision": "accept",
            "reasons": "Fits our priority on discharge.",
            "owner": "Pat",
            "outcome": "Report to the committee",
            "target_on": str(clock.today() + timedelta(days=90)),
        },
    )
    assert decided["status"] == "accepted" and decided["work_item_id"]
    post(client, f"/work-requests/{request_id}/decision", admin, {"decision": "decline", "reasons": "x"}, 409)
    with network_scope(world.a.id):
        item = db.session.get(WorkItem, decided["work_item_id"])
        assert (item.linked_kind, item.linked_id, item.title) == ("work_request", request_id, REQUEST["title"])
        db.session.rollback()
    deliver_emails()
    assert any("accepted" in m.subject and "Fits our priority on discharge." in m.body for m in messages(world.a.id))
    # The work moves on: the requester is told (work_item.progressed, handled in the network's scope).
    client.post(
        f"{BASE}/workprogramme/items/{decided['work_item_id']}/status", json={"status": "in_progress"}, headers=admin
    )
    sign_in(client, world.users["admin_a"].email)
    with network_scope(world.a.id):
        from linkhub.tenants.workprogramme import services as programme

        programme.set_status(db.session.get(WorkItem, decided["work_item_id"]), "done")
        db.session.commit()
    _run("work_item.progressed")
    deliver_emails()
    progress = [m for m in messages(world.a.id) if m.subject.startswith("Progress on your request")]
    assert progress and "completed" in progress[-1].body and progress[-1].to == "scrutiny@alpha.example"


def test_decline_needs_reasons_and_tells_the_requester(client, admin, world):
    receipt = client.post(f"{BASE}/work-requests/public", json=REQUEST).get_json()
    with network_scope(world.a.id):
        request_id = db.session.scalar(select(WorkRequest.id).where(WorkRequest.reference == receipt["reference"]))
        db.session.rollback()
    declined = post(
        client, f"/work-requests/{request_id}/decision", admin, {"decision": "decline", "reasons": "Outside our remit."}
    )
    assert declined["status"] == "declined" and declined["work_item_id"] is None
    deliver_emails()
    assert any("Outside our remit." in m.body for m in messages(world.a.id))


def test_bad_input_and_the_honeypot(client, world):
    url = f"{BASE}/work-requests/public"
    bad = client.post(url, json=dict(REQUEST, email="not an email"))
    assert bad.status_code == 422 and "email" in bad.get_json()["error"]["fields"]
    assert client.post(url, json=dict(REQUEST, requester_kind="spy")).status_code == 422
    assert client.post(url, json=dict(REQUEST, wanted_by="2001-01-01")).status_code == 422
    spam = client.post(url, json=dict(REQUEST, website="http://spam.example"))
    assert spam.status_code == 201
    with network_scope(world.a.id):
        assert db.session.scalar(select(WorkRequest).where(WorkRequest.title == REQUEST["title"])) is None
        db.session.rollback()


def test_public_form_and_staff_decision_pages(client, world):
    form = dict(REQUEST, wanted_by=["", "", ""])
    sent = client.post("/networks/alpha/work-requests/new", data=form)
    assert sent.status_code == 302
    assert b"Request sent" in client.get(sent.headers["Location"]).data
    missing = client.post("/networks/alpha/work-requests/new", data=dict(form, title=""))
    assert b"Enter what you would like the LINk to look into" in missing.data
    spam = client.post("/networks/alpha/work-requests/new", data=dict(form, title="Buy now", website="x"))
    assert spam.status_code == 302
    sign_in(client, world.users["staff_a"].email)
    page = client.get("/networks/alpha/work-requests/")
    assert page.status_code == 200 and REQUEST["title"].encode() in page.data and b"Buy now" not in page.data
    with network_scope(world.a.id):
        request_id = db.session.scalar(select(WorkRequest.id).where(WorkRequest.title == REQUEST["title"]))
        db.session.rollback()
    decided = client.post(
        f"/networks/alpha/work-requests/{request_id}",
        data={"decision": "decline", "reasons": "Already covered by the council."},
    )
    assert decided.status_code == 302
