"""Demo priorities and work programme for each demo network: agreed criteria (one negative),
scores by the network's demo people, the resulting ranking, and a work programme with an item
in every status, an active task group and one that ended when its work was done."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Membership, Network, User
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.issues import services as issues
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members import services as members
from linkhub.tenants.workprogramme import services as programme
from linkhub.platform import clock

from . import services
from .models import PriorityCriterion

CRITERIA = [  # name, weight, direction, what scorers should think about
    ("Number of people affected", 3, "positive", "How many local people does it touch, now or soon?"),
    ("Severity", 3, "positive", "How much harm or distress does it cause?"),
    ("Inequality", 2, "positive", "Does it fall hardest on people who are already worse off or seldom heard?"),
    ("LINk can make a difference", 2, "positive", "Could our powers and relationships change the outcome?"),
    ("Others already acting", 1, "negative", "Is the regulator, the OSC or another LINk already on it?"),
]
FALLBACK_ISSUES = [("Waiting times at A&E", "access"), ("Delays in discharge from hospital", "discharge")]


def _scorers(network_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.network_id == network_id)
            .distinct()
            .order_by(User.id)
        )
    )


def _load_network(network: Network) -> str:
    criteria = [services.add_criterion(name=n, weight=w, direction=d, description=t) for n, w, d, t in CRITERIA]
    open_issues = list(db.session.scalars(select(Issue).where(Issue.status != "closed").order_by(Issue.id).limit(6)))
    if len(open_issues) < 2:  # the community demo has not run: make a couple of issues to rank
        open_issues += [issues.create_issue(title=t, theme=theme) for t, theme in FALLBACK_ISSUES]
    people = _scorers(network.id)
    for i, issue in enumerate(open_issues):
        for j, person in enumerate(people):
            # Deterministic but varied: a spread of views, and "others acting" high on every third issue.
            scores = {
                c.id: (i * 2 + j + k * 3) % 6 if not c.is_negative else (4 if i % 3 == 2 else j % 2)
                for k, c in enumerate(criteria)
            }
            services.score_issue(issue, person, scores)
    today = clock.today()
    volunteers = [  # task-group members are people of the register, not typed names
        members.add_person(
            kind="individual",
            involvement="member",
            name=name,
            email=f"{name.split()[0].lower()}.volunteer@{network.slug}.example",
            contact_method="email",
            consent_to_contact=True,
        )
        for name in ("Mo Member", "Rita Representative", "Sunita Volunteer")
    ]
    active = programme.add_task_group(
        name=f"{open_issues[0].title[:80]} task group",
        purpose="Gather people's experience and take it to the provider.",
        member_ids=[p.id for p in volunteers],
    )
    ended = programme.add_task_group(
        name="Patient leaflet review",
        purpose="Check hospital leaflets are in plain English.",
        member_ids=[volunteers[0].id],
    )
    plan = [  # title, status, group, days from today to the target
        (f"Gather evidence: {open_issues[0].title}", "in_progress", active, 60),  # titles as written, not lower-cased
        (f"Request for information: {open_issues[0].title}", "not_started", active, 90),
        (f"Enter and view visit: {open_issues[1].title}", "on_hold", None, 120),
        ("Review of discharge leaflets", "done", ended, -30),
        ("Publish the annual work programme", "not_started", None, -7),  # overdue on purpose
    ]
    for title, status, group, days in plan:
        item = programme.add_item(
            title=title[:200],
            owner="Priya Staff",
            status=status,
            target_on=today + timedelta(days=days),
            outcome="A written response from the provider within 20 working days",
            issue_id=open_issues[0].id if group is active else None,
            task_group_id=group.id if group else None,
        )
        if status == "done":
            programme.record_achievement(
                item,
                "The trust rewrote its discharge leaflet with us: it now says who to call "
                "after leaving hospital, in plain English and five languages.",
            )
    people_word = "person" if len(people) == 1 else "people"
    return (
        f"priorities {network.slug}: {len(criteria)} criteria, {len(open_issues)} issues scored by "
        f"{len(people)} {people_word}, {len(plan)} work items"
    )


def load_priorities():
    for slug in ("sheffield", "leeds", "manchester", "salford"):
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            continue
        with network_scope(network.id):
            if db.session.scalar(select(PriorityCriterion.id).limit(1)) is not None:
                db.session.rollback()
                continue
            line = _load_network(network)
            db.session.commit()
        yield line
