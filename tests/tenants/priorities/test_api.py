"""API: criteria, scores (PUT upserts), the ranking, work items and task groups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from linkhub.platform import services
from linkhub.platform.db import db
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")
BASE = "/api/v1/networks/alpha"


@pytest.fixture
def member(world):
    _, secret = services.create_token(world.users["member_a"], name="scoring", role="member", network=world.a)
    db.session.commit()
    return bearer(secret)


def test_criteria_list_filter_and_create(client, world, admin, member):
    listed = client.get(f"{BASE}/priorities/criteria?per_page=1", headers=member).get_json()
    assert (listed["total"], listed["items"][0]["name"]) == (2, "Severity") and listed["next_cursor"]
    rest = client.get(
        f"{BASE}/priorities/criteria?per_page=1&cursor={listed['next_cursor']}", headers=member
    ).get_json()
    assert len(rest["items"]) == 1 and rest["items"][0]["name"] != "Severity" and rest["next_cursor"] is None
    refused = client.post(f"{BASE}/priorities/criteria", json={"name": "Inequality", "weight": 1}, headers=member)
    assert refused.status_code == 403
    for weight in (0, -1, 101, 1.5, "2"):
        bad = client.post(f"{BASE}/priorities/criteria", json={"name": "Inequality", "weight": weight}, headers=admin)
        assert bad.status_code == 422 and "weight" in bad.get_json()["error"]["fields"], weight
    made = client.post(
        f"{BASE}/priorities/criteria",
        headers=admin,
        json={"name": "LINk can make a difference", "weight": 2, "direction": "positive"},
    )
    assert made.status_code == 201 and made.get_json()["position"] == 3
    duplicate = client.post(f"{BASE}/priorities/criteria", json={"name": "severity", "weight": 1}, headers=admin)
    assert duplicate.status_code == 409
    retired = client.patch(f"{BASE}/priorities/criteria/{made.get_json()['id']}", json={"active": False}, headers=admin)
    assert retired.status_code == 200 and retired.get_json()["active"] is False
    active = client.get(f"{BASE}/priorities/criteria?active=true", headers=member).get_json()
    assert [c["name"] for c in active["items"]] == ["Severity", "Others already acting"]


def test_put_scores_upserts_and_validates(client, world, member):
    criteria = {
        c["name"]: c["id"] for c in client.get(f"{BASE}/priorities/criteria", headers=member).get_json()["items"]
    }
    url = f"{BASE}/priorities/issues/{world.records['alpha']['issue_id']}/scores"
    body = {
        "scores": [
            {"criterion_id": criteria["Severity"], "score": 1},
            {"criterion_id": criteria["Others already acting"], "score": 4},
        ]
    }
    first = client.put(url, json=body, headers=member)
    assert first.status_code == 200 and {s["score"] for s in first.get_json()} == {1, 4}
    body["scores"][0]["score"] = 3
    again = client.put(url, json=body, headers=member).get_json()
    assert sorted(s["score"] for s in again) == [3, 4] and len(again) == 2
    mine = client.get(f"{BASE}/priorities/scores", headers=member).get_json()
    assert mine["total"] == 2 and {s["user_id"] for s in mine["items"]} == {world.users["member_a"].id}
    everyone = client.get(
        f"{BASE}/priorities/scores?criterion_id={criteria['Severity']}", headers=bearer(world.tokens["admin_a"])
    ).get_json()
    assert everyone["total"] == 3
    for bad in (6, -1, 2.5, "3"):
        refused = client.put(
            url, json={"scores": [{"criterion_id": criteria["Severity"], "score": bad}]}, headers=member
        )
        assert refused.status_code == 422, bad
        assert refused.get_json()["error"]["code"] == "validation_error"
    assert client.put(url, json={"scores": []}, headers=member).status_code == 422
    unknown = client.put(url, json={"scores": [{"criterion_id": 999_999, "score": 2}]}, headers=member)
    assert unknown.status_code == 422 and "scores" in unknown.get_json()["error"]["fields"]
    assert client.get(f"{BASE}/priorities/scores", headers=member).get_json()["total"] == 2  # nothing half-written
    ranked = client.get(f"{BASE}/priorities/ranking", headers=member).get_json()
    top = ranked["items"][0]
    assert top["scorers"] == 3 and top["few_scorers"] is False and top["in_work_programme"] is True
    assert top["priority_score"] == pytest.approx((3 * (4 + 5 + 3) / 3 + (5 - (1 + 2 + 4) / 3)) / 4, abs=1e-4)


def test_scores_need_a_token_to_write(client, world):
    from tests.helpers import sign_in

    sign_in(client, world.users["member_a"].email)
    url = f"{BASE}/priorities/issues/{world.records['alpha']['issue_id']}/scores"
    assert client.put(url, json={"scores": [{"criterion_id": 1, "score": 1}]}).status_code == 401
    assert client.get(f"{BASE}/priorities/ranking").status_code == 200  # a session may read


def test_work_items_filters_pagination_and_group_ending(client, world, admin, member):
    target = (date.today() + timedelta(days=10)).isoformat()
    group = world.records["alpha"]["task_group_id"]
    made = client.post(
        f"{BASE}/work-programme/items",
        headers=admin,
        json={
            "title": "Visit ward 4",
            "owner": "Rita",
            "outcome": "Report within 20 working days",
            "target_date": target,
            "task_group_id": group,
            "linked_kind": "visit",
            "linked_id": 7,
        },
    )
    assert made.status_code == 201 and made.get_json()["status"] == "not_started"
    assert client.post(f"{BASE}/work-programme/items", json={"title": "x"}, headers=member).status_code == 403
    bad = client.post(
        f"{BASE}/work-programme/items",
        headers=admin,
        json={"title": "No outcome", "owner": "Jo", "outcome": "", "target_date": target},
    )
    assert bad.status_code == 422 and "outcome" in bad.get_json()["error"]["fields"]
    bad_status = client.post(
        f"{BASE}/work-programme/items",
        headers=admin,
        json={"title": "t", "owner": "Jo", "outcome": "o", "target_date": target, "status": "nearly"},
    )
    assert bad_status.status_code == 422
    page = client.get(f"{BASE}/work-programme/items?per_page=1", headers=member)
    assert page.get_json()["total"] == 2 and 'rel="next"' in page.headers["Link"]
    assert page.get_json()["items"][0]["title"] == "Visit ward 4"  # soonest target first
    assert client.get(f"{BASE}/work-programme/items?status=in_progress", headers=member).get_json()["total"] == 1
    assert client.get(f"{BASE}/work-programme/items?status=nonsense", headers=member).status_code == 422
    assert client.get(f"{BASE}/work-programme/items?overdue=true", headers=member).get_json()["total"] == 0
    for item_id in (made.get_json()["id"], world.records["alpha"]["work_item_id"]):
        done = client.patch(f"{BASE}/work-programme/items/{item_id}", json={"status": "done"}, headers=admin)
        assert done.status_code == 200 and done.get_json()["completed_date"] == date.today().isoformat()
    ended = client.get(f"{BASE}/work-programme/task-groups/{group}", headers=member).get_json()
    assert ended["ended_on"] == date.today().isoformat()
    assert client.get(f"{BASE}/work-programme/task-groups?active=false", headers=member).get_json()["total"] == 1
    assert (
        client.get(f"{BASE}/work-programme/items?task_group_id={group}&status=done", headers=member).get_json()["total"]
        == 2
    )


def test_task_groups_api(client, world, admin, member):
    person = world.records["alpha"]["person_id"]  # a person of the register (tests/worlds/governance.py)
    made = client.post(
        f"{BASE}/work-programme/task-groups",
        json={"name": "Mental health group", "member_ids": [person]},
        headers=admin,
    )
    assert made.status_code == 201 and made.get_json()["ended_on"] is None
    assert made.get_json()["members"] == [{"person_id": person, "name": "Chris Chair"}]
    typed = client.post(
        f"{BASE}/work-programme/task-groups", json={"name": "Typed names", "member_ids": [999999]}, headers=admin
    )
    assert typed.status_code == 422 and "member_ids" in typed.get_json()["error"]["fields"]
    assert client.post(f"{BASE}/work-programme/task-groups", json={"name": ""}, headers=admin).status_code == 422
    renamed = client.patch(
        f"{BASE}/work-programme/task-groups/{made.get_json()['id']}", json={"purpose": "Crisis care"}, headers=admin
    )
    assert renamed.get_json()["purpose"] == "Crisis care"
    assert client.get(f"{BASE}/work-programme/task-groups?active=true", headers=member).get_json()["total"] == 2


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/networks/{network_slug}/priorities/issues/{issue_id}/scores",
        "/api/v1/networks/{network_slug}/priorities/criteria/{criterion_id}",
        "/api/v1/networks/{network_slug}/work-programme/items/{work_item_id}",
    ):
        assert path in paths, path
    assert "put" in paths["/api/v1/networks/{network_slug}/priorities/issues/{issue_id}/scores"]
