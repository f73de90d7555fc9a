"""Newsletters, double opt-in, one-click unsubscribe (RFC 8058), preferences per person and the
weekly digest, end to end through the pages, the API and a real SMTP server."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.mailings import handlers as mailing_handlers
from linkhub.tenants.mailings import services
from linkhub.tenants.mailings.models import DigestRun, MailPreference
from tests.helpers import sign_in

BASE = "/networks/alpha/mail"


def _deliver() -> None:
    with platform_scope():
        pending = db.session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.event_type == "email.send", OutboxEvent.status == "pending")
        ).all()
        db.session.rollback()
    for event_id in pending:
        assert outbox.process(event_id, max_deliveries=5) == "done"


def _link(text: str, kind: str) -> str:
    return re.search(rf"https?://[^\s]+/mail/{kind}/[^\s>\"]+", text).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_signup_confirm_newsletter_and_one_click_unsubscribe(app, client, world, smtp, db_kind):
    app.config["SMTP_URL"] = smtp.url
    # Sign up (the honeypot empty): nothing counts until the e-mailed link is used.
    response = client.post(f"{BASE}/subscribe", data={"email": "Reader@Example.org", "name": "Rea"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/check-your-email")
    _deliver()
    confirms = [(r, m) for r, m in smtp.messages if m["Subject"] == "Confirm you want Alpha LINk's newsletter"]
    assert len(confirms) == 1
    rcpts, confirm_mail = confirms[0]
    assert rcpts == ["reader@example.org"]
    with network_scope(world.a.id):
        assert "reader@example.org" not in {p.email for p in services.subscribers()}
        db.session.rollback()
    # A bot fills the honeypot: the same answer, nothing stored or sent.
    client.post(f"{BASE}/subscribe", data={"email": "bot@example.org", "website": "http://spam"})
    _deliver()
    assert not any("bot@example.org" in r for r, _ in smtp.messages)
    confirm = _link(confirm_mail.get_body(("plain",)).get_content(), "confirm")
    assert client.get(_path(confirm)).status_code == 200
    assert client.get(f"{BASE}/confirm/forged-token").status_code == 404

    # Staff write, preview and send a newsletter; hostile Markdown is inert in the preview.
    sign_in(client, "staff-a@example.org")
    hostile = "## News\n\nHello <script>alert(1)</script> [x](javascript:alert(1))"
    page = client.post(f"{BASE}/newsletters/new", data={"subject": "December", "body": hostile, "preview": "y"})
    preview = page.get_data(as_text=True).split('lh-preview">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in preview and 'href="javascript' not in preview and "&lt;script&gt;" in preview
    response = client.post(f"{BASE}/newsletters/new", data={"subject": "December", "body": hostile, "submit": "y"})
    newsletter_path = response.headers["Location"]
    newsletter_id = int(newsletter_path.rstrip("/").split("/")[-1])
    assert client.post(f"{BASE}/newsletters/{newsletter_id}/send").status_code == 302
    assert client.post(f"{BASE}/newsletters/{newsletter_id}/send").status_code == 302  # refused: sent once
    _deliver()
    newsletters = [m for r, m in smtp.messages if m["Subject"] == "December"]
    assert sorted(m["To"] for m in newsletters) == ["reader@example.org", "subscriber-alpha@example.org"]
    message = next(m for m in newsletters if m["To"] == "reader@example.org")
    assert message["To"] == "reader@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert "<script>" not in message.get_body(("html",)).get_content()

    # The mail client's one-click POST (no CSRF token, no cookies): off the list at once.
    anonymous = app.test_client()
    response = anonymous.post(_path(unsubscribe), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    with network_scope(world.a.id):
        assert "reader@example.org" not in {p.email for p in services.subscribers()}
        db.session.rollback()
    # A GET (a link scanner) changes nothing and shows the choices.
    assert anonymous.get(_path(unsubscribe)).status_code == 200
    # Another network's token is not valid here.
    other = _path(unsubscribe).replace("/networks/alpha/", "/networks/beta/")
    assert anonymous.post(other, data={"List-Unsubscribe": "One-Click"}).status_code == 404


def test_newsletter_api_and_preferences(app, client, world, admin):
    with network_scope(world.a.id):
        db.session.add(
            MailPreference(
                email="p@example.org", newsletter=True, newsletter_confirmed_at=datetime.now(timezone.utc), source="t"
            )
        )
        db.session.commit()
    api = "/api/v1/networks/alpha/mail"
    assert client.post(f"{api}/newsletters", json={"subject": ""}, headers=admin).status_code == 422
    created = client.post(f"{api}/newsletters", json={"subject": "S", "body": "B"}, headers=admin).get_json()
    sent = client.post(f"{api}/newsletters/{created['id']}/send", headers=admin).get_json()
    assert (sent["status"], sent["recipients"]) == ("sent", 2)  # the world's subscriber and p@
    assert client.post(f"{api}/newsletters/{created['id']}/send", headers=admin).status_code == 409
    emails = {i["email"] for i in client.get(f"{api}/subscribers", headers=admin).get_json()["items"]}
    assert emails == {"p@example.org", "subscriber-alpha@example.org"}
    assert client.get("/api/v1/networks/beta/mail/subscribers", headers=admin).status_code in (401, 403, 404)
    mine = client.put(f"{api}/preferences", json={"newsletter": True, "digest": False}, headers=admin).get_json()
    assert mine == {"email": "admin-a@example.org", "newsletter": True, "digest": False}
    assert client.post(f"{api}/subscribe", json={"email": "not an email"}).status_code == 422


def test_weekly_digest_once_a_week_to_members_who_want_it(app, world, smtp):
    app.config["SMTP_URL"] = smtp.url
    with network_scope(world.a.id):
        services.set_preferences(email="member-a@example.org", newsletter=False, digest=False)
        db.session.commit()
    assert mailing_handlers.run_digests() >= 1
    assert mailing_handlers.run_digests() == 0  # the same week: nothing again
    _deliver()
    digests = {rcpts[0]: m for rcpts, m in smtp.messages if "weekly digest" in m["Subject"]}
    assert "member-a@example.org" not in digests  # turned it off
    assert {"admin-a@example.org", "staff-a@example.org", "both@example.org"} <= set(digests)
    body = digests["staff-a@example.org"].get_body(("plain",)).get_content()
    assert "New feedback:" in body and "Deadlines in the next 14 days" in body or "No deadlines" in body
    assert digests["staff-a@example.org"]["List-Unsubscribe"]
    with network_scope(world.a.id):
        weeks = set(db.session.scalars(select(DigestRun.week)))
        assert services.iso_week(date.today()) in weeks
        db.session.rollback()
