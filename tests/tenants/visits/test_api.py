"""Enter and view through the API: DBS and authorisation checks, recording a visit, its report
and the factual-accuracy clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from linkhub.platform import clock
from tests.tenants.powers.helpers import BASE, organisation, post

pytestmark = pytest.mark.usefixtures("db_kind")


def test_expired_dbs_or_authorisation_blocks_assignment(client, admin, world):
    today = clock.today()
    reps = {
        "DBS check expired": {
            "name": "Dee Expired",
            "authorised_on": "2020-01-01",
            "dbs_checked_on": "2020-01-01",
            "dbs_expires_on": str(today - timedelta(days=1)),
        },
        "authorisation expired": {
            "name": "Arthur Lapsed",
            "authorised_on": "2020-01-01",
            "authorisation_expires_on": "2021-01-01",
            "dbs_checked_on": str(today),
            "dbs_expires_on": str(today + timedelta(days=700)),
        },
    }
    org = organisation(client, admin, "Care Home Ltd", "provider")
    visit = post(
        client,
        "/visits/",
        admin,
        {"organisation_id": org["id"], "premises": "Elm House", "planned_on": str(today + timedelta(days=10))},
        201,
    )
    for words, body in reps.items():
        rep = post(client, "/visits/representatives", admin, body, 201)
        error = post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": rep["id"]}, 422)
        assert words in error["error"]["fields"]["representative_id"][0]
    # DBS valid today but expiring before the visit also blocks
    short = post(
        client,
        "/visits/representatives",
        admin,
        {
            "name": "Sho Rt",
            "authorised_on": "2020-01-01",
            "dbs_checked_on": "2020-01-01",
            "dbs_expires_on": str(today + timedelta(days=3)),
        },
        201,
    )
    post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": short["id"]}, 422)
    ok = post(
        client,
        "/visits/representatives",
        admin,
        {
            "name": "Val Id",
            "authorised_on": "2020-01-01",
            "dbs_checked_on": str(today),
            "dbs_expires_on": str(today + timedelta(days=900)),
        },
        201,
    )
    planned = post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": ok["id"], "is_lead": True})
    assert [m["name"] for m in planned["team"]] == ["Val Id"]


def test_visit_record_report_and_accuracy_clock(client, admin, world):
    today = clock.today()
    org = organisation(client, admin, "Riverside Care", "provider", "manager@riverside.example")
    visit = post(
        client,
        "/visits/",
        admin,
        {
            "organisation_id": org["id"],
            "premises": "Riverside lounge",
            "planned_on": str(today),
            "visit_type": "unannounced",
            "unannounced_reason": "Serious concerns raised",
            "regulator_activity_checked": True,
        },
        201,
    )
    post(
        client,
        "/visits/",
        admin,
        {"organisation_id": org["id"], "premises": "X", "planned_on": str(today), "visit_type": "unannounced"},
        422,
    )  # no reason
    rep = post(
        client,
        "/visits/representatives",
        admin,
        {
            "name": "Val Id",
            "authorised_on": "2020-01-01",
            "dbs_checked_on": str(today),
            "dbs_expires_on": str(today + timedelta(days=900)),
        },
        201,
    )
    post(client, f"/visits/{visit['id']}/team", admin, {"representative_id": rep["id"], "is_lead": True})
    recorded = post(
        client,
        f"/visits/{visit['id']}/record",
        admin,
        {
            "carried_out_on": str(today),
            "findings": "Warm and clean",
            "spoke_with_people_using": 6,
            "spoke_with_staff": 2,
        },
    )
    assert recorded["status"] == "carried_out"
    with_report = post(client, f"/visits/{visit['id']}/report", admin, {})
    checked = post(client, f"/visits/{visit['id']}/accuracy-check", admin, {"sent_on": str(today)})
    assert checked["accuracy_due_on"] == str(clock.add_working_days(today, 10))
    post(
        client, f"/visits/{visit['id']}/accuracy-response", admin, {"responded_on": str(today - timedelta(days=1))}, 422
    )
    report = client.get(f"{BASE}/reports/{with_report['report_id']}", headers=admin).get_json()
    assert report["report_type"] == "enter_and_view" and "Warm and clean" in report["body"]
