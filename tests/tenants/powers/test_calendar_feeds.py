"""Secret calendar addresses for the deadlines feed: made once and shown once, fetched with no
session, stopped, replaced, closed by leaving the network, useless on another network's URL,
CSRF on the buttons, rate limited on failed keys, and bad keys never a 500."""

from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from linkhub.platform import services as platform
from linkhub.platform.db import db
from linkhub.platform.tenancy import platform_scope
from linkhub.platform.models import AuditEvent, Membership
from linkhub.tenants.powers.models import CalendarFeed
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")
NEW = "/networks/alpha/powers/deadlines/calendar-address"
STOP = NEW + "/stop"
FEED = "/networks/alpha/powers/deadlines.ics"


def make_address(client) -> str:
    """Press the button; return the address's path and query, read off the page shown once."""
    response = client.post(NEW)
    assert response.status_code == 200 and b"govuk-panel" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    url = re.search(r'value="(http://localhost/[^"]+)"', response.data.decode()).group(1).replace("&amp;", "&")
    assert f'href="webcal://{url.split("://", 1)[1]}"' in response.data.decode()
    return url.removeprefix("http://localhost")


def fetch(app, path: str):
    """As a calendar app: a client with no cookies at all. (The tests' app context outlives
    requests and flask-login caches the signed-in user on ``g``: forget it first.)"""
    g.pop("_login_user", None)
    g.pop("principal", None)
    response = app.test_client().get(path)
    g.pop("_login_user", None)
    return response


def events(feed: str) -> list[str]:
    """The events without their DTSTAMP (the time of the fetch)."""
    blocks = feed.split("BEGIN:VEVENT")[1:]
    return sorted("\n".join(line for line in block.split("\r\n") if not line.startswith("DTSTAMP")) for block in blocks)


def feeds(user) -> list[CalendarFeed]:
    with platform_scope():  # row-level security: a person's addresses in every network
        rows = db.session.scalars(
            select(CalendarFeed).where(CalendarFeed.user_id == user.id).order_by(CalendarFeed.id)
        ).all()
        for row in rows:  # kept as read
            db.session.expunge(row)
        db.session.rollback()
    return rows


def test_address_gives_the_signed_in_feed_without_a_session(app, client, world):
    sign_in(client, world.users["member_a"].email)
    path = make_address(client)
    signed_in = client.get(FEED)
    response = fetch(app, path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"].startswith("private, max-age=")
    assert "Set-Cookie" not in response.headers
    text = response.data.decode()
    assert events(text) == events(signed_in.data.decode()) and text.count("BEGIN:VEVENT") >= 3
    assert "REFRESH-INTERVAL;VALUE=DURATION:" in text and "Beta LINk" not in text
    secret = path.split("key=", 1)[1]
    page = client.get("/networks/alpha/powers/deadlines").data.decode()
    assert secret not in page and "Stop this address" in page and "last fetched it on" in page
    [feed] = feeds(world.users["member_a"])
    assert feed.last_used_at is not None and feed.token_hash != secret and secret.startswith(feed.prefix)
    assert fetch(app, path).status_code == 200  # a second poll soon after does not need to write


def test_without_a_key_the_feed_is_as_before(app, client, world):
    assert fetch(app, FEED).status_code == 302  # to sign in
    sign_in(client, world.users["admin_b"].email)
    assert client.get(FEED).status_code == 403


def test_stopped_address_is_404(app, client, world):
    sign_in(client, world.users["member_a"].email)
    path = make_address(client)
    assert client.post(STOP).status_code == 302
    assert fetch(app, path).status_code == 404
    page = client.get("/networks/alpha/powers/deadlines").data
    assert b"Make a calendar address" in page
    again = client.post(STOP, follow_redirects=True)  # nothing left to stop: said, not a 500
    assert again.status_code == 200 and b"no calendar address" in again.data
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "calendar_feed").order_by(AuditEvent.id)
    ).all()
    details = db.session.scalars(select(AuditEvent.details).where(AuditEvent.entity_type == "calendar_feed")).all()
    db.session.rollback()
    assert actions == ["calendar_feed.created", "calendar_feed.revoked"]
    assert path.split("key=", 1)[1] not in str(details)


