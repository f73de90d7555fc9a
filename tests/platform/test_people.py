"""Issue 16 "People" and issue 12 finding 8: joining a network is an invitation the person
accepts (e-mail through the outbox); the API answers the same whether or not the address has
an account; network admins manage roles on the People page; tokens from "Your account"."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from sqlalchemy import func, select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import ApiToken, Invitation, Membership, OutboxEvent, User
from tests.helpers import sign_in


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def _forget_login():
    g.pop("_login_user", None)  # the fixture's app context (and g) outlives each request


def _invitation_secret(email: str) -> str:
    bodies = [
        e.payload["body"]
        for e in db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "email.send").order_by(OutboxEvent.id)
        )
        if e.payload["to"] == [email]
    ]
    assert bodies, f"no invitation e-mail to {email}"
    return re.search(r"/invitations/(lhinv_[\w-]+)", bodies[-1]).group(1)


def _memberships(user_email: str, network_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(Membership.role)
            .join(User, User.id == Membership.user_id)
            .where(User.email == user_email, Membership.network_id == network_id)
        )
    )


def test_api_answers_the_same_whether_or_not_the_address_has_an_account(client, world, db_kind):
    headers = bearer(world.tokens["admin_a"])
    answers = {}
    for email in ("reader@example.org", "nobody@example.org"):  # an account, and none
        response = client.post(
            "/api/v1/networks/alpha/memberships", json={"email": email, "role": "member"}, headers=headers
        )
        body = response.get_json()
        answers[email] = (response.status_code, sorted(body), body["status"], body["role"])
        assert body["email"] == email
    assert (
        answers["reader@example.org"]
        == answers["nobody@example.org"]
        == (202, ["email", "expires_at", "role", "status"], "invited", "member")
    )
    # Nobody was added without consent; each address got an e-mail through the outbox.
    assert _memberships("reader@example.org", world.a.id) == set()
    assert _invitation_secret("reader@example.org") and _invitation_secret("nobody@example.org")
    bad = client.post(
        "/api/v1/networks/alpha/memberships", json={"email": "not an address", "role": "member"}, headers=headers
    )
    assert bad.status_code == 422 and "email" in bad.get_json()["error"]["fields"]


def test_existing_account_accepts_after_signing_in(client, world, db_kind):
    client.post(
        "/api/v1/networks/alpha/memberships",
        json={"email": "Reader@Example.org", "role": "staff"},
        headers=bearer(world.tokens["admin_a"]),
    )
    secret = _invitation_secret("reader@example.org")
    page = client.get(f"/invitations/{secret}").get_data(as_text=True)
    assert "Sign in to accept" in page and "Create your account" not in page
    sign_in(client, "reader@example.org")
    accepted = client.post(f"/invitations/{secret}")
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/networks/alpha/")
    assert _memberships("reader@example.org", world.a.id) == {"staff"}
    _forget_login()
    again = client.get(f"/invitations/{secret}")
    assert again.status_code == 404  # used once


def test_new_person_creates_the_account_from_the_link(client, world, db_kind):
    client.post(
        "/api/v1/networks/alpha/memberships",
        json={"email": "new.person@example.org", "role": "member"},
        headers=bearer(world.tokens["admin_a"]),
    )
    secret = _invitation_secret("new.person@example.org")
    short = client.post(f"/invitations/{secret}", data={"name": "New Person", "password": "short", "confirm": "short"})
    assert short.status_code == 200 and "Passwords must be 12 characters or more" in short.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "new.person@example.org")) is None
    done = client.post(
        f"/invitations/{secret}",
        data={"name": "New Person", "password": "a long password 1", "confirm": "a long password 1"},
    )
    assert done.status_code == 302
    assert _memberships("new.person@example.org", world.a.id) == {"member"}
    assert client.get("/networks/alpha/issues/").status_code == 200  # signed in as the new member


def test_the_wrong_person_cannot_accept(client, world, db_kind):
    client.post(
        "/api/v1/networks/alpha/memberships",
        json={"email": "reader@example.org", "role": "network_admin"},
        headers=bearer(world.tokens["admin_a"]),
    )
    secret = _invitation_secret("reader@example.org")
    sign_in(client, "admin-b@example.org")
    page = client.get(f"/invitations/{secret}").get_data(as_text=True)
    assert "This invitation is for reader@example.org" in page
    client.post(f"/invitations/{secret}")
    assert _memberships("admin-b@example.org", world.a.id) == set()
    assert _memberships("reader@example.org", world.a.id) == set()


def test_expired_withdrawn_and_made_up_links_do_not_work(client, world, db_kind):
    for email in ("one@example.org", "two@example.org"):
        client.post(
            "/api/v1/networks/alpha/memberships",
            json={"email": email, "role": "member"},
            headers=bearer(world.tokens["admin_a"]),
        )
    expired, withdrawn = _invitation_secret("one@example.org"), _invitation_secret("two@example.org")
    one = db.session.scalar(select(Invitation).where(Invitation.email == "one@example.org"))
    one.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sign_in(client, "admin-a@example.org")
    two = db.session.scalar(select(Invitation).where(Invitation.email == "two@example.org"))
    assert client.post(f"/networks/alpha/people/invitations/{two.id}/withdraw").status_code == 302
    _forget_login()
    for secret in (expired, withdrawn, "lhinv_" + "x" * 43, "nothing", "lhinv_" + "y" * 500):
        response = client.get(f"/invitations/{secret}")
        assert response.status_code == 404 and "This invitation link does not work" in response.get_data(as_text=True)


def test_people_page_invites_changes_roles_and_removes(client, world, db_kind):
    sign_in(client, "admin-a@example.org")
    page = client.get("/networks/alpha/people/").get_data(as_text=True)
    assert "member-a@example.org" in page and "admin-b@example.org" not in page  # this network's people only
    invalid = client.post("/networks/alpha/people/", data={"email": "nope", "role": "member"})
    assert "Enter an email address in the correct format" in invalid.get_data(as_text=True)
    sent = client.post(
        "/networks/alpha/people/", data={"email": "friend@example.org", "role": "member"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "We have sent an invitation to friend@example.org" in sent and "2 invitations waiting to be accepted" in sent
    member = db.session.scalar(select(Membership).join(User).where(User.email == "member-a@example.org"))
    changed = client.post(f"/networks/alpha/people/{member.id}/role", data={"role": "staff"}, follow_redirects=True)
    assert "Member A is now host staff in Alpha LINk." in changed.get_data(as_text=True)
    assert _memberships("member-a@example.org", world.a.id) == {"staff"}
    removed = client.post(f"/networks/alpha/people/{member.id}/remove", follow_redirects=True)
    assert "Member A is no longer host staff" in removed.get_data(as_text=True)
    assert _memberships("member-a@example.org", world.a.id) == set()
    # The last network admin cannot be demoted or removed.
    admin = db.session.scalar(select(Membership).join(User).where(User.email == "admin-a@example.org"))
    kept = client.post(f"/networks/alpha/people/{admin.id}/role", data={"role": "member"}).get_data(as_text=True)
    assert "A network must keep at least one network admin" in kept
    assert "A network must keep at least one network admin" in client.post(
        f"/networks/alpha/people/{admin.id}/remove"
    ).get_data(as_text=True)
    assert _memberships("admin-a@example.org", world.a.id) == {"network_admin"}
    # Another network's membership is a 404; staff cannot open the page.
    other = db.session.scalar(select(Membership).join(User).where(User.email == "admin-b@example.org"))
    assert client.get(f"/networks/alpha/people/{other.id}/role").status_code == 404
    _forget_login()
    staff = client.application.test_client()
    sign_in(staff, "staff-a@example.org")
    assert staff.get("/networks/alpha/people/").status_code == 403


def test_tokens_from_your_account_are_shown_once_and_revocable(client, world, db_kind):
    sign_in(client, "staff-a@example.org")
    form = client.get("/account/tokens/new").get_data(as_text=True)
    assert 'value="alpha:staff"' in form and "beta" not in form
    created = client.post(
        "/account/tokens/new", data={"name": "Survey import", "access": "alpha:staff", "expires": "30"}
    )
    assert created.headers["Cache-Control"] == "no-store"
    secret = re.search(r'value="(lh_[\w-]+)"', created.get_data(as_text=True)).group(1)
    assert (
        client.application.test_client()
        .get("/api/v1/networks/alpha/directory/providers", headers=bearer(secret))
        .status_code
        == 200
    )
    account = client.get("/account").get_data(as_text=True)
    assert "Survey import" in account and secret not in account  # never shown again
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Survey import"))
    assert (
        client.post("/account/tokens/new", data={"name": "x", "access": "beta:staff", "expires": "30"}).status_code
        == 200
    )
    assert db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.name == "x")) == 0
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    _forget_login()
    assert (
        client.application.test_client()
        .get("/api/v1/networks/alpha/directory/providers", headers=bearer(secret))
        .status_code
        == 401
    )
    # Someone else's token is a 404.
    other = db.session.scalar(select(ApiToken).where(ApiToken.network_id == world.b.id))
    sign_in(client, "staff-a@example.org")
    assert client.post(f"/account/tokens/{other.id}/revoke").status_code == 404
