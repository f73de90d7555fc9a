"""Mailings in each test network: a confirmed newsletter subscriber and a draft newsletter."""

from datetime import datetime, timezone

from linkhub.platform.db import db
from linkhub.tenants.mailings import services as mailings
from linkhub.tenants.mailings.models import DigestRun, MailPreference


def build(w, network):
    subscriber = MailPreference(
        email=f"subscriber-{network.slug}@example.org",
        name=f"Subscriber of {network.name}",
        newsletter=True,
        newsletter_confirmed_at=datetime.now(timezone.utc),
        source="world",
    )
    db.session.add(subscriber)
    db.session.add(DigestRun(week="2026-W01", recipients=3))
    db.session.flush()
    newsletter = mailings.add_newsletter(subject=f"{network.name} newsletter", body="News of the month.")
    token = mailings.unsubscribe_token(network.id, subscriber.email, "newsletter")
    return {"mail_preference_id": subscriber.id, "newsletter_id": newsletter.id, "token": token}