def test_new_address_stops_the_old_one(app, client, world):
    sign_in(client, world.users["member_a"].email)
    first, second = make_address(client), make_address(client)
    assert fetch(app, first).status_code == 404
    assert fetch(app, second).status_code == 200
    assert [f.revoked_at is None for f in feeds(world.users["member_a"])] == [False, True]


def test_key_on_another_networks_url_is_404(app, client, world):
    """`both` is staff in alpha and beta: the alpha address still opens nothing of beta."""
    sign_in(client, world.users["both"].email)
    path = make_address(client)
    assert fetch(app, path).status_code == 200
    response = fetch(app, path.replace("/alpha/", "/beta/"))
    assert response.status_code == 404 and b"VCALENDAR" not in response.data
    assert b"Health Trust" not in response.data  # the network's name is public; its deadlines are not


def test_leaving_the_network_or_being_disabled_closes_the_address(app, client, world):
    sign_in(client, world.users["member_a"].email)
    path = make_address(client)
    user = world.users["member_a"]
    with platform_scope():  # row-level security: the person's membership, wherever it is
        membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    platform.remove_membership(membership)
    db.session.commit()
    assert fetch(app, path).status_code == 404
    platform.add_membership(user, world.a, "member")
    user.is_disabled = True
    db.session.commit()
    assert fetch(app, path).status_code == 404


def test_suspended_network_is_404_to_an_address(app, client, world):
    sign_in(client, world.users["member_a"].email)
    path = make_address(client)
    platform.set_network_status(world.a, "suspended")
    db.session.commit()
    assert fetch(app, path).status_code == 404


@pytest.mark.parametrize("key", ["", "nope", "lhcal_" + "A" * 43, "x" * 10_000, "é\u2028\x00", "%00", "lhcal_%ZZ"])
def test_wrong_keys_are_404_never_500(app, client, world, key):
    sign_in(client, world.users["member_a"].email)
    make_address(client)
    response = fetch(app, f"{FEED}?key={key}")
    assert response.status_code == 404
    # a wrong key is a 404 even with a session: the key, not the cookie, decides
    assert client.get(f"{FEED}?key={key}").status_code == 404


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_buttons_need_the_csrf_token(app, client, world):
    sign_in_with_csrf(client, world.users["member_a"].email)
    assert client.post(NEW).status_code == 400
    assert feeds(world.users["member_a"]) == []
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/networks/alpha/powers/deadlines").data.decode()
    ).group(1)
    assert client.post(NEW, data={"csrf_token": token}).status_code == 200
    assert client.post(STOP).status_code == 400
    assert feeds(world.users["member_a"])[0].revoked_at is None
    assert client.post(STOP, data={"csrf_token": token}).status_code == 302
    assert feeds(world.users["member_a"])[0].revoked_at is not None


def sign_in_with_csrf(client, email: str) -> None:
    from tests.helpers import PASSWORD

    page = client.get("/sign-in").data.decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}).status_code == 302


@pytest.mark.parametrize("app", [{"RATELIMIT_ENABLED": True, "CALENDAR_KEY_RATE_LIMIT": "3 per minute"}], indirect=True)
def test_failed_keys_are_rate_limited_and_good_polls_are_not(app, client, world):
    sign_in(client, world.users["member_a"].email)
    path = make_address(client)
    for _ in range(5):
        assert fetch(app, path).status_code == 200
    for _ in range(3):
        assert fetch(app, f"{FEED}?key=guess").status_code == 404
    assert fetch(app, f"{FEED}?key=guess").status_code == 429
    assert client.get(FEED).status_code == 200  # signed in, no key: not limited
