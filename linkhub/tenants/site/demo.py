"""Demo public sites: each demo network's profile (about, host, getting involved, real-looking
contact details), two news posts (one a draft) and upcoming public meetings and events."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import SiteProfile

LONDON = ZoneInfo("Europe/London")


def _place(network: Network) -> str:
    return network.local_authority.replace(" City Council", "").replace(" Council", "")


def _load_network(network: Network) -> None:
    place = _place(network)
    services.save_profile(
        about=(
            f"{network.name} is the Local Involvement Network for {place}. We are local people, groups and "
            "organisations who want health and social care services to be better.\n\n"
            "We listen to what people say about their care, we look at how services are planned and run, "
            "and we tell the people in charge what needs to change. We can visit services, ask for "
            "information and make recommendations that must be answered within 20 working days."
        ),
        host_about=(
            f"{network.host_organisation} hosts {network.name}: it employs the staff, keeps the records and "
            f"holds the money, paid for by {network.local_authority}. The LINk decides what it works on."
        ),
        get_involved=(
            "- **Tell us about your care**: good or bad, it all helps.\n"
            "- **Join us**: anyone who lives or works here, and local groups, can be a member.\n"
            "- **Come to a public meeting**: decisions about our work programme are taken there.\n"
            "- **Volunteer**: help at events, or train to visit services as an authorised representative."
        ),
        contact_email=f"hello@{network.slug}-link.example",
        contact_phone="0300 123 4567",
        contact_text_phone="18001 0300 123 4567",
        contact_address=f"{network.name}\nc/o {network.host_organisation}\n1 Community Way\n{place}",
        opening_hours="Monday to Friday, 9am to 5pm",
    )
    post = services.add_news(
        title=f"What you told us about leaving hospital in {place}",
        summary="84 people told us about waiting for medicines and transport. Here is what happens next.",
        body=(
            f"Over the summer, 84 people in {place} told us what happened on the day they left hospital.\n\n"
            "## What you said\n\n"
            "- Most people waited more than four hours for medicines to take home.\n"
            "- Transport was often booked late in the day.\n\n"
            "## What happens next\n\n"
            "We have written to the hospital trust with three recommendations. They must reply within "
            "20 working days, and we will publish their answer here."
        ),
    )
    services.publish_news(post)
    welcome = services.add_news(
        title=f"Welcome to {network.name}'s new website",
        summary="Find our work programme, reports and meetings in one place.",
        body="Our new website shows what we are working on, what we found and when we meet.",
    )
    services.publish_news(welcome)
    services.add_news(title="Draft: winter pressures survey", body="Not ready yet.")
    today = clock.today()
    services.add_event(
        title="LINk public meeting",
        kind="meeting",
        starts_at=datetime.combine(today + timedelta(days=14), time(18, 30), tzinfo=LONDON),
        place=f"Community Room, {place} Central Library",
        description="Everyone is welcome. We will agree the work programme for the next six months.",
    )
    services.add_event(
        title="Drop-in: tell us about your GP",
        kind="event",
        starts_at=datetime.combine(today + timedelta(days=21), time(10, 0), tzinfo=LONDON),
        place=f"{place} Market Hall",
        description="Come and talk to us. No need to book.",
    )


def load_site():
    for network in db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all():
        with network_scope(network.id):
            if db.session.scalar(select(SiteProfile.id)) is not None:
                continue
            _load_network(network)
            db.session.commit()
            yield f"public site {network.slug}: profile, 2 news posts, 2 events"
