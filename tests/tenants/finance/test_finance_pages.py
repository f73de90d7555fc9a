"""Finance pages: GOV.UK error summaries for bad money and receipts, the 409 of a closed year,
budget against actual with its chart and table, claims and import."""

from __future__ import annotations

import io

import pytest

from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")
BASE = "/networks/alpha/finance"


def test_year_page_shows_chart_and_table_of_budget_against_actual(client, world):
    sign_in(client, world.users["staff_a"].email)
    page = client.get(f"{BASE}/years/{world.records['alpha']['year_id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'role="img"' in html and "Budget against actual per budget line" in html
    assert "£1,500.00" in html and "£100.00" in html  # events: budget, and 120 - 20 spent
    assert "Q1 (April to June)" in html
    csv = client.get(f"{BASE}/years/{world.records['alpha']['year_id']}/entries.csv").get_data(as_text=True)
    assert "-120.00" in csv and "50000.00" in csv


def test_bad_money_in_forms_is_a_field_error(client, world):
    sign_in(client, world.users["staff_a"].email)
    for amount, words in (("12.345", "2 decimal places"), ("-3", "positive"), ("lots", "number of pounds")):
        response = client.post(
            f"{BASE}/spending/new",
            data={
                "entry_on": ["3", "5", "2026"],
                "counterparty": "Printers",
                "category": "events",
                "amount": amount,
                "work_item_id": "0",
            },
        )
        assert response.status_code == 200
        assert words in response.get_data(as_text=True)
        assert "govuk-error-message" in response.get_data(as_text=True)
    year = world.records["alpha"]["year_id"]
    response = client.post(f"{BASE}/years/{year}/budget", data={"events": "1.001", "staffing": "10"})
    assert "2 decimal places" in response.get_data(as_text=True)


def test_receipt_upload_checks_content_and_size(client, world):
    sign_in(client, world.users["staff_a"].email)
    entry = world.records["alpha"]["entry_id"]
    response = client.post(
        f"{BASE}/entries/{entry}",
        data={"file": (io.BytesIO(b"<html>not a receipt"), "receipt.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "govuk-error-summary" in html and "must be a PDF" in html
    ok = client.post(
        f"{BASE}/entries/{entry}",
        data={"file": (io.BytesIO(b"\xff\xd8\xff\xe0 jpeg"), "till.jpg")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    assert "till.jpg" in client.get(f"{BASE}/entries/{entry}").get_data(as_text=True)


def test_editing_a_closed_years_entry_is_409_with_the_reason(client, world):
    sign_in(client, world.users["admin_a"].email)
    year, entry, claim = (world.records["alpha"][k] for k in ("year_id", "entry_id", "claim_id"))
    client.post(f"{BASE}/claims/{claim}", data={"decision": "reject", "note": "Duplicate"})
    assert client.post(f"{BASE}/years/{year}/close").status_code == 302
    for url in (f"{BASE}/entries/{entry}/edit", f"{BASE}/years/{year}/budget"):
        response = client.get(url)
        assert response.status_code == 409
        assert "was closed on" in response.get_data(as_text=True)
    assert client.post(f"{BASE}/entries/{entry}/edit", data={"counterparty": "x"}).status_code == 409
    adjust = client.get(f"{BASE}/entries/{entry}/adjust")
    assert adjust.status_code == 200


def test_members_claim_and_staff_other_than_the_claimant_decide(client, world):
    sign_in(client, world.users["member_a"].email)
    response = client.post(
        f"{BASE}/claims/new",
        data={
            "spent_on": ["3", "5", "2025"],
            "description": "Parking",
            "expenses": "2.20",
            "miles": "10",
        },
    )
    assert response.status_code == 302
    claim_url = response.headers["Location"]
    assert "£6.70" in client.get(claim_url).get_data(as_text=True)  # 2.20 + 10 miles at 45p
    assert client.get(f"{BASE}/").status_code == 403  # the ledger is the host's
    assert client.post(claim_url, data={"decision": "approve"}).status_code == 403
    client.get("/sign-out")
    sign_in(client, world.users["staff_a"].email)
    rejected = client.post(claim_url, data={"decision": "reject", "note": ""})
    assert "Enter why the claim is rejected" in rejected.get_data(as_text=True)
    assert client.post(claim_url, data={"decision": "approve"}).status_code == 302
    assert client.post(claim_url + "/pay").status_code == 302
    assert "Paid" in client.get(claim_url).get_data(as_text=True)


def test_import_page_lists_line_errors_and_imports_nothing(client, world):
    sign_in(client, world.users["staff_a"].email)
    bad = b"date,counterparty,amount\n2026-04-01,Council,100\nnot a date,Printers,-3\n"
    response = client.post(
        f"{BASE}/import", data={"file": (io.BytesIO(bad), "bank.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "Line 3: the date must be a real date" in response.get_data(as_text=True)
    good = b"date,counterparty,amount\n2026-04-01,Council,100\n"
    checked = client.post(
        f"{BASE}/import", data={"file": (io.BytesIO(good), "bank.csv")}, content_type="multipart/form-data"
    )
    token = checked.get_data(as_text=True).split('name="confirm" value="')[1].split('"')[0]
    assert client.post(f"{BASE}/import", data={"confirm": token}).status_code == 302
