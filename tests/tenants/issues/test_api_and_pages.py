"""Issues and trigger points in the API and on pages: contributor figures, the dashboard."""

from __future__ import annotations

import pytest

from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def test_issue_api_gives_feedback_and_people_counts(client, world):
    headers = bearer(world.tokens["admin_a"])
    issue = client.get(
        f"/api/v1/networks/alpha/issues/{world.records['alpha']['issue_id']}", headers=headers
    ).get_json()
    assert issue["feedback_count"] == 1 and issue["people_count"] == 1 and issue["top_contributor_share"] == 1.0
    made = client.post(
        "/api/v1/networks/alpha/issues",
        headers=headers,
        json={"title": "Discharge", "theme": "discharge", "provider_id": world.records["alpha"]["provider_id"]},
    )
    assert made.status_code == 201
    silent = client.patch(
        f"/api/v1/networks/alpha/issues/{made.get_json()['id']}",
        headers=headers,
        json={"status": "in_progress", "add_feedback_ids": [world.records["alpha"]["feedback_id"]]},
    )
    assert silent.status_code == 409, "the feedback is in the world's issue: moving it must be asked for"
    patched = client.patch(
        f"/api/v1/networks/alpha/issues/{made.get_json()['id']}",
        headers=headers,
        json={
            "status": "in_progress",
            "add_feedback_ids": [world.records["alpha"]["feedback_id"]],
            "move_feedback": True,
        },
    )
    assert patched.get_json()["status"] == "in_progress" and patched.get_json()["feedback_count"] == 1
    wrong = client.patch(
        f"/api/v1/networks/alpha/issues/{made.get_json()['id']}",
        headers=headers,
        json={"add_feedback_ids": [world.records["beta"]["feedback_id"]]},
    )
    assert wrong.status_code == 422


def test_trigger_api(client, world):
    headers = bearer(world.tokens["admin_a"])
    assert client.get("/api/v1/networks/alpha/trigger-points/fired", headers=headers).get_json()["total"] >= 1
    bad = client.post(
        "/api/v1/networks/alpha/trigger-points",
        headers=headers,
        json={"name": "x", "kind": "distinct_people", "threshold": 0, "window_days": 7},
    )
    assert bad.status_code == 422 and "threshold" in bad.get_json()["error"]["fields"]


def test_dashboard_shows_feedback_issues_and_triggers_to_members_only(client, world):
    public = client.get("/networks/alpha/")
    assert b"Share your views" in public.data and b"Trigger points reached" not in public.data
    sign_in(client, "member-a@example.org")
    home = client.get("/networks/alpha/").data
    assert b"Issues and trigger points" in home and b"Anyone in a week" in home
    assert b"<svg" in home and b"By channel" in home  # chart with its data table


def test_issue_pages_show_the_breakdown(client, world):
    sign_in(client, "staff-a@example.org")
    page = client.get(f"/networks/alpha/issues/{world.records['alpha']['issue_id']}").data
    assert (b"distinct person (at most)" in page or b"distinct people" in page) and b"from the top contributor" in page
    assert client.get("/networks/alpha/issues/").status_code == 200
    made = client.post(
        "/networks/alpha/issues/triggers",
        data={"name": "Five in a fortnight", "kind": "distinct_people", "threshold": "5", "window_days": "14"},
    )
    assert made.status_code == 302
    bad = client.post(
        "/networks/alpha/issues/triggers", data={"name": "", "kind": "", "threshold": "0", "window_days": "999"}
    )
    assert b"govuk-error-summary" in bad.data
