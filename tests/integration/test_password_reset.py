"""Password reset by e-mail: the same answer for every address, a link through the outbox that
works once for one hour, at most three a person an hour, and exactly once under concurrency."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent, User
from linkhub.platform.recovery import services as recovery
from linkhub.platform.recovery.models import PasswordReset
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import platform_scope
from tests.helpers import PASSWORD

pytestmark = pytest.mark.usefixtures("db_kind")
NEW = "a-brand-new-password-2026"


def mails(to: str) -> list[dict]:
    with platform_scope():
        events = db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "email.send").order_by(OutboxEvent.id)
        ).all()
        payloads = [e.payload for e in events if e.payload["to"] == [to]]  # read inside the scope
        db.session.rollback()
    return payloads


def link_in(mail: dict) -> str:
    url = re.search(r"https?://\S+", mail["body"]).group()
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def secret_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def ask(client, email: str):
    return client.post("/password-reset/", data={"email": email})


def test_the_answer_is_the_same_for_known_unknown_and_disabled_addresses(client, world):
    world.users["member_a"].is_disabled = True
    db.session.commit()
    answers = [ask(client, email) for email in ("staff-a@example.org", "nobody@example.org", "member-a@example.org")]
    assert {(r.status_code, r.headers["Location"]) for r in answers} == {(302, "/password-reset/sent")}
    assert len(mails("staff-a@example.org")) == 1
    assert mails("nobody@example.org") == [] and mails("member-a@example.org") == []
    with platform_scope():
        assert db.session.scalar(select(PasswordReset.token_hash)) != secret_of(
            link_in(mails("staff-a@example.org")[0])
        )
        db.session.rollback()


def test_a_link_changes_the_password_once_and_signs_out_everywhere(client, world):
    ask(client, "STAFF-A@example.org ")
    link = link_in(mails("staff-a@example.org")[0])
    old_session = world.users["staff_a"].session_token
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    short = client.post("/password-reset/new", data={"token": secret_of(link), "password": "short", "confirm": "short"})
    assert short.status_code == 200 and "at least 12 characters" in short.data.decode()
    done = client.post("/password-reset/new", data={"token": secret_of(link), "password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in"
    user = db.session.scalar(select(User).where(User.email == "staff-a@example.org"))
    db.session.refresh(user)
    assert user.session_token != old_session
    assert client.post("/sign-in", data={"email": "staff-a@example.org", "password": PASSWORD}).status_code == 200
    assert client.post("/sign-in", data={"email": "staff-a@example.org", "password": NEW}).status_code == 302
    again = client.post(
        "/password-reset/new", data={"token": secret_of(link), "password": NEW + "x", "confirm": NEW + "x"}
    )
    assert again.status_code == 410


def test_a_link_expires_after_one_hour_and_a_newer_one_ends_it(app, client, world):
    start = datetime.now(timezone.utc)
    with time_machine.travel(start, tick=False):
        ask(client, "staff-a@example.org")
        ask(client, "staff-a@example.org")
    first, second = (secret_of(link_in(m)) for m in mails("staff-a@example.org"))
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert recovery.find(first) is not None
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert client.get(f"/password-reset/new?token={first}").status_code == 410
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        recovery.reset_password(second, NEW)
        db.session.commit()
        assert recovery.find(first) is None  # using one ended the other
    assert client.get("/password-reset/new?token=made-up").status_code == 410


def test_at_most_three_links_a_person_an_hour(client, world):
    for _ in range(5):
        assert ask(client, "staff-a@example.org").headers["Location"] == "/password-reset/sent"
    assert len(mails("staff-a@example.org")) == recovery.PER_HOUR == 3


@pytest.mark.parametrize("app", [{"RATELIMIT_ENABLED": True}], indirect=True)
def test_asking_is_rate_limited_per_address(client, app):
    codes = [ask(client, f"someone{i}@example.org").status_code for i in range(7)]
    assert codes[:5] == [302] * 5 and codes[5:] == [429, 429]


@pytest.mark.parametrize("db_kind", ["postgresql"])  # the race needs connections to a server database
def test_two_requests_racing_with_one_link_change_the_password_once(app, world, db_kind):
    recovery.request_reset("staff-a@example.org", lambda s: f"http://x/password-reset/new?token={s}")
    db.session.commit()
    secret = secret_of(link_in(mails("staff-a@example.org")[0]))
    barrier, outcomes = threading.Barrier(4), []

    def use(password):
        with app.app_context():
            barrier.wait()
            try:
                recovery.reset_password(secret, password)
                db.session.commit()
                outcomes.append(password)
            except ServiceError:
                db.session.rollback()
                outcomes.append(None)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=use, args=(f"{NEW}-{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o]
    assert len(outcomes) == 4 and len(winners) == 1
    from linkhub.platform.auth import verify_password

    user = db.session.scalar(select(User).where(User.email == "staff-a@example.org"))
    db.session.refresh(user)
    assert verify_password(user, winners[0])
