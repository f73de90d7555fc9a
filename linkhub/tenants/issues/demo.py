"""Demo issues for each demo network: two trigger points, an issue grouping the calls of families
about one service, and the trigger points that the demo feedback makes fire (so ``make run`` shows
flagged issues on the dashboard). Runs after the feedback demo."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory.models import Service
from linkhub.tenants.feedback.demo import demo_now
from linkhub.tenants.feedback.models import Feedback

from . import services

from .services import triggers
from .models import TriggerRule


def load_issues():
    now = demo_now()
    for network in db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all():
        with network_scope(network.id):
            if db.session.scalar(select(TriggerRule.id).limit(1)) is not None:
                continue
            last = db.session.scalars(select(Service).order_by(Service.id.desc())).first()
            if last is None or db.session.scalar(select(Feedback.id).limit(1)) is None:
                continue
            triggers.add_rule(name="Ten people in 30 days", kind="distinct_people", threshold=10, window_days=30)
            triggers.add_rule(name="Three very poor in a week", kind="very_poor", threshold=3, window_days=7)
            issue = services.create_issue(
                title=f"Communication with families – {last.name}"[:200],
                theme="communication",
                provider_id=last.provider_id,
                summary="Families say they are not told what is happening. On 4 November "
                "a 94-year-old Somali-speaking widow was discharged "
                "without her family knowing.",
            )
            ids = db.session.scalars(
                select(Feedback.id).where(Feedback.theme == "communication", Feedback.provider_id == issue.provider_id)
            ).all()
            services.add_feedback(issue, list(ids))
            fired = triggers.evaluate(now=now)
            db.session.commit()
            yield f"issues {network.slug}: an issue of {len(ids)} feedback, {len(fired)} trigger points fired"
