"""Federation's public interface: all that a network's side of sharing
(``linkhub.tenants.sharing``) may use of federation. Everything else in this package is private
to it (an import-linter contract says so). What federation tells a network back arrives as
events (``federation.share_refused``), handled in the network's own lane.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from linkhub.platform import lanes
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope

from linkhub.platform.db import db
from linkhub.platform.services import ServiceError

from .anonymise import find_identifiers, scrub
from .anonymise import review as review_text
from .services.joint_reports import approve as approve_joint_report
from .services import joint_surveys
from .models import JointRecommendation, JointReport, Pathway, PathwayStage, WorkingGroup, WorkingGroupMember
from .schemas import JointReportSchema
from .services import IdentifiersFound, accept_agreement, member_group, require_accepted

__all__ = [
    "IdentifiersFound",
    "JointReport",
    "JointReportSchema",
    "Pathway",
    "PathwayStage",
    "WorkingGroup",
    "accept_agreement",
    "approve_joint_report",
    "combined_survey_results",
    "draft_reports_of",
    "find_identifiers",
    "groups_of",
    "joint_recommendations_awaiting",
    "member_group",
    "pathways",
    "require_accepted",
    "resolve",
    "review_text",
    "run_pending_events",
    "scrub",
    "start_joint_survey",
]

# Joint surveys (tenants/surveys): register a network's survey with its working group, and read
# the group's combined results (disclosure-controlled) as a member network.
start_joint_survey = joint_surveys.start
combined_survey_results = joint_surveys.combined_results


def pathways() -> list[Pathway]:
    return list(db.session.scalars(select(Pathway).order_by(Pathway.name)))


def resolve(pathway: str, stage: str) -> tuple[Pathway, PathwayStage]:
    """Slugs -> the pathway and its stage; 422 on the field that is wrong. Matched in Python
    (there are a handful of pathways): any string is safe, even one PostgreSQL refuses (NUL)."""
    found = next((p for p in pathways() if p.slug == (pathway or "").strip()), None)
    if found is None:
        raise ServiceError("Choose a pathway", field="pathway")
    step = next((s for s in found.stages if s.slug == (stage or "").strip()), None)
    if step is None:
        raise ServiceError(f"Choose a stage of the {found.name} pathway", field="stage")
    return found, step


def groups_of(network_id: int) -> list[WorkingGroup]:
    """The working groups a network is a member of, by name."""
    return list(
        db.session.scalars(
            select(WorkingGroup)
            .join(WorkingGroupMember)
            .where(WorkingGroupMember.network_id == network_id)
            .order_by(WorkingGroup.name)
        )
    )


def joint_recommendations_awaiting(network_id: int) -> list[JointRecommendation]:
    """Sent recommendations of the published joint reports this network convenes that await a
    response: the convenor's admins record the answers, so the clocks are theirs."""
    return list(
        db.session.scalars(
            select(JointRecommendation)
            .join(JointReport, JointReport.id == JointRecommendation.report_id)
            .join(WorkingGroup, WorkingGroup.id == JointReport.working_group_id)
            .where(
                WorkingGroup.convenor_network_id == network_id,
                JointReport.status == "published",
                JointRecommendation.sent_on.is_not(None),
                JointRecommendation.responded_on.is_(None),
            )
            .order_by(JointRecommendation.due_on, JointRecommendation.id)
            .options(contains_eager(JointRecommendation.report))
        )
    )


def draft_reports_of(groups: list[WorkingGroup]) -> list[JointReport]:
    """Joint reports of these groups still awaiting approval, oldest first."""
    return list(
        db.session.scalars(
            select(JointReport)
            .where(JointReport.working_group_id.in_([grp.id for grp in groups]), JointReport.status == "draft")
            .order_by(JointReport.created_at)
        )
    )


def run_pending_events() -> None:
    """Carry out the pending sharing and search events now, each as its lane's actor would
    (the demo runs without a worker)."""
    for _ in range(5):  # shares emit search events; run those too
        with platform_scope():
            ids = db.session.scalars(
                select(OutboxEvent.id)
                .where(
                    OutboxEvent.status == "pending",
                    OutboxEvent.event_type.in_(
                        (
                            "federation.share",
                            "shared_issue.shared",
                            "shared_issue.withdrawn",
                            "report.published",
                            "federation.joint_survey_response",
                        )
                    ),
                )
                .order_by(OutboxEvent.id)
            ).all()
            db.session.rollback()
        if not ids:
            return
        for event_id in ids:
            lanes.run_event(current_app._get_current_object(), event_id)  # as its lane's actor would
