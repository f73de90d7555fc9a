"""Priorities and work programme records in each test network: two criteria (one negative),
scores by two people, a task group and a work item from the community world's issue.

Ranking of that issue: severity (weight 3) mean 4.5, others already acting (weight 1,
negative) mean 1.5 → 5 − 1.5 = 3.5; (3 × 4.5 + 1 × 3.5) / 4 = 4.25, from 2 scorers.
"""

from datetime import date, timedelta

from linkhub.platform.db import db
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members import services as members
from linkhub.tenants.priorities import services as priorities
from linkhub.tenants.workprogramme import services as programme


def build(w, network):
    issue = db.session.get(Issue, w.records[network.slug]["issue_id"])
    severity = priorities.add_criterion(name="Severity", weight=3)
    others = priorities.add_criterion(name="Others already acting", weight=1, direction="negative")
    admin = w.users["admin_a" if network.slug == "alpha" else "admin_b"]
    priorities.score_issue(issue, admin, {severity.id: 4, others.id: 1})
    priorities.score_issue(issue, w.users["both"], {severity.id: 5, others.id: 2})
    people = [
        members.add_person(kind="individual", involvement="participant", name=name, contact_method="none")
        for name in ("Pat", "Sam")
    ]
    group = programme.add_task_group(
        name="A&E waits group", purpose="Find out why people wait", member_ids=[p.id for p in people]
    )
    item = programme.add_item(
        title="Long waits in A&E",
        owner="Sam",
        outcome="Waits under four hours by March",
        target_on=date.today() + timedelta(days=90),
        issue_id=issue.id,
        task_group_id=group.id,
        status="in_progress",
    )
    return {"criterion_id": severity.id, "task_group_id": group.id, "work_item_id": item.id}
