"""The powers through the API: the request-for-information clock, bad input, staff tokens,
OSC referrals and the deadlines list; nothing half-written."""

from __future__ import annotations

import pytest

from linkhub.platform import services as platform
from linkhub.platform.db import db
from tests.helpers import bearer
from tests.tenants.powers.helpers import BASE, events, organisation, post

pytestmark = pytest.mark.usefixtures("db_kind")


def test_request_for_information_clock_and_bad_dates(client, admin, world):
    org = organisation(client, admin)
    created = post(
        client,
        "/powers/requests",
        admin,
        {
            "organisation_id": org["id"],
            "subject": "Waiting times",
            "question": "How long?",
            "issue_ref": str(world.records["alpha"]["issue_id"]),
        },
        201,
    )
    assert created["status"] == "draft" and created["issue_ref"] == str(world.records["alpha"]["issue_id"])
    sent = post(client, f"/powers/requests/{created['id']}/send", admin, {"sent_on": "2024-12-18"})
    assert (sent["status"], sent["due_on"]) == ("sent", "2025-01-20")  # across Christmas and New Year

    error = post(
        client,
        f"/powers/requests/{created['id']}/response",
        admin,
        {"outcome": "answered", "responded_on": "2024-12-17"},
        422,
    )
    assert "responded_on" in error["error"]["fields"]
    assert client.get(f"{BASE}/powers/requests/{created['id']}", headers=admin).get_json()["status"] == "sent"

    extended = post(
        client,
        f"/powers/requests/{created['id']}/extension",
        admin,
        {"due_on": "2025-02-03", "reason": "Records are archived"},
    )
    assert (extended["due_on"], extended["original_due_on"]) == ("2025-02-03", "2025-01-20")
    post(client, f"/powers/requests/{created['id']}/extension", admin, {"due_on": "2025-01-02", "reason": "x"}, 422)
    answered = post(
        client,
        f"/powers/requests/{created['id']}/response",
        admin,
        {"outcome": "partly_answered", "responded_on": "2025-01-15", "response": "Some figures"},
    )
    assert answered["status"] == "partly_answered"
    post(
        client,
        f"/powers/requests/{created['id']}/response",
        admin,
        {"outcome": "answered", "responded_on": "2025-01-15"},
        409,
    )
    assert any(e.payload["to"] == ["ask@acg.example"] for e in events("email.send"))


def test_api_writes_need_a_staff_token(client, world):
    assert client.post(f"{BASE}/powers/organisations", json={"name": "X", "kind": "osc"}).status_code == 401
    _, secret = platform.create_token(world.users["member_a"], name="m", role="member", network=world.a)
    db.session.commit()
    assert (
        client.post(
            f"{BASE}/powers/organisations", json={"name": "X", "kind": "osc"}, headers=bearer(secret)
        ).status_code
        == 403
    )
    assert client.get(f"{BASE}/powers/organisations", headers=bearer(secret)).status_code == 200


def test_osc_referral(client, admin, world):
    osc = organisation(client, admin, "Alpha Health Scrutiny Committee", "osc")
    other = organisation(client, admin, "Not a committee", "provider")
    post(client, "/powers/referrals", admin, {"organisation_id": other["id"], "matter": "x"}, 422)
    issue_id = world.records["alpha"]["issue_id"]
    post(
        client,
        "/powers/referrals",
        admin,
        {"organisation_id": osc["id"], "matter": "x", "issue_refs": f"{issue_id}, 999"},
        422,
    )
    referral = post(
        client,
        "/powers/referrals",
        admin,
        {
            "organisation_id": osc["id"],
            "matter": "Ambulance handovers",
            "issue_refs": f"{issue_id}",
            "report_id": world.records["alpha"]["report_id"],
        },
        201,
    )
    assert referral["issue_ids"] == [issue_id]
    referred = post(client, f"/powers/referrals/{referral['id']}/refer", admin, {"referred_on": "2025-12-19"})
    assert referred["due_on"] == "2026-01-21"
    post(
        client,
        f"/powers/referrals/{referral['id']}/response",
        admin,
        {"status": "responded", "responded_on": "2025-12-18"},
        422,
    )
    done = post(
        client,
        f"/powers/referrals/{referral['id']}/response",
        admin,
        {"status": "closed", "responded_on": "2026-01-10", "outcome": "Item on the March agenda"},
    )
    assert (done["status"], done["outcome"]) == ("closed", "Item on the March agenda")


def test_deadlines_api_lists_every_clock(client, admin, world):
    body = client.get(f"{BASE}/powers/deadlines", headers=admin).get_json()
    kinds = {d["kind"] for d in body["items"]}
    assert {"Request for information", "OSC referral", "Recommendation follow-up"} <= kinds
    assert [d["due_on"] for d in body["items"]] == sorted(d["due_on"] for d in body["items"])
    overdue = client.get(f"{BASE}/powers/deadlines?show=overdue", headers=admin).get_json()
    assert all(d["state"] == "overdue" for d in overdue["items"])
