"""API: OpenAPI document, one error shape, pagination, networks, me, memberships, tokens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from linkhub.platform import services
from linkhub.platform.db import db
from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")
NEW_NETWORK = {
    "slug": "gamma",
    "name": "Gamma LINk",
    "local_authority": "Gamma Council",
    "region": "London",
    "host_organisation": "Gamma CVS",
}


def assert_error_shape(response, status: int):
    assert response.status_code == status, response.data[:400]
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


def test_openapi_document_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/v1/networks",
        "/api/v1/me",
        "/api/v1/networks/{network_slug}/memberships",
        "/api/v1/networks/{network_slug}/tokens",
        "/api/v1/networks/{network_slug}/directory/providers",
    ):
        assert path in spec["paths"], path
    assert client.get("/api/v1/docs").status_code == 200


def test_public_network_list_is_paginated_with_link_header(client, world):
    for i in range(3):
        services.create_network(
            slug=f"extra-{i}", name=f"Extra {i}", local_authority="x", region="London", host_organisation="y"
        )
    db.session.commit()
    first = client.get("/api/v1/networks?per_page=2")
    body = first.get_json()
    assert (body["per_page"], body["total"], body["total_at_least"], len(body["items"])) == (2, 5, 5, 2)
    assert 'rel="first"' in first.headers["Link"] and 'rel="next"' in first.headers["Link"]
    # Follow the cursors: every network once, in name order, and the last page says so.
    names, response = [n["name"] for n in body["items"]], first
    while response.get_json()["next_cursor"]:
        next_url = next(
            part.split(">")[0].lstrip(" <") for part in response.headers["Link"].split(",") if 'rel="next"' in part
        )
        response = client.get(next_url)
        assert response.status_code == 200 and response.get_json()["total"] is None  # counted on page 1 only
        names += [n["name"] for n in response.get_json()["items"]]
    assert names == sorted(names) and len(names) == len(set(names)) == 5
    assert 'rel="next"' not in response.headers["Link"]
    assert client.get("/api/v1/networks?cursor=not-a-cursor").status_code == 422


def test_suspended_networks_are_hidden_from_the_public(client, world):
    services.set_network_status(world.b, "suspended")
    db.session.commit()
    slugs = [n["slug"] for n in client.get("/api/v1/networks").get_json()["items"]]
    assert slugs == ["alpha"]
    assert client.get("/api/v1/networks/beta").status_code == 404
    operator = client.get("/api/v1/networks", headers=bearer(world.tokens["operator"])).get_json()
    assert {n["slug"] for n in operator["items"]} == {"alpha", "beta"}


def test_operator_creates_and_suspends_a_network(client, world):
    headers = bearer(world.tokens["operator"])
    created = client.post("/api/v1/networks", json=NEW_NETWORK, headers=headers)
    assert created.status_code == 201 and created.get_json()["slug"] == "gamma"
    patched = client.patch("/api/v1/networks/gamma", json={"status": "suspended"}, headers=headers)
    assert patched.get_json()["status"] == "suspended"


def test_only_operators_create_networks(client, world):
    assert_error_shape(client.post("/api/v1/networks", json=NEW_NETWORK), 401)
    assert_error_shape(client.post("/api/v1/networks", json=NEW_NETWORK, headers=bearer(world.tokens["admin_a"])), 403)


def test_validation_errors_are_422_with_field_messages(client, world):
    error = assert_error_shape(
        client.post(
            "/api/v1/networks", json={"slug": "Bad Slug!", "region": "Mars"}, headers=bearer(world.tokens["operator"])
        ),
        422,
    )
    assert {"slug", "region", "name", "local_authority", "host_organisation"} <= set(error["fields"])


def test_malformed_json_is_400_in_the_error_shape(client, world):
    response = client.post(
        "/api/v1/networks", data="{not json", content_type="application/json", headers=bearer(world.tokens["operator"])
    )
    assert_error_shape(response, 400)


def test_duplicate_is_409_and_unknown_is_404(client, world):
    headers = bearer(world.tokens["operator"])
    error = assert_error_shape(
        client.post("/api/v1/networks", json=NEW_NETWORK | {"slug": "alpha"}, headers=headers), 409
    )
    assert "slug" in error["fields"]
    assert_error_shape(client.get("/api/v1/networks/nowhere"), 404)
    assert_error_shape(client.get("/api/v1/no-such-endpoint"), 404)


def test_bad_expired_and_revoked_tokens_are_401(client, world):
    assert_error_shape(client.get("/api/v1/me", headers=bearer("lh_nonsense")), 401)
    token, secret = services.create_token(
        world.users["staff_a"],
        name="old",
        role="staff",
        network=world.a,
        expires_at=datetime.now(timezone.utc) - timedelta(minutes=1),
    )
    db.session.commit()
    assert_error_shape(client.get("/api/v1/me", headers=bearer(secret)), 401)
    me = client.get("/api/v1/me", headers=bearer(world.tokens["admin_a"]))
    assert me.get_json()["email"] == "admin-a@example.org"
    revoke = client.delete(
        f"/api/v1/networks/alpha/tokens/{world.records['alpha']['token_id']}", headers=bearer(world.tokens["admin_a"])
    )
    assert revoke.status_code == 204
    assert_error_shape(client.get("/api/v1/me", headers=bearer(world.tokens["admin_a"])), 401)


def test_token_is_bound_to_its_network(client, world):
    assert (
        client.get("/api/v1/networks/alpha/directory/providers", headers=bearer(world.tokens["admin_a"])).status_code
        == 200
    )
    assert_error_shape(
        client.get("/api/v1/networks/beta/directory/providers", headers=bearer(world.tokens["admin_a"])), 404
    )


def test_network_admin_manages_memberships(client, world):
    """Adding is an invitation (tests/platform/test_people.py); listing and removing stay."""
    headers = bearer(world.tokens["admin_a"])
    invited = client.post(
        "/api/v1/networks/alpha/memberships", json={"email": "reader@example.org", "role": "member"}, headers=headers
    )
    assert invited.status_code == 202 and invited.get_json()["status"] == "invited"
    listed = client.get("/api/v1/networks/alpha/memberships", headers=headers).get_json()
    assert "reader@example.org" not in {m["user"]["email"] for m in listed["items"]}  # not without consent
    member = next(m for m in listed["items"] if m["user"]["email"] == "member-a@example.org")
    removed = client.delete(f"/api/v1/networks/alpha/memberships/{member['id']}", headers=headers)
    assert removed.status_code == 204


def test_tokens_are_created_for_roles_held_and_shown_once(client, world):
    from tests.helpers import sign_in

    sign_in(client, world.users["staff_a"].email)
    # Session cookies do not authorise API writes: a token is needed.
    assert client.post("/api/v1/networks/alpha/tokens", json={"name": "x", "role": "staff"}).status_code == 401
    headers = bearer(world.tokens["admin_a"])
    created = client.post(
        "/api/v1/networks/alpha/tokens", json={"name": "nope", "role": "network_admin"}, headers=headers
    )
    assert created.status_code == 403  # tokens cannot mint tokens


def test_cookie_sessions_may_read_the_api(client, world):
    from tests.helpers import sign_in

    sign_in(client, world.users["staff_a"].email)
    assert client.get("/api/v1/networks/alpha/directory/providers").status_code == 200
    assert client.get("/api/v1/networks/beta/directory/providers").status_code == 403


def test_directory_api_validates_and_isolates(client, world):
    headers = bearer(world.tokens["admin_a"])
    bad = assert_error_shape(
        client.post(
            "/api/v1/networks/alpha/directory/services",
            json={"provider_id": world.records["beta"]["provider_id"], "name": "X", "service_type": "gp"},
            headers=headers,
        ),
        422,
    )
    assert "provider_id" in bad["fields"]
    good = client.post(
        "/api/v1/networks/alpha/directory/services",
        json={"provider_id": world.records["alpha"]["provider_id"], "name": "Outpatients", "service_type": "hospital"},
        headers=headers,
    )
    assert good.status_code == 201
    listed = client.get("/api/v1/networks/alpha/directory/services?service_type=hospital", headers=headers).get_json()
    assert [s["name"] for s in listed["items"]] == ["Outpatients"]
    assert_error_shape(
        client.get("/api/v1/networks/alpha/directory/services?service_type=spaceship", headers=headers), 422
    )


def test_an_id_beyond_the_integer_range_is_404_not_a_database_error(client, world):
    """PostgreSQL refuses to compare an integer column with a larger number: the URL converter
    stops such ids first, on every route (web and API)."""
    sign_in(client, world.users["staff_a"].email)
    huge = 10**20
    assert client.get(f"/networks/{world.a.slug}/issues/{huge}").status_code == 404
    assert_error_shape(client.get(f"/api/v1/networks/{world.a.slug}/issues/{huge}"), 404)
    assert client.get(f"/networks/{world.a.slug}/issues/{2**31}").status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    param = spec["paths"]["/api/v1/networks/{network_slug}/issues/{issue_id}"]["parameters"]
    assert {
        "name": "issue_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
    } in param
