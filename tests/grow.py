"""Add more rows of every kind a list shows to one network, for the tests that check a page's
statement count does not grow with its rows. Each call adds ``n`` new, varied records (names
carry a serial so unique keys hold however often it is called)."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network, User
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory import services as directory
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import CHANNELS, THEMES
from linkhub.tenants.issues import services as issues
from linkhub.tenants.issues.services import triggers
from linkhub.platform import clock
from linkhub.tenants.common import services as org_services
from linkhub.tenants.powers import services as powers
from linkhub.tenants.priorities import services as priorities
from linkhub.tenants.reports.services import publishing
from linkhub.tenants.reports import services as reports
from linkhub.tenants.visits import services as visits
from linkhub.tenants.workprogramme import services as programme

_serial = itertools.count(1)


def grow(
    slug: str,
    n: int,
    seed: int = 0,
    *,
    author_email: str = "both@example.org",
    approver_email: str = "admin-a@example.org",
) -> None:
    rnd = random.Random(seed)
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    author = db.session.scalar(select(User).where(User.email == author_email))
    approver = db.session.scalar(select(User).where(User.email == approver_email))
    today = clock.today()
    with network_scope(network.id):
        for _ in range(n):
            i = next(_serial)
            provider = directory.add_provider(name=f"Provider {i} {rnd.randrange(10**6)}", kind="nhs_trust")
            service = directory.add_service(provider_id=provider.id, name=f"Service {i}", service_type="emergency")
            items = feedback.record_feedback_many(
                [
                    dict(
                        channel=rnd.choice(sorted(CHANNELS)),
                        what_happened=f"Story {i}.{k} " + "x" * rnd.randrange(1, 300),
                        theme=rnd.choice(sorted(THEMES)),
                        service_id=rnd.choice([service.id, None]),
                        service_text="Elsewhere",
                        rating=rnd.choice([None, 1, 2, 3, 4, 5]),
                        contact_name=f"Person {i}.{k}",
                        email=rnd.choice([None, f"p{i}.{k}@example.org"]),
                        phone=rnd.choice([None, f"07700 9{i:05d}"[:13]]),
                    )
                    for k in range(3)
                ]
            )
            db.session.flush()
            issue = issues.create_issue(title=f"Issue {i}", theme=rnd.choice(sorted(THEMES)), provider_id=provider.id)
            issues.add_feedback(issue, [items[0].id, items[1].id], move=True, other_provider=True)
            triggers.add_rule(
                name=f"Rule {i}",
                kind=rnd.choice(["distinct_people", "very_poor"]),
                threshold=rnd.randrange(2, 50),
                window_days=rnd.randrange(1, 60),
            )
            trust = org_services.add_organisation(name=f"Trust {i}", kind="provider", email=f"t{i}@trust.example")
            osc = org_services.add_organisation(name=f"Scrutiny {i}", kind="osc")
            request = powers.create_request(
                organisation_id=trust.id, subject=f"Question {i}", question="How many?", issue_ref=str(issue.id)
            )
            powers.send_request(request, sent_on=today - timedelta(days=rnd.randrange(0, 30)))
            report = reports.create_report(title=f"Report {i}", summary="Summary", body="Body", author_id=author.id)
            reports.add_subject(report, provider_id=provider.id, service_id=service.id)
            recommendation = reports.add_recommendation(report, text=f"Do {i}", organisation_id=trust.id)
            reports.submit_for_review(report)
            reports.approve(report, approver_id=approver.id)
            reports.send_report(report, organisation_ids=[trust.id], sent_on=today - timedelta(days=1))
            reports.record_recommendation_response(
                recommendation,
                response_status="accepted",
                responded_on=today,
                response="Agreed",
                action_promised="Act",
                follow_up_on=today + timedelta(days=30),
            )
            publishing.publish(report, actor_id=approver.id)
            referral = powers.create_referral(organisation_id=osc.id, matter=f"Matter {i}", report_id=report.id)
            powers.refer(referral, referred_on=today)
            rep = visits.add_representative(
                name=f"Rep {i}",
                authorised_on=date(2020, 1, 1),
                dbs_checked_on=today - timedelta(days=100),
                dbs_expires_on=today + timedelta(days=900),
                training_completed_on=date(2020, 1, 10),
            )
            visit = visits.plan_visit(
                organisation_id=trust.id,
                premises=f"Ward {i}",
                planned_on=today + timedelta(days=rnd.randrange(1, 60)),
                notice_sent_on=today,
                service_id=service.id,
            )
            visits.assign(visit, representative_id=rep.id, is_lead=True)
            criterion = priorities.add_criterion(name=f"Criterion {i}", weight=rnd.randrange(1, 5))
            priorities.score_issue(issue, approver, {criterion.id: rnd.randrange(1, 6)})
            group = programme.add_task_group(name=f"Group {i}", purpose="Purpose")
            programme.add_item(
                title=f"Item {i}",
                owner="Sam",
                outcome="Outcome",
                target_on=today + timedelta(days=rnd.randrange(-30, 90)),
                issue_id=issue.id,
                task_group_id=group.id,
                status=rnd.choice(["not_started", "in_progress"]),
            )
            db.session.commit()
