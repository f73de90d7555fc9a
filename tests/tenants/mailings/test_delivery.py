"""E-mail really sent: the worker's ``email.send`` handler against a real SMTP server (aiosmtpd),
failures and bounces recorded on the message, and a mail server that is down never losing a
message silently (retried through the outbox, then a dead letter the operator can retry)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from linkhub.platform import mail, outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.common import handlers  # noqa: F401  registers email.send
from linkhub.tenants.common.models import OutgoingMessage
from linkhub.tenants.common.services import record_bounces, send_email

from .smtp import SmtpServer, free_port


def _queue(network_id, to=("person@example.org",), subject="Hello", body="Body text", **extra):
    with network_scope(network_id):
        event = send_email(list(to), subject, body, network_id=network_id)
        if extra:
            event.payload = {**event.payload, **extra}
        db.session.commit()
        return event.id


def _message(network_id, outbox_id) -> SimpleNamespace:
    """A plain copy (the session stays clean for the test's own objects)."""
    with network_scope(network_id):
        row = db.session.scalar(select(OutgoingMessage).where(OutgoingMessage.outbox_id == outbox_id))
        copy = SimpleNamespace(**{c.key: getattr(row, c.key) for c in OutgoingMessage.__table__.columns})
        db.session.rollback()
    return copy


def _status(outbox_id) -> str:
    with platform_scope():
        event = db.session.get(OutboxEvent, outbox_id)
        status = event.status
        db.session.rollback()
    return status


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_embedded_default_only_stores(app, world, db_kind):
    assert not app.config["SMTP_URL"]
    event_id = _queue(world.a.id)
    assert outbox.process(event_id, max_deliveries=5) == "done"
    row = _message(world.a.id, event_id)
    assert (row.status, row.attempts, row.to, row.subject) == ("stored", 0, "person@example.org", "Hello")


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_sent_through_smtp_with_headers(app, world, smtp, db_kind):
    app.config["SMTP_URL"] = smtp.url
    headers = {
        "List-Unsubscribe": "<https://example.org/u/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    event_id = _queue(world.a.id, to=["a@example.org", "b@example.org"], headers=headers)
    assert outbox.process(event_id, max_deliveries=5) == "done"
    assert len(smtp.messages) == 1
    rcpts, message = smtp.messages[0]
    assert rcpts == ["a@example.org", "b@example.org"]
    assert message["Subject"] == "Hello"
    assert message["List-Unsubscribe"] == "<https://example.org/u/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Alpha LINk via LINkHub" in message["From"]
    assert message.get_body(("plain",)).get_content().strip() == "Body text"
    row = _message(world.a.id, event_id)
    assert (row.status, row.attempts) == ("sent", 1)
    assert row.sent_at is not None
    assert mail.read_message_id(message["Message-ID"], app.config["SECRET_KEY"]) == (event_id, world.a.id)
    assert row.message_id == message["Message-ID"]
    # Redelivered (the ack was lost): the handled row stops it, and even without it a sent
    # message is never sent again.
    with network_scope(world.a.id):
        handlers.store_outgoing_message(db.session.get(OutboxEvent, event_id))
        db.session.commit()
    assert len(smtp.messages) == 1


def test_one_recipient_refused_is_a_bounce_on_the_message(app, world, smtp):
    app.config["SMTP_URL"] = smtp.url
    smtp.recorder.refuse = {"gone@example.org": "550 5.1.1 No such user"}
    event_id = _queue(world.a.id, to=["gone@example.org", "here@example.org"])
    assert outbox.process(event_id, max_deliveries=5) == "done"
    assert [r for r, _ in smtp.messages] == [["here@example.org"]]
    row = _message(world.a.id, event_id)
    assert row.status == "bounced"
    assert [(b["recipient"], b["status"]) for b in row.bounces] == [("gone@example.org", "550")]
    assert "No such user" in row.bounces[0]["diagnostic"]


def test_refused_for_good_fails_at_once_as_a_dead_letter(app, world, smtp):
    app.config["SMTP_URL"] = smtp.url
    smtp.recorder.refuse_data = "554 5.7.1 Message rejected as spam"
    event_id = _queue(world.a.id)
    assert outbox.process(event_id, max_deliveries=5) == "dead"
    row = _message(world.a.id, event_id)
    assert row.status == "failed" and "554" in row.last_error and row.attempts == 1


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_mail_server_down_retries_then_dead_letter_then_retry_sends(app, world, db_kind):
    """The attack: the server is down for every delivery. Each attempt is written on the message
    (retrying), the outbox gives up after its deliveries (a dead letter, the message says failed),
    and nothing was dropped: once the server is back, the operator's retry sends it."""
    port = free_port()  # nothing listens here
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    app.config["SMTP_TIMEOUT"] = 2
    event_id = _queue(world.a.id)
    for attempt in range(1, 5):
        with pytest.raises(mail.TemporaryFailure):
            outbox.process(event_id, max_deliveries=5)
        row = _message(world.a.id, event_id)
        assert (row.status, row.attempts) == ("retrying", attempt)
        assert "Could not reach the mail server" in row.last_error
        assert _status(event_id) != "dead"
    with pytest.raises(mail.TemporaryFailure):
        outbox.process(event_id, max_deliveries=5)
    assert _status(event_id) == "dead"
    row = _message(world.a.id, event_id)
    assert (row.status, row.attempts) == ("failed", 5)
    assert "dead letter" in row.last_error
    assert outbox.process(event_id, max_deliveries=5) == "dead"  # no more attempts by itself

    server = SmtpServer(port=port).start()
    try:
        assert outbox.retry([event_id]) == 1
        assert outbox.process(event_id, max_deliveries=5) == "done"
    finally:
        server.stop()
    assert len(server.messages) == 1
    row = _message(world.a.id, event_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 6, "")


def test_platform_mail_without_a_network_is_sent(app, world, smtp):
    app.config["SMTP_URL"] = smtp.url
    with platform_scope():
        event = outbox.emit("email.send", {"to": ["x@example.org"], "subject": "Reset", "body": "b"}, network_id=None)
        db.session.commit()
        event_id = event.id
    assert outbox.process(event_id, max_deliveries=5) == "done"
    assert smtp.messages[0][1]["From"] == app.config["MAIL_FROM"]


def _dsn(message_id: str, recipient: str, action: str = "failed", status: str = "5.1.1") -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example.org\r\n"
        "To: no-reply@linkhub.localhost\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {message_id}\r\nSubject: Hello\r\n\r\n"
        "--B--\r\n"
    ).encode()


def test_a_later_bounce_is_recorded_and_a_forged_one_is_not(app, world, smtp):
    app.config["SMTP_URL"] = smtp.url
    event_id = _queue(world.a.id)
    outbox.process(event_id, max_deliveries=5)
    msg_id = _message(world.a.id, event_id).message_id
    secret = app.config["SECRET_KEY"]
    forged = msg_id.replace(f".{world.a.id}.", f".{world.b.id}.")
    assert record_bounces(_dsn(forged, "person@example.org"), secret) == []
    assert record_bounces(_dsn("<someone-else@example.com>", "person@example.org"), secret) == []
    recorded = record_bounces(_dsn(msg_id, "person@example.org"), secret)
    assert [(r["outbox_id"], r["recipient"], r["status"]) for r in recorded] == [
        (event_id, "person@example.org", "5.1.1")
    ]
    assert record_bounces(_dsn(msg_id, "person@example.org"), secret) == []  # the same report twice
    row = _message(world.a.id, event_id)
    assert row.status == "bounced" and row.bounces[0]["diagnostic"] == "550 5.1.1 User unknown"


def test_smtp_url_settings():
    s = mail.SmtpSettings.from_url("smtps://user%40x:p%3Ass@mail.example.org")
    assert (s.host, s.port, s.tls, s.username, s.password) == ("mail.example.org", 465, "ssl", "user@x", "p:ss")
    s = mail.SmtpSettings.from_url("smtp://mail.example.org:587?starttls=1")
    assert (s.port, s.tls) == (587, "starttls")
    assert mail.SmtpSettings.from_url("") is None
    with pytest.raises(ValueError):
        mail.SmtpSettings.from_url("http://x")
