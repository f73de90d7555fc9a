"""Demo finances for every demo network: last financial year in full (budget, the LA grant,
about sixty payments across the budget lines and quarters, volunteer claims paid), closed,
with one adjusting entry after it closed; and this year so far, with a claim waiting."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import Membership, Network, User
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.workprogramme.models import WorkItem

from . import services
from .models import FinanceEntry, FinancialYear, year_starting
from .money import plain

BUDGET = {  # pounds a year
    "staffing": 78000,
    "volunteer_expenses": 6000,
    "events": 9000,
    "communications": 7000,
    "enter_and_view": 4000,
    "other": 3000,
}
SUPPLIERS = {
    "staffing": ["Host payroll"],
    "volunteer_expenses": [],
    "events": ["Town Hall lettings", "Community Centre", "Refreshments Co-op"],
    "communications": ["Print Shop Ltd", "Web hosting", "Local Radio adverts"],
    "enter_and_view": ["DBS checks", "Training provider"],
    "other": ["Stationery Direct", "Insurance broker"],
}


def _people(network_id: int):
    rows = db.session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network_id)
        .order_by(User.id)
    ).all()
    staff = [u for u, r in rows if r in ("network_admin", "staff")]
    members = [u for u, r in rows if r in ("member", "authorised_representative")] or staff
    return staff, members


def _year(network: Network, start_year: int, rng: random.Random, until: date, staff, members) -> int:
    year = services.year_for(date(start_year, 4, 1))
    services.set_budget_lines(year, {k: f"{v}.00" for k, v in BUDGET.items()})
    services.add_entry(
        kind="income",
        entry_on=date(start_year, 4, 7),
        category="la_grant",
        counterparty=network.local_authority,
        amount=f"{sum(BUDGET.values()) - 2000}.00",
        description="Annual grant for the LINk",
    )
    services.add_entry(
        kind="income",
        entry_on=date(start_year, 9, 15),
        category="other_income",
        counterparty="Community Foundation",
        amount="2000.00",
        description="Grant for outreach events",
    )
    work_items = list(db.session.scalars(select(WorkItem.id).order_by(WorkItem.id).limit(3)))
    count = 0
    day = date(start_year, 4, 28)
    while day <= until:
        services.add_entry(
            kind="spending",
            entry_on=day,
            category="staffing",
            counterparty="Host payroll",
            amount=f"{BUDGET['staffing'] // 12}.00",
            description="Development worker and administrator",
        )
        count += 1
        for category in ("events", "communications", "enter_and_view", "other"):
            if rng.random() < 0.7:
                pence = rng.randint(BUDGET[category] * 100 // 30, BUDGET[category] * 100 // 10)
                services.add_entry(
                    kind="spending",
                    entry_on=day - timedelta(days=rng.randint(1, 20)),
                    category=category,
                    counterparty=rng.choice(SUPPLIERS[category]),
                    amount=plain(pence),
                    work_item_id=rng.choice(work_items) if work_items and category == "events" else None,
                )
                count += 1
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=28)
    if len(staff) >= 2 or (staff and members and members[0] not in staff):
        approver = staff[0]
        claimant = next((m for m in members if m.id != approver.id), None)
        for month in (5, 8, 11):
            spent = date(start_year, month, 12)
            if claimant is None or spent + timedelta(days=9) > until:
                continue
            claim = services.submit_claim(
                claimant=claimant,
                spent_on=spent,
                description="Travel to a hospital board meeting",
                expenses="4.60",
                miles=str(rng.randint(8, 40)),
            )
            services.approve_claim(claim, approver=approver)
            services.pay_claim(claim, paid_on=spent + timedelta(days=9))
            count += 1
    return count


def _load_network(network: Network) -> str:
    rng = random.Random(network.slug)
    today = clock.today()
    current = year_starting(today)
    staff, members = _people(network.id)
    last = _year(network, current - 1, rng, date(current, 3, 31), staff, members)
    closed = services.year_for(date(current - 1, 4, 1))
    services.close_year(closed)
    original = db.session.scalar(
        select(FinanceEntry)
        .where(FinanceEntry.year_id == closed.id, FinanceEntry.category == "communications")
        .order_by(FinanceEntry.id)
    )
    now = _year(network, current, rng, today, staff, members)
    if original is not None:
        services.adjust_entry(
            original, amount="-25.00", reason="Credit note from the printer after the year closed", entry_on=today
        )
    claimant = next((m for m in members if m not in staff), None)
    if claimant is not None:
        services.submit_claim(
            claimant=claimant, spent_on=today, description="Parking at the listening event", expenses="6.50"
        )
    return f"finance {network.slug}: {last} entries in {closed.label} (closed), {now} so far this year"


def load_finance():
    for slug in ("sheffield", "leeds", "manchester", "salford"):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if db.session.scalar(select(FinancialYear.id).limit(1)) is not None:
                db.session.rollback()
                continue
            line = _load_network(network)
            db.session.commit()
        yield line
