"""Demo mailings: confirmed newsletter subscribers in each demo network, one newsletter sent and
one draft (the sent one's e-mails are on the "Messages sent" page once the worker has run)."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import MailPreference, Newsletter

SUBSCRIBERS = [("ann.reader@example.org", "Ann Reader"), ("bob.carer@example.org", "Bob Carer")]


def load_mailings():
    for network in db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all():
        with network_scope(network.id):
            if db.session.scalar(select(Newsletter.id).limit(1)) is not None:
                continue
            for email, name in SUBSCRIBERS:
                db.session.add(
                    MailPreference(
                        email=email,
                        name=name,
                        newsletter=True,
                        newsletter_confirmed_at=utcnow(),
                        digest=True,
                        source="demo",
                    )
                )
            db.session.flush()
            sent = services.add_newsletter(
                subject=f"{network.name} news: autumn",
                body=(
                    "## What we did this season\n\n"
                    "- We heard from 84 people about leaving hospital.\n"
                    "- We visited two care homes.\n\n"
                    "## Come and have your say\n\n"
                    "Our next public meeting is in two weeks. Everyone is welcome."
                ),
            )
            services.send_newsletter(network, sent)
            services.add_newsletter(subject=f"{network.name} news: winter (draft)", body="Coming soon.")
            db.session.commit()
            yield f"mailings {network.slug}: {len(SUBSCRIBERS)} subscribers, a newsletter sent"
