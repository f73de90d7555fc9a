"""Finances through the API: entries in pence, budget against actual per line and quarter,
closing a year (409 with the reason), adjusting entries, receipts, expense claims, CSV import."""

from __future__ import annotations

import io

import pytest

from linkhub.platform import services as platform
from linkhub.platform.db import db
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")
BASE = "/api/v1/networks/alpha/finance"


def post(client, path, headers, body, status):
    response = client.post(BASE + path, headers=headers, json=body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def spend(client, headers, day, category, amount, status=201, **extra):
    body = {"kind": "spending", "date": day, "category": category, "counterparty": "Printers Ltd", "amount": amount}
    return post(client, "/entries", headers, {**body, **extra}, status)


def test_budget_against_actual_per_line_and_quarter(client, admin):
    year = post(client, "/years", admin, {"start_year": 2026}, 201)
    post(client, f"/years/{year['id']}/budget", admin, {"category": "communications", "amount": "1000.00"}, 200)
    spend(client, admin, "2026-04-30", "communications", "100.10")  # Q1
    spend(client, admin, "2026-10-01", "communications", "0.25")  # Q3
    spend(client, admin, "2027-03-31", "events", "50")  # Q4, still 2026-27
    post(
        client,
        "/entries",
        admin,
        {"kind": "income", "date": "2026-04-01", "category": "la_grant", "counterparty": "Council", "amount": "60,000"},
        201,
    )
    figures = client.get(f"{BASE}/years/{year['id']}", headers=admin).get_json()
    lines = {line["category"]: line for line in figures["lines"]}
    assert lines["communications"] == {
        "category": "communications",
        "label": "Communications",
        "budget_pence": 100000,
        "actual_pence": 10035,
        "remaining_pence": 89965,
        "quarters": [10010, 0, 25, 0],
    }
    assert lines["events"]["quarters"] == [0, 0, 0, 5000]
    assert figures["income"] == {"la_grant": 6000000, "other_income": 0}
    assert figures["spent_pence"] == 15035 and figures["quarter_totals"] == [10010, 0, 25, 5000]


@pytest.mark.parametrize(
    "amount,message",
    [("ten pounds", "number of pounds"), ("-5", "positive"), ("1.999", "2 decimal places"), (12.5, "string")],
)
def test_bad_money_is_a_field_error_and_nothing_is_written(client, admin, amount, message):
    before = client.get(f"{BASE}/entries", headers=admin).get_json()["total"]
    error = spend(client, admin, "2026-05-01", "events", amount, status=422)
    assert message in error["error"]["fields"]["amount"][0]
    assert client.get(f"{BASE}/entries", headers=admin).get_json()["total"] == before


def test_a_closed_year_refuses_changes_with_409_and_takes_adjusting_entries(client, admin, world):
    year_id = world.records["alpha"]["year_id"]
    entry_id = world.records["alpha"]["entry_id"]
    # the world's claim of that year must be decided first
    claim_id = world.records["alpha"]["claim_id"]
    refused = post(client, f"/years/{year_id}/close", admin, None, 409)
    assert "expense claims" in refused["error"]["message"]
    post(client, f"/claims/{claim_id}/reject", admin, {"note": "No receipt"}, 200)
    post(client, f"/years/{year_id}/close", admin, None, 200)

    response = client.patch(f"{BASE}/entries/{entry_id}", headers=admin, json={"counterparty": "Someone else"})
    assert response.status_code == 409
    assert "was closed on" in response.get_json()["error"]["message"]
    assert "adjusting entry" in response.get_json()["error"]["message"]
    post(client, f"/years/{year_id}/budget", admin, {"category": "events", "amount": "1.00"}, 409)
    spend(client, admin, "2025-07-01", "events", "5.00", status=409)
    upload = client.post(
        f"{BASE}/entries/{entry_id}/receipts",
        headers=admin,
        data={"file": (io.BytesIO(b"%PDF-1.4 x"), "r.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 409
    # an adjusting entry dated in a closed year is refused; today's is taken
    post(client, f"/entries/{entry_id}/adjustments", admin, {"amount": "-5", "reason": "x", "date": "2025-08-01"}, 409)
    adjustment = post(client, f"/entries/{entry_id}/adjustments", admin, {"amount": "-5.00", "reason": "Refund"}, 201)
    assert adjustment["adjusts_id"] == entry_id and adjustment["amount_pence"] == -500
    assert adjustment["year_id"] != year_id
    assert client.get(f"{BASE}/entries/{entry_id}", headers=admin).get_json()["counterparty"].startswith("Alpha")


def test_receipts_are_checked_by_size_and_content(client, admin, world):
    entry_id = world.records["alpha"]["entry_id"]

    def upload(content, name):
        return client.post(
            f"{BASE}/entries/{entry_id}/receipts",
            headers=admin,
            data={"file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )

    fake = upload(b"MZ\x90\x00 not a pdf", "receipt.pdf")  # the name says PDF, the content does not
    assert fake.status_code == 422 and "PDF" in fake.get_json()["error"]["fields"]["file"][0]
    big = upload(b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf")
    assert big.status_code == 422 and "10 MB" in big.get_json()["error"]["fields"]["file"][0]
    entry = client.get(f"{BASE}/entries/{entry_id}", headers=admin).get_json()
    assert len(entry["receipts"]) == 1  # only the world's receipt: nothing stored
    png = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo.jpeg")
    assert png.status_code == 201 and png.get_json()["content_type"] == "image/png"


def test_expense_claims_need_another_person_to_approve_and_pay_records_spending(client, admin, world):
    # staff member claims for themselves and may not approve their own claim
    _, staff_secret = platform.create_token(world.users["staff_a"], name="t", role="staff", network=world.a)
    _, member_secret = platform.create_token(world.users["member_a"], name="t", role="member", network=world.a)
    db.session.commit()
    staff, member = bearer(staff_secret), bearer(member_secret)
    year = world.records["alpha"]["year_id"]
    post(client, f"/years/{year}/mileage-rate", admin, {"mileage_rate": "0.40"}, 200)
    claim = post(
        client,
        "/claims",
        staff,
        {"date": "2025-09-10", "description": "Visit", "expenses": "3.50", "miles": "12.5"},
        201,
    )
    assert claim["mileage_pence"] == 500 and claim["total_pence"] == 850
    refused = post(client, f"/claims/{claim['id']}/approve", staff, {}, 403)
    assert "other than the claimant" in refused["error"]["message"]
    post(client, f"/claims/{claim['id']}/pay", admin, None, 409)  # not approved yet
    approved = post(client, f"/claims/{claim['id']}/approve", admin, {}, 200)
    assert approved["status"] == "approved"
    paid = post(client, f"/claims/{claim['id']}/pay", admin, None, 200)
    entry = client.get(f"{BASE}/entries/{paid['entry_id']}", headers=admin).get_json()
    assert entry["category"] == "volunteer_expenses" and entry["amount_pence"] == 850
    # members: their own claims only, and no ledger
    mine = client.get(f"{BASE}/claims", headers=member).get_json()
    assert {c["claimant_id"] for c in mine["items"]} == {world.users["member_a"].id}
    assert client.get(f"{BASE}/claims/{claim['id']}", headers=member).status_code == 404
    assert client.get(f"{BASE}/entries", headers=member).status_code == 403
    bad = post(client, "/claims", member, {"date": "2025-09-10", "description": "x", "miles": "a lot"}, 422)
    assert "miles" in bad["error"]["fields"]


def test_csv_import_is_all_or_nothing_with_line_numbers(client, admin):
    before = client.get(f"{BASE}/entries", headers=admin).get_json()["total"]
    bad = (
        "date,counterparty,amount,category\n"
        "2026-04-03,Council,60000.00,la_grant\n"
        "31/04/2026,Printers,-10.00,communications\n"
        "2026-05-01,Printers,-1.234,communications\n"
        "2026-05-02,Hall,-20,parties\n"
        "2025-05-02,Hall,-20,events\n"
    )
    response = client.post(
        f"{BASE}/import?dry_run=false",
        headers=admin,
        data={"file": (io.BytesIO(bad.encode()), "bank.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    messages = response.get_json()["error"]["fields"]["file"]
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5"]
    assert client.get(f"{BASE}/entries", headers=admin).get_json()["total"] == before
    good = "date,counterparty,amount,category,description\n2026-04-03,Council,60000.00,la_grant,Q1\n30/04/2026,Printers,-10.00,Communications,\n"
    response = client.post(
        f"{BASE}/import?dry_run=false",
        headers=admin,
        data={"file": (io.BytesIO(good.encode()), "bank.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"rows": 2, "imported": True, "spending_pence": 1000, "income_pence": 6000000}
    assert client.get(f"{BASE}/entries", headers=admin).get_json()["total"] == before + 2
