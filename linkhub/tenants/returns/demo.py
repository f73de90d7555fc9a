"""Demo returns for every demo network: last year's second six-monthly return sent to the
local authority, last year's annual report published (it joins the national library), this
half-year's return as a draft; three performance indicators with values and a joint review."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import Return
from .periods import period_containing

NARRATIVE = {
    "summary": "The LINk heard from more people than in any half-year before, most of them at "
    "community events, and used its powers to follow up waiting times at A&E.",
    "activities": "We held listening events in libraries and GP surgeries, sent requests for "
    "information to the acute trust, and carried out enter and view visits to care homes.\n\n"
    "Task groups looked at discharge from hospital and at mental health crisis care.",
    "impact": "The trust agreed to publish its A&E waiting times by hour, and a care home changed "
    "its visiting hours after our visit.",
    "finances": "Spending was close to budget. Events cost more than planned because of demand; "
    "communications cost less because the newsletter moved online.",
    "plans": "Next we will review patient transport and report on the discharge work.",
}
INDICATORS = [
    (
        "Requests for information answered on time",
        "Requests sent in the quarter answered within 20 working days (or an agreed extension), as a percentage.",
        90,
        "at_least",
        "quarterly",
        "requests_on_time_percent",
    ),
    (
        "Feedback received",
        "Items of feedback recorded from every channel in the quarter.",
        150,
        "at_least",
        "quarterly",
        "feedback_received",
    ),
    (
        "Seldom-heard groups reached",
        "Community groups of seldom-heard people the LINk met in the half-year, counted by the host.",
        6,
        "at_least",
        "six_monthly",
        "manual",
    ),
]


def _load_network(network: Network) -> str:
    today = clock.today()
    this_half, _ = period_containing(today, "six_monthly")
    year_start = date(this_half.year if this_half.month >= 4 else this_half.year - 1, 4, 1)
    last_year = date(year_start.year - 1, 4, 1)
    second_half = date(last_year.year, 10, 1)

    sent = services.start_return(kind="six_monthly", period_start=second_half)
    services.write_narrative(sent, **NARRATIVE)
    services.submit_return(sent)
    annual = services.start_return(kind="annual", period_start=last_year)
    services.write_narrative(annual, **NARRATIVE)
    services.submit_return(annual)
    services.publish_annual(annual)
    draft = services.start_return(kind="six_monthly", period_start=this_half)
    services.write_narrative(draft, summary="Draft: to be finished at the end of the half-year.")

    made = [
        services.add_indicator(name=n, definition=d, target=t, direction=w, frequency=f, measure=m)
        for n, d, t, w, f, m in INDICATORS
    ]
    for indicator in made[:2]:
        start = last_year
        while start < this_half:
            try:
                services.draw_value(indicator, period_start=start)
            except services.ServiceError:  # no data for that quarter
                pass
            start = date(start.year + (start.month + 3 > 12), (start.month + 2) % 12 + 1, 1)
    services.record_value(made[2], period_start=last_year, value=5, note="Counted from the events diary")
    services.record_value(made[2], period_start=second_half, value=8, note="Counted from the events diary")
    services.record_review(
        period_start=last_year,
        period_end=date(last_year.year + 1, 3, 31),
        held_on=date(last_year.year + 1, 4, 24),
        attendees=f"{network.local_authority} contract officer; LINk chair; {network.host_organisation} manager",
        findings="Requests were answered on time in three quarters of four. Feedback is above target "
        "since the listening events began. Seldom-heard groups: below target in the first half.",
        agreed_actions="The host will plan two events with seldom-heard groups each quarter.",
    )
    return f"returns {network.slug}: 3 returns (one published), {len(made)} indicators, 1 joint review"


def load_returns():
    for slug in ("sheffield", "leeds", "manchester", "salford"):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if db.session.scalar(select(Return.id).limit(1)) is not None:
                db.session.rollback()
                continue
            line = _load_network(network)
            db.session.commit()
        yield line
    # the published annual reports into the search index now, so the demo needs no worker
    from linkhub.federation.public import run_pending_events

    run_pending_events()
