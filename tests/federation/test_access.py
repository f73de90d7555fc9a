"""Who sees which working groups: the replacement for search's visible_working_group_ids."""

from __future__ import annotations

import pytest

from linkhub.federation.access import visible_working_group_ids
from linkhub.platform.auth import Principal
from tests.federation.conftest import drain, make_group
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")


def test_members_of_member_networks_see_their_groups_national_readers_all(world):
    drain()
    shared = make_group(world, members=[world.b], name="Shared by both")
    alpha_own, beta_own = world.records["alpha"]["group_id"], world.records["beta"]["group_id"]
    users = world.users
    assert visible_working_group_ids(Principal(users["reader"])) is None
    assert visible_working_group_ids(Principal(users["operator"])) is None
    assert visible_working_group_ids(Principal(users["member_a"])) == sorted([alpha_own, shared])
    assert visible_working_group_ids(Principal(users["admin_b"])) == sorted([beta_own, shared])
    assert visible_working_group_ids(Principal(users["both"])) == sorted([alpha_own, beta_own, shared])
    assert visible_working_group_ids(Principal(None)) == []


def test_api_lists_only_visible_groups(client, world):
    response = client.get("/api/v1/federation/working-groups", headers=bearer(world.tokens["admin_a"]))
    assert [g["id"] for g in response.json["items"]] == [world.records["alpha"]["group_id"]]
    assert (
        client.get(
            f"/api/v1/federation/working-groups/{world.records['beta']['group_id']}",
            headers=bearer(world.tokens["admin_a"]),
        ).status_code
        == 404
    )
    assert client.get("/api/v1/federation/working-groups").status_code == 401
    everyone = client.get("/api/v1/federation/pathways").json
    assert [p["slug"] for p in everyone["items"]] == ["ambulance", "mental-health", "specialist-services"]
    assert [s["name"] for s in everyone["items"][0]["stages"]][:2] == ["999 call", "Call handling"]


def test_operator_defines_a_pathway(client, world):
    body = {"name": "Maternity", "stages": ["Booking", "Antenatal care", "Birth", "Postnatal care"]}
    assert client.post(
        "/api/v1/federation/pathways", json=body, headers=bearer(world.tokens["admin_a"])
    ).status_code in (401, 403)
    created = client.post("/api/v1/federation/pathways", json=body, headers=bearer(world.tokens["operator"]))
    assert created.status_code == 201 and created.json["slug"] == "maternity"
    assert (
        client.post("/api/v1/federation/pathways", json=body, headers=bearer(world.tokens["operator"])).status_code
        == 409
    )


def test_operator_sets_up_a_group_and_publishes_a_new_agreement(client, world):
    ops = bearer(world.tokens["operator"])
    body = {
        "name": "Cross-border group",
        "region": "North West",
        "pathway": "mental-health",
        "convenor": "alpha",
        "networks": ["beta"],
        "agreement_text": "Version one.",
        "suppression_threshold": 4,
    }
    assert client.post(
        "/api/v1/federation/working-groups", json=body, headers=bearer(world.tokens["admin_a"])
    ).status_code in (401, 403)
    created = client.post("/api/v1/federation/working-groups", json=body, headers=ops)
    assert created.status_code == 201, created.json
    assert created.json["networks"] == ["alpha", "beta"] and created.json["agreement"]["suppression_threshold"] == 4
    low = client.post(
        f"/api/v1/federation/working-groups/{created.json['id']}/agreements",
        json={"text": "Two.", "suppression_threshold": 2},
        headers=ops,
    )
    assert low.status_code == 422
    two = client.post(
        f"/api/v1/federation/working-groups/{created.json['id']}/agreements", json={"text": "Two."}, headers=ops
    )
    assert two.status_code == 201 and two.json["version"] == 2
    accepted = client.post(
        f"/api/v1/networks/beta/federation/working-groups/{created.json['id']}/accept",
        headers=bearer(world.tokens["admin_b"]),
    )
    assert accepted.status_code == 201 and accepted.json["version"] == 2
    assert accepted.json["accepted_by"] == "admin-b@example.org"
