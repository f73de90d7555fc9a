"""Demo community voice: feedback over three months and contacts who call more than once (the
issues and trigger points built on it are in ``linkhub.tenants.issues.demo``)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory.models import Service

from . import services
from .models import CHANNELS, Feedback
from .services import rights

STORIES = {
    "access": [
        "I waited {h} hours in A&E before anyone saw my mother.",
        "The next GP appointment was three weeks away.",
        "The ambulance took over an hour to arrive after the 999 call.",
        "Nobody answered the phone line for the crisis team.",
    ],
    "communication": [
        "Nobody told us what was happening while Dad was on the ward.",
        "The discharge letter never reached our GP.",
        "The letter about the appointment came after the date.",
    ],
    "dignity": [
        "Staff were kind and took time to explain everything.",
        "My husband was left in a corridor on a trolley all night.",
    ],
    "discharge": [
        "Mum was sent home late at night with no care package in place.",
        "We waited all day in the discharge lounge for medicines.",
        # members read this one scrubbed, host staff as written (tenants/feedback/privacy.py)
        "my mum joanne whitfield, 94, was sent home on 4 November with no carers; ring me on oh seven seven "
        "double-oh 900 456 or jo dot whitfield at gmail dot com. Rose Cottage Surgery were great.",
    ],
    "staffing": [
        "The ward was clearly short of nurses at night.",
        "The home carers change every week and do not know my needs.",
    ],
    "safety": ["The paramedics were excellent and calm.", "Medication was missed twice on the ward."],
}
FIRST = ["Aisha", "Tom", "Margaret", "Bogdan", "Chen", "Grace", "Imran", "Siobhan", "David", "Ngozi", "Priya", "Jack"]


_NOW = datetime.now(timezone.utc)


def demo_now() -> datetime:
    """One "now" for the whole demo load, so the issues demo evaluates trigger points at the
    moment the feedback was dated from (a window edge must not depend on how long loading took)."""
    return _NOW


def load_community():
    rng = random.Random(2026)  # nosec B311 # demo data, not a secret
    now = demo_now()
    for network in db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all():
        with network_scope(network.id):
            if db.session.scalar(select(Feedback.id).limit(1)) is not None:
                continue
            services_ = db.session.scalars(select(Service).order_by(Service.id)).all()
            if not services_:
                db.session.rollback()
                continue
            # One busy service gets many voices about access, so a trigger point fires.
            hot = services_[0]
            count = 0
            for i in range(14):
                name = FIRST[i % len(FIRST)]
                services.record_feedback(
                    channel=rng.choice(list(CHANNELS)),
                    theme="access",
                    service_id=hot.id,
                    rating=rng.choice([1, 1, 2]),
                    what_happened=rng.choice(STORIES["access"]).format(h=rng.randint(4, 11)),
                    contact_name=name if i % 3 else "",
                    email=f"{name.lower()}{i}@example.org" if i % 3 else None,
                    received_at=now - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 23)),
                )
                count += 1
            # One person who calls again and again ("500 calls from one person"), their number
            # written a different way each time: still one contact.
            frequent = [
                "0114 496 0999",
                "+44 (0)114 496 0999",
                "0044 114 496 0999",
                "(0114) 4960999",
                "+44 114 496 0999",
                "01144960999",
            ]
            for i in range(6):
                services.record_feedback(
                    channel="phone",
                    theme="communication",
                    service_id=services_[-1].id,
                    rating=2,
                    what_happened=rng.choice(STORIES["communication"]),
                    contact_name="Frequent Caller",
                    phone=frequent[i],
                    received_at=now - timedelta(days=10 * i),
                )
                count += 1
            # Someone who asked for their data to be erased: the feedback stays, counted, without them.
            asked = services.record_feedback(
                channel="email",
                theme="access",
                service_id=hot.id,
                rating=2,
                contact_name="Robin Ashdown",
                email="robin.ashdown@example.org",
                what_happened="Robin Ashdown here: I waited five hours.",
                received_at=now - timedelta(days=12),
            )
            db.session.flush()
            rights.erase(asked.contact)
            count += 1
            for _ in range(30):
                theme = rng.choice(list(STORIES))
                services.record_feedback(
                    channel=rng.choice(list(CHANNELS)),
                    theme=theme,
                    service_id=rng.choice(services_).id,
                    rating=rng.randint(1, 5),
                    what_happened=rng.choice(STORIES[theme]).format(h=rng.randint(2, 9)),
                    received_at=now - timedelta(days=rng.randint(0, 90)),
                )
                count += 1
            db.session.commit()
            yield f"community voice {network.slug}: {count} feedback"
