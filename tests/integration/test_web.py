"""Pages: sign in/out, CSRF, rate limits, suspended networks, the operator area, error pages."""

from __future__ import annotations

import pytest

from linkhub.platform import services
from linkhub.platform.db import db
from tests.helpers import PASSWORD, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def test_sign_in_with_a_wrong_password_shows_the_error_summary(client, world):
    response = client.post("/sign-in", data={"email": "admin-a@example.org", "password": "wrong-password"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.data and b"Enter a correct email address and password" in response.data
    assert b'href="#email"' in response.data


def test_a_user_in_two_networks_sees_each_at_its_own_url(client, world):
    sign_in(client, "both@example.org")
    alpha = client.get("/networks/alpha/")
    assert b"Switch network" in alpha.data and b"Alpha LINk" in alpha.data
    assert client.get("/switch-network?network=beta").headers["Location"].endswith("/networks/beta/")
    beta_directory = client.get("/networks/beta/directory/")
    assert b"Beta LINk General Hospital" in beta_directory.data
    assert b"Alpha LINk General Hospital" not in beta_directory.data


def test_sign_out_invalidates_the_old_cookie(client, world):
    sign_in(client, "staff-a@example.org")
    cookie = client.get_cookie("session").value
    assert client.post("/sign-out").status_code == 302
    client.set_cookie("session", cookie)  # a stolen copy of the old cookie
    assert client.get("/account").status_code == 302


def test_suspended_network_is_503_for_members_and_404_for_the_public(app, client, world):
    services.set_network_status(world.a, "suspended")
    db.session.commit()
    assert client.get("/networks/alpha/").status_code == 404
    sign_in(client, "member-a@example.org")
    response = client.get("/networks/alpha/")
    assert response.status_code == 503 and b"suspended" in response.data
    assert client.get("/networks/alpha/directory/").status_code == 503


def test_operator_area_is_for_operators_only(client, world):
    assert client.get("/operator/").status_code == 302  # sign in first
    sign_in(client, "admin-a@example.org")
    assert client.get("/operator/").status_code == 403


def test_operator_creates_and_suspends_networks_and_sees_the_audit_log(client, world):
    sign_in(client, "op@example.org")
    for page in ("/operator/", "/operator/networks", "/operator/users", "/operator/outbox", "/operator/audit"):
        assert client.get(page).status_code == 200, page
    bad = client.post("/operator/networks/new", data={"name": "", "slug": "Bad slug"})
    assert b"govuk-error-summary" in bad.data and b"Enter the network name" in bad.data
    made = client.post(
        "/operator/networks/new",
        data={
            "name": "Gamma LINk",
            "slug": "gamma",
            "local_authority": "Gamma",
            "region": "London",
            "host_organisation": "Gamma CVS",
        },
    )
    assert made.status_code == 302
    response = client.post(
        f"/operator/networks/{world.b.id}/status", data={"status": "suspended"}, follow_redirects=True
    )
    assert b"Beta LINk is now suspended" in response.data
    audit = client.get("/operator/audit").data
    assert b"suspended the network" in audit and b"created the network" in audit  # sentences, not codes


def test_staff_add_to_the_directory_and_members_only_read_it(client, world):
    sign_in(client, "member-a@example.org")
    assert client.get("/networks/alpha/directory/").status_code == 200
    assert client.get("/networks/alpha/directory/providers/new").status_code == 403
    client.post("/sign-out")
    sign_in(client, "staff-a@example.org")
    empty = client.post("/networks/alpha/directory/providers/new", data={})
    assert b"govuk-error-summary" in empty.data
    made = client.post("/networks/alpha/directory/providers/new", data={"name": "Alpha Surgery", "kind": "gp_practice"})
    assert made.status_code == 302
    duplicate = client.post(
        "/networks/alpha/directory/providers/new", data={"name": "alpha surgery", "kind": "gp_practice"}
    )
    assert b"already lists a provider" in duplicate.data


def test_error_pages_are_govuk_pages(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and b"Page not found" in response.data and b"govuk-template" in response.data


def test_security_headers_and_cookie_flags(app, client, world):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_a_form_without_csrf_token_is_400_with_a_govuk_page(client, world):
    response = client.post("/sign-in", data={"email": "admin-a@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert b"form could not be sent" in response.data and b"govuk-template" in response.data


@pytest.mark.parametrize("app", [{"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_sign_in_is_rate_limited(client, world):
    for _ in range(3):
        client.post("/sign-in", data={"email": "admin-a@example.org", "password": "wrong"})
    response = client.post("/sign-in", data={"email": "admin-a@example.org", "password": "wrong"})
    assert response.status_code == 429 and b"Too many requests" in response.data
