"""Real e-mail: building a message, handing it to an SMTP server, and reading bounces.

Settings (environment, read by :class:`linkhub.platform.config.Config`):

- ``LINKHUB_SMTP_URL``: where mail goes. Unset (the embedded default) = no mail server: messages
  are only stored for staff to read on the "Messages sent" page. ``smtp://host:port`` (plain,
  upgraded with STARTTLS when the URL says ``?starttls=1``), ``smtps://host:465`` (TLS from the
  start); ``user:password@`` in the URL logs in.
- ``LINKHUB_MAIL_FROM``: the From address (``LINkHub <no-reply@example.org>``).
- ``LINKHUB_SMTP_TIMEOUT``: seconds to wait for the server (default 10).

Only the standard library's :mod:`smtplib` and :mod:`email` are used. The worker sends; web
requests never talk to the mail server (they write an outbox row, see ``tenants/common``).

Failures are sorted into two kinds, because they are handled differently:

- **temporary** (server down, timeouts, 4xx replies): the outbox retries with backoff and makes
  the event a dead letter after its deliveries, so nothing is lost silently;
- **permanent** (5xx replies, every recipient refused): retrying cannot help, the message is
  marked failed at once.

A recipient refused while others were accepted is a *bounce* of that recipient, recorded on the
message; bounces that arrive later as delivery status notifications (RFC 3464) are read by
:func:`parse_bounce` (``linkhub mail bounce FILE``) and matched by our signed Message-ID.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # "none", "starttls" or "ssl"
    username: str = ""
    password: str = ""
    timeout: float = 10.0

    @classmethod
    def from_url(cls, url: str, timeout: float = 10.0) -> "SmtpSettings | None":
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"LINKHUB_SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
        query = parse_qs(parts.query)
        tls = "ssl" if parts.scheme == "smtps" else ("starttls" if query.get("starttls", ["0"])[0] == "1" else "none")
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if tls == "ssl" else 25),
            tls=tls,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            timeout=timeout,
        )


@dataclass
class SendResult:
    refused: dict[str, str] = field(default_factory=dict)  # recipient -> the server's reply


class TemporaryFailure(Exception):
    """Worth trying again later: the server is down, busy, or said 4xx."""


class PermanentFailure(Exception):
    """Retrying cannot help: the server said 5xx to the message or to every recipient."""


# --- Message-ID: ours, signed, so a bounce names the message it is about ------------------------


def message_id(outbox_id: int, network_id: int, secret: str, domain: str) -> str:
    """``<lh.<outbox>.<network>.<sig>@domain>``: stable for one outbox event (a resend after a
    worker death carries the same id, so mail clients can drop the duplicate)."""
    sig = _sign(f"{outbox_id}.{network_id}", secret)
    return f"<lh.{outbox_id}.{network_id}.{sig}@{domain}>"


def read_message_id(value: str, secret: str) -> tuple[int, int] | None:
    """(outbox id, network id) of one of our Message-IDs, or None (not ours, or forged)."""
    match = re.search(r"<?lh\.(\d+)\.(\d+)\.([0-9a-f]{16})@[^>\s]+>?", value or "")
    if not match:
        return None
    outbox_id, network_id, sig = match.groups()
    if not hmac.compare_digest(sig, _sign(f"{outbox_id}.{network_id}", secret)):
        return None
    return int(outbox_id), int(network_id)


def _sign(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), ("mail-id:" + text).encode(), hashlib.sha256).hexdigest()[:16]


def domain_of(address: str) -> str:
    return (parseaddr(address)[1].rpartition("@")[2] or "localhost").lower()


# --- building and sending ----------------------------------------------------------------------


def build_message(
    *,
    sender: str,
    to: list[str],
    subject: str,
    body: str,
    msg_id: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject.replace("\r", " ").replace("\n", " ")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = msg_id
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        message[name] = value.replace("\r", " ").replace("\n", " ")
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send(settings: SmtpSettings, message: EmailMessage, recipients: list[str]) -> SendResult:
    """Hand one message to the server. Raises :class:`TemporaryFailure` or
    :class:`PermanentFailure`; returns the recipients refused while others were accepted."""
    try:
        if settings.tls == "ssl":
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        try:
            if settings.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.username:
                server.login(settings.username, settings.password)
            refused = server.send_message(message, to_addrs=recipients)
        finally:
            try:
                server.quit()
            except (smtplib.SMTPException, OSError):
                server.close()
    except smtplib.SMTPRecipientsRefused as exc:  # nobody accepted it
        replies = {rcpt: _reply(code, text) for rcpt, (code, text) in exc.recipients.items()}
        if all(code >= 500 for code, _ in exc.recipients.values()):
            raise PermanentFailure("Every recipient was refused: " + "; ".join(f"{r}: {m}" for r, m in replies.items()))
        raise TemporaryFailure("Recipients deferred: " + "; ".join(f"{r}: {m}" for r, m in replies.items()))
    except smtplib.SMTPResponseException as exc:  # the server answered with an error code
        text = _reply(exc.smtp_code, exc.smtp_error)
        if exc.smtp_code >= 500:
            raise PermanentFailure(text) from exc
        raise TemporaryFailure(text) from exc
    except (smtplib.SMTPException, OSError) as exc:  # refused connection, timeout, lost connection
        raise TemporaryFailure(f"Could not reach the mail server {settings.host}:{settings.port}: {exc!r}") from exc
    return SendResult(refused={rcpt: _reply(code, text) for rcpt, (code, text) in (refused or {}).items()})


def _reply(code: int, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


# --- bounces (delivery status notifications) ---------------------------------------------------


@dataclass(frozen=True)
class Bounce:
    message_id: str
    recipient: str
    action: str  # "failed" or "delayed" (RFC 3464)
    status: str  # e.g. "5.1.1"
    diagnostic: str


def parse_bounce(raw: bytes) -> list[Bounce]:
    """The failed or delayed recipients of a delivery status notification (multipart/report;
    report-type=delivery-status), with the Message-ID of the message that bounced (from the
    returned headers). Anything else gives an empty list."""
    report = message_from_bytes(raw, policy=policy.default)
    original_id = ""
    statuses: list[dict[str, str]] = []
    for part in report.walk():
        ctype = part.get_content_type()
        if ctype in ("text/rfc822-headers", "message/rfc822"):
            payload: Any = part.get_payload()
            if isinstance(payload, list) and payload:
                original_id = str(payload[0].get("Message-ID", "")) or original_id
            else:
                raw_part: Any = part.get_payload(decode=True)
                text = payload if isinstance(payload, str) else bytes(raw_part or b"").decode("utf-8", "replace")
                match = re.search(r"^Message-ID:\s*(\S+)", text, re.I | re.M)
                original_id = match.group(1) if match else original_id
        elif ctype == "message/delivery-status":
            # Python exposes the per-message and per-recipient field groups as sub-messages.
            groups: Any = part.get_payload()
            for group in groups:
                fields = {k.lower(): str(v) for k, v in group.items()}
                if "final-recipient" in fields or "original-recipient" in fields:
                    statuses.append(fields)
    if not original_id:
        original_id = str(report.get("In-Reply-To", "") or report.get("References", ""))
    bounces = []
    for fields in statuses:
        action = fields.get("action", "").strip().lower()
        if action not in ("failed", "delayed"):
            continue
        recipient = (fields.get("final-recipient") or fields.get("original-recipient", "")).split(";")[-1].strip()
        bounces.append(
            Bounce(
                message_id=original_id.strip(),
                recipient=recipient,
                action=action,
                status=fields.get("status", "").strip(),
                diagnostic=fields.get("diagnostic-code", "").split(";", 1)[-1].strip()[:500],
            )
        )
    return bounces
