"""Feedback API and pages: filters, pagination, validation, staff-only contacts."""

from __future__ import annotations

import pytest

from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def test_feedback_api_lists_filters_and_hides_contact_details(client, world):
    headers = bearer(world.tokens["admin_a"])
    body = client.get("/api/v1/networks/alpha/feedback?theme=access&per_page=5", headers=headers).get_json()
    assert body["total"] >= 1 and all(item["theme"] == "access" for item in body["items"])
    assert "email" not in body["items"][0] and body["items"][0]["has_contact"] is True
    assert (
        client.get(
            "/api/v1/networks/alpha/feedback?date_from=2000-01-01&date_to=2000-01-31", headers=headers
        ).get_json()["total"]
        == 0
    )
    assert client.get("/api/v1/networks/alpha/feedback?theme=weather", headers=headers).status_code == 422


def test_feedback_api_records_and_validates(client, world):
    headers = bearer(world.tokens["admin_a"])
    made = client.post(
        "/api/v1/networks/alpha/feedback",
        headers=headers,
        json={
            "channel": "email",
            "theme": "discharge",
            "what_happened": "Sent home without medicines.",
            "service_id": world.records["alpha"]["service_id"],
            "email": "kim@example.org",
        },
    )
    assert made.status_code == 201 and made.get_json()["has_contact"] is True
    too_long = client.post(
        "/api/v1/networks/alpha/feedback",
        headers=headers,
        json={"channel": "email", "theme": "discharge", "what_happened": "x" * 10_001, "service_text": "GP"},
    )
    assert too_long.status_code == 422 and "what_happened" in too_long.get_json()["error"]["fields"]
    other_network_service = client.post(
        "/api/v1/networks/alpha/feedback",
        headers=headers,
        json={
            "channel": "email",
            "theme": "discharge",
            "what_happened": "x",
            "service_id": world.records["beta"]["service_id"],
        },
    )
    assert other_network_service.status_code == 422


def test_contacts_api_is_staff_only(client, world):
    assert client.get("/api/v1/networks/alpha/contacts", headers=bearer(world.tokens["admin_a"])).status_code == 200
    sign_in(client, "member-a@example.org")
    assert client.get("/api/v1/networks/alpha/contacts").status_code == 403


def test_members_read_feedback_scrubbed_and_staff_the_original(client, world):
    """Pages and API alike: a member never sees the names, numbers and dates people typed."""
    text = (
        "my mum joanne whitfield (07700 900456, jo dot whitfield at gmail dot com) was sent home "
        "on 4 November 2026 from Rose Cottage Surgery"
    )
    made = client.post(
        "/api/v1/networks/alpha/feedback",
        headers=bearer(world.tokens["admin_a"]),
        json={
            "channel": "email",
            "theme": "discharge",
            "what_happened": text,
            "service_id": world.records["alpha"]["service_id"],
        },
    )
    assert made.status_code == 201 and made.get_json()["what_happened"] == text  # staff: the original
    feedback_id = made.get_json()["id"]
    secrets = ("joanne", "whitfield", "07700", "gmail", "4 November")
    sign_in(client, "member-a@example.org")
    page = client.get(f"/networks/alpha/feedback/{feedback_id}").get_data(as_text=True)
    one = client.get(f"/api/v1/networks/alpha/feedback/{feedback_id}").get_json()["what_happened"]
    listed = [
        item["what_happened"]
        for item in client.get("/api/v1/networks/alpha/feedback?per_page=100").get_json()["items"]
        if item["id"] == feedback_id
    ]
    for shown in (page, one, *listed):
        assert "Rose Cottage Surgery" in shown and "November 2026" in shown
        assert not any(secret in shown for secret in secrets), shown
    assert listed, "the member's list has the record"
    sign_in(client, "staff-a@example.org")
    page = client.get(f"/networks/alpha/feedback/{feedback_id}").get_data(as_text=True)
    assert "joanne whitfield" in page and "07700 900456" in page
