"""The powers through the API: clocks, bad input (422/409), two-person approval, publishing,
the public API, and nothing half-written."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from linkhub.platform import services as platform
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.platform import clock
from linkhub.tenants.reports.models import Report, ReportRecipient
from tests.helpers import bearer

from .helpers import events

pytestmark = pytest.mark.usefixtures("db_kind")
BASE = "/api/v1/networks/alpha"


@pytest.fixture
def admin(world):
    return bearer(world.tokens["admin_a"])


@pytest.fixture
def staff(world):
    _, secret = platform.create_token(world.users["staff_a"], name="t", role="staff", network=world.a)
    db.session.commit()
    return bearer(secret)


def post(client, url, headers, body, status=200):
    response = client.post(BASE + url, json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def organisation(client, headers, name="Alpha Commissioning Group", kind="commissioner", email="ask@acg.example"):
    return post(client, "/powers/organisations", headers, {"name": name, "kind": kind, "email": email}, 201)


def test_request_for_information_clock_and_bad_dates(client, admin, world):
    org = organisation(client, admin)
    created = post(client, "/powers/requests", admin, {"organisation_id": org["id"], "subject": "Waiting times",
                                                       "question": "How long?",
                                                       "issue_ref": str(world.records["alpha"]["issue_id"])}, 201)
    assert created["status"] == "draft" and created["issue_ref"] == str(world.records["alpha"]["issue_id"])
    sent = post(client, f"/powers/requests/{created['id']}/send", admin, {"sent_on": "2024-12-18"})
    assert (sent["status"], sent["due_on"]) == ("sent", "2025-01-20")  # across Christmas and New Year

    error = post(client, f"/powers/requests/{created['id']}/response", admin,
                 {"outcome": "answered", "responded_on": "2024-12-17"}, 422)
    assert "responded_on" in error["error"]["fields"]
    assert client.get(f"{BASE}/powers/requests/{created['id']}", headers=admin).get_json()["status"] == "sent"

    extended = post(client, f"/powers/requests/{created['id']}/extension", admin,
                    {"due_on": "2025-02-03", "reason": "Records are archived"})
    assert (extended["due_on"], extended["original_due_on"]) == ("2025-02-03", "2025-01-20")
    post(client, f"/powers/requests/{created['id']}/extension", admin, {"due_on": "2025-01-02", "reason": "x"}, 422)
    answered = post(client, f"/powers/requests/{created['id']}/response", admin,
                    {"outcome": "partly_answered", "responded_on": "2025-01-15", "response": "Some figures"})
    assert answered["status"] == "partly_answered"
    post(client, f"/powers/requests/{created['id']}/response", admin, {"outcome": "answered", "responded_on": "2025-01-15"}, 409)
    assert any(e.payload["to"] == ["ask@acg.example"] for e in events("email.send"))


def test_api_writes_need_a_staff_token(client, world):
    assert client.post(f"{BASE}/powers/organisations", json={"name": "X", "kind": "osc"}).status_code == 401
    _, secret = platform.create_token(world.users["member_a"], name="m", role="member", network=world.a)
    db.session.commit()
    assert client.post(f"{BASE}/powers/organisations", json={"name": "X", "kind": "osc"},
                       headers=bearer(secret)).status_code == 403
    assert client.get(f"{BASE}/powers/organisations", headers=bearer(secret)).status_code == 200


def test_report_two_people_publish_and_public_api(client, admin, staff, world):
    org = organisation(client, admin, "Alpha Acute Trust", "provider")
    report = post(client, "/reports/", admin, {"title": "Discharge from hospital", "summary": "People told us.",
                                               "body": "Para one.\n\nPara two."}, 201)
    rid = report["id"]
    post(client, f"/reports/{rid}/recommendations", admin, {"text": "Start planning discharge on admission",
                                                             "organisation_id": org["id"]}, 201)
    post(client, f"/reports/{rid}/publish", admin, {}, 409)  # a draft cannot be published
    post(client, f"/reports/{rid}/submit", admin, {})
    refused = post(client, f"/reports/{rid}/approve", admin, {}, 409)  # the author cannot approve
    assert "second person" in refused["error"]["message"]
    post(client, f"/reports/{rid}/publish", admin, {}, 409)  # still not approved
    approved = post(client, f"/reports/{rid}/approve", staff, {})
    assert approved["status"] == "approved" and approved["approved_by_id"] == world.users["staff_a"].id

    sent = post(client, f"/reports/{rid}/send", admin, {"organisation_ids": [org["id"]], "sent_on": "2024-03-01"})
    assert sent["recipients"][0]["due_on"] == "2024-04-02"  # Easter 2024 skipped
    rec_id = sent["recommendations"][0]["id"]
    post(client, f"/reports/recommendations/{rec_id}/response", admin,
         {"response_status": "accepted", "responded_on": "2024-02-28"}, 422)  # before it was sent
    answered = post(client, f"/reports/recommendations/{rec_id}/response", admin,
                    {"response_status": "accepted", "responded_on": "2024-03-20", "action_promised": "Checklist",
                     "follow_up_on": "2024-09-01"})
    assert answered["response_status"] == "accepted"
    post(client, f"/reports/recommendations/{rec_id}/impact", admin, {"impact": "Discharge lounge opened"})
    said = client.get(f"{BASE}/reports/you-said-we-did", headers=admin).get_json()
    assert [i["impact"] for i in said["items"]] == ["Discharge lounge opened"]

    published = post(client, f"/reports/{rid}/publish", admin, {})
    ref = published["public_ref"]
    assert len(ref) == 12 and not ref.isdigit()
    payload = [e.payload for e in events("report.published")][-1]
    assert payload["public_ref"] == ref and payload["network"] == "alpha" and payload["region"] == "North West"
    assert payload["report_type"] == "network_report" and payload["powers"] == ["report_with_recommendations"]
    assert payload["response_status"] == "responded" and payload["providers"] == ["Alpha Acute Trust"]
    assert payload["title"] == "Discharge from hospital" and "Para two." in payload["body"]

    public = client.get(f"/api/v1/published-reports/{ref}")  # no authentication
    assert public.status_code == 200 and public.get_json()["title"] == "Discharge from hospital"
    listing = client.get("/api/v1/published-reports/?network=alpha").get_json()
    assert ref in [d["public_ref"] for d in listing["items"]]
    assert client.get(f"/reports/{ref}").status_code == 200

    corrected = post(client, f"/reports/{rid}/correction", admin, {"title": "Discharge from hospital (corrected)",
                                                                   "note": "Dates fixed"})
    assert corrected["version"] == 2
    post(client, f"/reports/{rid}/unpublish", admin, {"reason": "Withdrawn for review"})
    assert client.get(f"/api/v1/published-reports/{ref}").status_code == 404
    assert client.get(f"/reports/{ref}").status_code == 404
    assert [e.payload["public_ref"] for e in events("report.unpublished")] == [ref]
    history = client.get(f"{BASE}/reports/{rid}", headers=admin).get_json()["history"]
    assert [h["action"] for h in history] == ["published", "corrected", "unpublished"]
    assert history[0]["title"] == "Discharge from hospital"  # what the public saw first is kept


def test_drafts_are_not_public(client, world):
    with network_scope(world.a.id):
        ref = db.session.scalar(select(Report.public_ref).where(Report.published_at.is_(None)).limit(1)) or "NOPE"
        db.session.rollback()
    assert client.get(f"/api/v1/published-reports/{ref}").status_code == 404
    assert client.get("/api/v1/published-reports/ZZZZZZZZZZZZ").status_code == 404
    assert client.get("/reports/ZZZZZZZZZZZZ").status_code == 404


def test_sending_to_another_networks_organisation_writes_nothing(client, admin, staff, world):
    org = organisation(client, admin)
    rid = post(client, "/reports/", admin, {"title": "Half-written?"}, 201)["id"]
    post(client, f"/reports/{rid}/submit", admin, {})
    post(client, f"/reports/{rid}/approve", staff, {})
    beta_org = world.records["beta"]["organisation_id"]
    before = len(events("email.send"))
    post(client, f"/reports/{rid}/send", admin, {"organisation_ids": [org["id"], beta_org]}, 422)
    with network_scope(world.a.id):
        assert db.session.scalars(select(ReportRecipient).where(ReportRecipient.report_id == rid)).all() == []
        db.session.rollback()
    assert len(events("email.send")) == before


def test_expired_dbs_or_authorisation_blocks_assignment(client, admin, world):
    today = clock.today()
    reps = {
        "DBS check expired": {"name": "Dee Expired", "authorised_on": "2020-01-01", "dbs_checked_on": "2020-01-01",
                        "dbs_expires_on": str(today - timedelta(days=1))},
        "authorisation expired": {"name": "Arthur Lapsed", "authorised_on": "2020-01-01", "authorisation_expires_on": "2021-01-01",
                                  "dbs_checked_on": str(today), "dbs_expires_on": str(today + timedelta(days=700))},
    }
    org = organisation(client, admin, "Care Home Ltd", "provider")
    visit = post(client, "/visits/", admin, {"organisation_id": org["id"], "premises": "Elm House",
                                             "planned_on": str(today + timedelta(days=10))}, 201)
    for words, body in reps.items():
        rep = post(client, "/visits/representatives", admin, body, 201)
        error = post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": rep["id"]}, 422)
        assert words in error["error"]["fields"]["representative_id"][0]
    # DBS valid today but expiring before the visit also blocks
    short = post(client, "/visits/representatives", admin, {"name": "Sho Rt", "authorised_on": "2020-01-01",
                 "dbs_checked_on": "2020-01-01", "dbs_expires_on": str(today + timedelta(days=3))}, 201)
    post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": short["id"]}, 422)
    ok = post(client, "/visits/representatives", admin, {"name": "Val Id", "authorised_on": "2020-01-01",
              "dbs_checked_on": str(today), "dbs_expires_on": str(today + timedelta(days=900))}, 201)
    planned = post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": ok["id"], "is_lead": True})
    assert [m["name"] for m in planned["team"]] == ["Val Id"]


def test_visit_record_report_and_accuracy_clock(client, admin, world):
    today = clock.today()
    org = organisation(client, admin, "Riverside Care", "provider", "manager@riverside.example")
    visit = post(client, "/visits/", admin, {"organisation_id": org["id"], "premises": "Riverside lounge",
                                             "planned_on": str(today), "visit_type": "unannounced",
                                             "unannounced_reason": "Serious concerns raised", "regulator_activity_checked": True}, 201)
    post(client, "/visits/", admin, {"organisation_id": org["id"], "premises": "X", "planned_on": str(today),
                                     "visit_type": "unannounced"}, 422)  # no reason
    rep = post(client, "/visits/representatives", admin, {"name": "Val Id", "authorised_on": "2020-01-01",
               "dbs_checked_on": str(today), "dbs_expires_on": str(today + timedelta(days=900))}, 201)
    post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": rep["id"], "is_lead": True})
    recorded = post(client, f"/visits/{visit['id']}/record", admin, {"carried_out_on": str(today), "findings": "Warm and clean",
                                                                     "spoke_with_people_using": 6, "spoke_with_staff": 2})
    assert recorded["status"] == "carried_out"
    with_report = post(client, f"/visits/{visit['id']}/report", admin, {})
    checked = post(client, f"/visits/{visit['id']}/accuracy-check", admin, {"sent_on": str(today)})
    assert checked["accuracy_due_on"] == str(clock.add_working_days(today, 10))
    post(client, f"/visits/{visit['id']}/accuracy-response", admin, {"responded_on": str(today - timedelta(days=1))}, 422)
    report = client.get(f"{BASE}/reports/{with_report['report_id']}", headers=admin).get_json()
    assert report["report_type"] == "enter_and_view" and "Warm and clean" in report["body"]


def test_osc_referral(client, admin, world):
    osc = organisation(client, admin, "Alpha Health Scrutiny Committee", "osc")
    other = organisation(client, admin, "Not a committee", "provider")
    post(client, "/powers/referrals", admin, {"organisation_id": other["id"], "matter": "x"}, 422)
    referral = post(client, "/powers/referrals", admin, {"organisation_id": osc["id"], "matter": "Ambulance handovers",
                                                         "issue_refs": str(world.records["alpha"]["issue_id"]), "report_id": world.records["alpha"]["report_id"]}, 201)
    referred = post(client, f"/powers/referrals/{referral['id']}/refer", admin, {"referred_on": "2025-12-19"})
    assert referred["due_on"] == "2026-01-21"
    post(client, f"/powers/referrals/{referral['id']}/response", admin,
         {"status": "responded", "responded_on": "2025-12-18"}, 422)
    done = post(client, f"/powers/referrals/{referral['id']}/response", admin,
                {"status": "closed", "responded_on": "2026-01-10", "outcome": "Item on the March agenda"})
    assert (done["status"], done["outcome"]) == ("closed", "Item on the March agenda")


def test_deadlines_api_lists_every_clock(client, admin, world):
    body = client.get(f"{BASE}/powers/deadlines", headers=admin).get_json()
    kinds = {d["kind"] for d in body["items"]}
    assert {"Request for information", "OSC referral", "Recommendation follow-up"} <= kinds
    assert [d["due_on"] for d in body["items"]] == sorted(d["due_on"] for d in body["items"])
    overdue = client.get(f"{BASE}/powers/deadlines?show=overdue", headers=admin).get_json()
    assert all(d["state"] == "overdue" for d in overdue["items"])
