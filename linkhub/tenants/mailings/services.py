"""The mailings' changes of state: sign-up (confirmed by e-mail), unsubscribing with a signed link,
preferences per person, newsletters and the weekly digest. Every e-mail goes through the outbox
(``email.send``), one per person, with List-Unsubscribe headers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_request_context, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import func, select

from linkhub.platform import audit, clock
from linkhub.platform.auth import MEMBER_ROLES
from linkhub.platform.db import db, utcnow
from linkhub.platform.markdown import render
from linkhub.platform.models import Network
from linkhub.platform.outbox import emit_many
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.deadlines import open_deadlines
from linkhub.tenants.common.services import people_with_roles, require_text, send_email
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.issues.models import Issue, TriggerFiring

from .models import LISTS, DigestRun, MailPreference, Newsletter

CONFIRM_MAX_AGE = 7 * 24 * 3600
UNSUBSCRIBE_SALT = "linkhub.mailings.unsubscribe"
CONFIRM_SALT = "linkhub.mailings.confirm"


# --- links in e-mails -------------------------------------------------------------------------


def base_url() -> str:
    """LINKHUB_PUBLIC_URL in production; never a Host header an attacker could choose."""
    return (
        current_app.config.get("PUBLIC_URL") or (request.host_url if has_request_context() else "http://127.0.0.1:5000")
    ).rstrip("/")


def unsubscribe_token(network_id: int, email: str, list_name: str) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).dumps(
        [network_id, email.lower(), list_name]
    )


def read_unsubscribe_token(token: str, network_id: int) -> tuple[str, str]:
    """(email, list) of a valid token for this network; a token for another network is invalid."""
    try:
        found_network, email, list_name = URLSafeSerializer(
            current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT
        ).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise ServiceError("This unsubscribe link is not valid", status=404) from None
    if found_network != network_id or list_name not in LISTS:
        raise ServiceError("This unsubscribe link is not valid", status=404)
    return email, list_name


def unsubscribe_link(network: Network, email: str, list_name: str) -> str:
    return f"{base_url()}/networks/{network.slug}/mail/unsubscribe/{unsubscribe_token(network.id, email, list_name)}"


def list_headers(network: Network, email: str, list_name: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients show an "Unsubscribe" button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(network, email, list_name)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{network.name} {list_name} <{list_name}.{network.slug}.linkhub>",
    }


def _normalise(email: str) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ServiceError("Enter an email address in the correct format, like name@example.com", field="email")


def _preference(email: str) -> MailPreference | None:
    return db.session.scalar(select(MailPreference).where(MailPreference.email == email))


def _get_or_add(email: str, source: str) -> MailPreference:
    pref = _preference(email)
    if pref is None:
        pref = MailPreference(email=email, source=source, newsletter=False, digest=True)
        db.session.add(pref)
        db.session.flush()
    return pref


# --- newsletter sign-up, confirmation and unsubscribing ----------------------------------------


def subscribe(network: Network, *, email: str, name: str = "", source: str = "web form") -> None:
    """Ask for the newsletter: a confirmation link is e-mailed; nothing counts until it is used.
    The page says the same whatever the address's state, so it reveals nobody's subscription."""
    email = _normalise(email)
    pref = _get_or_add(email, source)
    if name.strip():
        pref.name = name.strip()[:200]
    if pref.subscribed:
        return
    token = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT).dumps([network.id, email])
    link = f"{base_url()}/networks/{network.slug}/mail/confirm/{token}"
    send_email(
        email,
        f"Confirm you want {network.name}'s newsletter",
        (
            f"Someone (we hope you) asked for {network.name}'s newsletter to be sent to this address.\n\n"
            f"To confirm, open this link within 7 days:\n{link}\n\n"
            "If you did not ask for it, ignore this message: you will get nothing more from us."
        ),
        network_id=network.id,
    )
    audit.record("newsletter.signup_requested", "mail_preference", pref.id)


def confirm(network: Network, token: str) -> MailPreference:
    try:
        found_network, email = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT).loads(
            token, max_age=CONFIRM_MAX_AGE
        )
    except SignatureExpired:
        raise ServiceError("This link has expired: sign up again to get a new one", status=410) from None
    except (BadSignature, ValueError, TypeError):
        raise ServiceError("This confirmation link is not valid", status=404) from None
    if found_network != network.id:
        raise ServiceError("This confirmation link is not valid", status=404)
    pref = _get_or_add(email, "web form")
    if not pref.subscribed:
        pref.newsletter, pref.newsletter_confirmed_at, pref.updated_at = True, utcnow(), utcnow()
        audit.record("newsletter.subscribed", "mail_preference", pref.id)
    return pref


def unsubscribe(network: Network, token: str) -> tuple[MailPreference, str]:
    """One click (or the one-click POST of a mail client): off that list, at once."""
    email, list_name = read_unsubscribe_token(token, network.id)
    pref = _get_or_add(email, "unsubscribe link")
    if getattr(pref, list_name):
        setattr(pref, list_name, False)
        pref.updated_at = utcnow()
        audit.record("mail.unsubscribed", "mail_preference", pref.id, list=list_name)
    return pref, list_name


def set_preferences(*, email: str, newsletter: bool, digest: bool) -> MailPreference:
    """A person's own choices (signed in, or holding an unsubscribe link). Turning the newsletter
    on here counts as confirmed: the person proved the address is theirs."""
    pref = _get_or_add(_normalise(email), "preferences")
    changed = {}
    if newsletter != pref.subscribed:
        pref.newsletter = newsletter
        pref.newsletter_confirmed_at = utcnow() if newsletter else None
        changed["newsletter"] = newsletter
    if digest != pref.digest:
        pref.digest = digest
        changed["digest"] = digest
    if changed:
        pref.updated_at = utcnow()
        audit.record("mail.preferences_changed", "mail_preference", pref.id, **changed)
    return pref


def remove_subscriber(pref: MailPreference) -> None:
    """Staff take an address off the newsletter (at the person's request by phone, say)."""
    pref.newsletter, pref.newsletter_confirmed_at, pref.updated_at = False, None, utcnow()
    audit.record("newsletter.subscriber_removed", "mail_preference", pref.id)


def subscribers() -> list[MailPreference]:
    return db.session.scalars(
        select(MailPreference)
        .where(MailPreference.newsletter.is_(True), MailPreference.newsletter_confirmed_at.is_not(None))
        .order_by(MailPreference.email)
    ).all()


# --- newsletters ------------------------------------------------------------------------------


def add_newsletter(*, subject: str, body: str) -> Newsletter:
    newsletter = Newsletter(
        subject=require_text(subject, "Enter a subject", "subject")[:200],
        body=require_text(body, "Write the newsletter", "body"),
        status="draft",
        recipients=0,
    )
    db.session.add(newsletter)
    db.session.flush()
    audit.record("newsletter.drafted", "newsletter", newsletter.id, subject=newsletter.subject)
    return newsletter


def update_newsletter(newsletter: Newsletter, *, subject: str, body: str) -> Newsletter:
    if newsletter.status != "draft":
        raise ServiceError("This newsletter has been sent and cannot be changed", status=409, field="subject")
    newsletter.subject = require_text(subject, "Enter a subject", "subject")[:200]
    newsletter.body = require_text(body, "Write the newsletter", "body")
    audit.record("newsletter.changed", "newsletter", newsletter.id)
    return newsletter


def send_newsletter(network: Network, newsletter: Newsletter) -> int:
    """One e-mail per confirmed subscriber, each with its own unsubscribe link, in one transaction
    with the newsletter's "sent" state: sent once, to everyone or to no one."""
    if newsletter.status != "draft":
        raise ServiceError("This newsletter has already been sent", status=409, field="subject")
    people = subscribers()
    html = str(render(newsletter.body))
    payloads = []
    for pref in people:
        link = unsubscribe_link(network, pref.email, "newsletter")
        footer = f"\n\n---\nYou get this because you asked for {network.name}'s newsletter.\nUnsubscribe: {link}"
        payloads.append(
            {
                "to": [pref.email],
                "subject": newsletter.subject,
                "body": newsletter.body.strip() + footer,
                "html": html + f"<hr><p>You get this because you asked for {network.name}'s newsletter. "
                f'<a href="{link}">Unsubscribe</a></p>',
                "headers": list_headers(network, pref.email, "newsletter"),
            }
        )
    emit_many("email.send", payloads, network_id=network.id)
    newsletter.status, newsletter.sent_at, newsletter.recipients = "sent", utcnow(), len(people)
    audit.record("newsletter.sent", "newsletter", newsletter.id, recipients=len(people))
    return len(people)


# --- the weekly digest ------------------------------------------------------------------------


def iso_week(on: date) -> str:
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


def digest_content(network: Network, on: date) -> dict:
    """What happened in the last 7 days and what is due in the next 14 (the network in scope)."""
    since = datetime.combine(on - timedelta(days=7), datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    new_feedback = db.session.scalar(select(func.count()).select_from(Feedback).where(Feedback.received_at >= since))
    firings = db.session.execute(
        select(Issue.title, func.count())
        .join(TriggerFiring, TriggerFiring.issue_id == Issue.id)
        .where(TriggerFiring.fired_at >= since, TriggerFiring.network_id == Issue.network_id)
        .group_by(Issue.title)
        .order_by(Issue.title)
    ).all()
    flagged = db.session.scalars(
        select(Issue.title).where(Issue.flagged_at >= since, Issue.status != "closed").order_by(Issue.title)
    ).all()
    deadlines = [d for d in open_deadlines() if d.due_on <= on + timedelta(days=14)]
    return {
        "new_feedback": new_feedback or 0,
        "triggered": sorted({title for title, _ in firings} | set(flagged)),
        "deadlines": deadlines,
    }


def digest_text(network: Network, content: dict, on: date) -> str:
    lines = [f"{network.name}: the week to {on:%-d %B %Y}.", ""]
    n = content["new_feedback"]
    lines.append(f"New feedback: {n} {'piece' if n == 1 else 'pieces'} in the last 7 days.")
    lines.append("")
    if content["triggered"]:
        lines.append("Trigger points reached (issues flagged for action):")
        lines += [f"- {title}" for title in content["triggered"]]
    else:
        lines.append("No trigger points were reached.")
    lines.append("")
    if content["deadlines"]:
        lines.append("Deadlines in the next 14 days:")
        lines += [f"- {d.due_on:%a %-d %b}: {d.kind} – {d.title} ({d.organisation})" for d in content["deadlines"]]
    else:
        lines.append("No deadlines in the next 14 days.")
    lines += ["", f"The network's dashboard: {base_url()}/networks/{network.slug}/"]
    return "\n".join(lines)


def send_weekly_digest(network: Network, on: date | None = None) -> int:
    """The digest to every member and staff member who has not turned it off, once per ISO week
    (the digest run row commits with the e-mails). Returns how many were sent (0 if done already)."""
    on = on or clock.today()
    week = iso_week(on)
    if db.session.scalar(select(DigestRun.id).where(DigestRun.week == week)):
        return 0
    opted_out = set(db.session.scalars(select(MailPreference.email).where(MailPreference.digest.is_(False))))
    people = [e for e in people_with_roles(network.id, tuple(MEMBER_ROLES)) if e.lower() not in opted_out]
    content = digest_content(network, on)
    body = digest_text(network, content, on)
    payloads = []
    for email in people:
        link = unsubscribe_link(network, email, "digest")
        payloads.append(
            {
                "to": [email],
                "subject": f"{network.name}: your weekly digest ({week})",
                "body": body + f"\n\n---\nStop the weekly digest: {link}",
                "headers": list_headers(network, email, "digest"),
            }
        )
    emit_many("email.send", payloads, network_id=network.id)
    db.session.add(DigestRun(week=week, recipients=len(people)))
    audit.record("digest.sent", "digest_run", week, recipients=len(people))
    return len(people)
