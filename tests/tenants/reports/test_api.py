"""Reports through the API: two-person approval, publishing, the public API, drafts kept private,
and nothing half-written when sending to another network's organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.reports.models import Report, ReportRecipient
from tests.tenants.powers.helpers import BASE, events, organisation, post

pytestmark = pytest.mark.usefixtures("db_kind")


def test_report_two_people_publish_and_public_api(client, admin, staff, world):
    org = organisation(client, admin, "Alpha Acute Trust", "provider")
    report = post(
        client,
        "/reports/",
        admin,
        {"title": "Discharge from hospital", "summary": "People told us.", "body": "Para one.\n\nPara two."},
        201,
    )
    rid = report["id"]
    post(
        client,
        f"/reports/{rid}/recommendations",
        admin,
        {"text": "Start planning discharge on admission", "organisation_id": org["id"]},
        201,
    )
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
    post(
        client,
        f"/reports/recommendations/{rec_id}/response",
        admin,
        {"response_status": "accepted", "responded_on": "2024-02-28"},
        422,
    )  # before it was sent
    answered = post(
        client,
        f"/reports/recommendations/{rec_id}/response",
        admin,
        {
            "response_status": "accepted",
            "responded_on": "2024-03-20",
            "action_promised": "Checklist",
            "follow_up_on": "2024-09-01",
        },
    )
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

    corrected = post(
        client,
        f"/reports/{rid}/correction",
        admin,
        {"title": "Discharge from hospital (corrected)", "note": "Dates fixed"},
    )
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
