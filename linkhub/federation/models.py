"""The federation store (platform tables) and the network's share request (a tenant table).

The federation tables are cross-network by design and never hold tenant data: a shared issue
is the anonymised, approved copy that arrived as an outbox event, never a link into a network's
rows. What a network prepares before sharing (the scrubbed draft next to the original) stays in
``share_requests``, a tenant table inside the network's walls.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network

MIN_THRESHOLD = 3  # never lower: groups of one or two people could be singled out
DEFAULT_THRESHOLD = 5


class FederationStore:
    """Marks a table of the federation store: the federation lane's role is granted it
    (linkhub.platform.migrations.security), and no tenant table ever is."""

    __lane__ = "federation"


class Pathway(FederationStore, db.Model):
    __tablename__ = "pathways"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stages: Mapped[list["PathwayStage"]] = relationship(order_by="PathwayStage.position", cascade="all, delete-orphan")


class PathwayStage(FederationStore, db.Model):
    __tablename__ = "pathway_stages"
    # (pathway_id, id) is unique so that a tag can reference both: the database then refuses a
    # stage of another pathway (migration 0041).
    __table_args__ = (
        UniqueConstraint("pathway_id", "slug"),
        UniqueConstraint("pathway_id", "position"),
        Index("uq_pathway_stages_pathway_id_id", "pathway_id", "id", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))


class WorkingGroup(FederationStore, db.Model):
    __tablename__ = "working_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region: Mapped[str] = mapped_column(String(60))
    pathway_id: Mapped[int] = mapped_column(ForeignKey("pathways.id", ondelete="RESTRICT"), index=True)
    convenor_network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    pathway: Mapped[Pathway] = relationship()
    convenor: Mapped[Network] = relationship()
    members: Mapped[list["WorkingGroupMember"]] = relationship(cascade="all, delete-orphan")
    agreements: Mapped[list["SharingAgreement"]] = relationship(
        order_by="SharingAgreement.version", cascade="all, delete-orphan"
    )

    @property
    def current_agreement(self) -> "SharingAgreement | None":
        return self.agreements[-1] if self.agreements else None

    @property
    def member_network_ids(self) -> set[int]:
        return {m.network_id for m in self.members}


class WorkingGroupMember(FederationStore, db.Model):
    __tablename__ = "working_group_members"
    __table_args__ = (UniqueConstraint("working_group_id", "network_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    network: Mapped[Network] = relationship()


class SharingAgreement(FederationStore, db.Model):
    """One version of a group's agreement. A new version needs every network's acceptance again
    before that network shares more; the suppression threshold is part of what was agreed."""

    __tablename__ = "sharing_agreements"
    __table_args__ = (
        UniqueConstraint("working_group_id", "version"),
        CheckConstraint(f"suppression_threshold >= {MIN_THRESHOLD}", name="threshold_at_least_3"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    suppression_threshold: Mapped[int] = mapped_column(Integer, default=DEFAULT_THRESHOLD)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acceptances: Mapped[list["AgreementAcceptance"]] = relationship(cascade="all, delete-orphan")

    def accepted_by(self, network_id: int) -> "AgreementAcceptance | None":
        return next((a for a in self.acceptances if a.network_id == network_id), None)


class AgreementAcceptance(FederationStore, db.Model):
    __tablename__ = "agreement_acceptances"
    __table_args__ = (UniqueConstraint("agreement_id", "network_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("sharing_agreements.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    accepted_by_label: Mapped[str] = mapped_column(String(200))
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SharedIssue(FederationStore, db.Model):
    """The anonymised copy. Immutable once written (see ``_refuse_changes``): a correction is a new
    version (same ``share_ref``), and only the withdrawn/superseded marks may change."""

    __tablename__ = "shared_issues"
    __table_args__ = (
        UniqueConstraint("source_network_id", "share_ref", "version"),
        Index("ix_shared_issues_group_live", "working_group_id", "withdrawn", "superseded_by_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="RESTRICT"))
    source_network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"))
    share_ref: Mapped[str] = mapped_column(String(32))  # random: names the share, not the network's issue
    version: Mapped[int] = mapped_column(Integer, default=1)
    agreement_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    pathway: Mapped[str] = mapped_column(String(120))
    stage: Mapped[str] = mapped_column(String(120))
    theme: Mapped[str] = mapped_column(String(80))
    service_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    provider: Mapped[str | None] = mapped_column(String(200), nullable=True)
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM: never a day
    feedback_count: Mapped[int] = mapped_column(Integer, default=0)
    people_count: Mapped[int] = mapped_column(Integer, default=0)
    region: Mapped[str] = mapped_column(String(60))
    shared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("shared_issues.id", ondelete="SET NULL"), nullable=True
    )
    working_group: Mapped[WorkingGroup] = relationship()
    source_network: Mapped[Network] = relationship()

    @property
    def is_live(self) -> bool:
        return not self.withdrawn and self.superseded_by_id is None


MUTABLE = {"withdrawn", "withdrawn_at", "superseded_by_id"}


@event.listens_for(Session, "before_flush")
def _refuse_changes(session, flush_context, instances):
    for obj in session.dirty:
        if isinstance(obj, SharedIssue):
            state = inspect(obj)
            changed = {a.key for a in state.attrs if a.history.has_changes()} - MUTABLE
            if changed:
                raise ValueError(f"a shared issue is immutable; changed {sorted(changed)} (share a correction)")
    for obj in session.deleted:
        if isinstance(obj, SharedIssue):
            raise ValueError("a shared issue is never deleted; withdraw it")


class FederationLog(FederationStore, db.Model):
    """Approval log: acceptances, approvals (with the warnings confirmed), shares, withdrawals."""

    __tablename__ = "federation_log"
    __table_args__ = (Index("ix_federation_log_group_created", "working_group_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(60))
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="CASCADE"), nullable=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), nullable=True)
    shared_issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("shared_issues.id", ondelete="SET NULL"), nullable=True
    )
    actor_label: Mapped[str] = mapped_column(String(200))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def new_public_ref() -> str:
    """Random: a sequence number would reveal how many reports a group writes."""
    return secrets.token_urlsafe(9)


class JointReport(FederationStore, db.Model):
    """A working group's report drawn from its shared issues: drafted, approved by every member
    network, then published (public, and nationally searchable)."""

    __tablename__ = "joint_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True)
    public_ref: Mapped[str] = mapped_column(String(24), unique=True, default=new_public_ref)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    shared_issue_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft -> published -> unpublished
    drafted_by_label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    working_group: Mapped[WorkingGroup] = relationship()
    approvals: Mapped[list["JointReportApproval"]] = relationship(cascade="all, delete-orphan")
    recommendations: Mapped[list["JointRecommendation"]] = relationship(
        order_by="JointRecommendation.id", cascade="all, delete-orphan", back_populates="report"
    )

    def approved_by(self, network_id: int) -> "JointReportApproval | None":
        return next((a for a in self.approvals if a.network_id == network_id), None)


class JointReportApproval(FederationStore, db.Model):
    __tablename__ = "joint_report_approvals"
    __table_args__ = (UniqueConstraint("report_id", "network_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("joint_reports.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    approved_by_label: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    network: Mapped[Network] = relationship()


RECOMMENDATION_RESPONSES = {
    "awaiting": "Awaiting response",
    "accepted": "Accepted",
    "partly_accepted": "Partly accepted",
    "rejected": "Rejected",
}


class JointRecommendation(FederationStore, db.Model):
    """A joint report's recommendation to one organisation (the ambulance trust, each acute
    trust...). Like a network report's: sent when the report is published, answered within 20
    working days (England and Wales bank holidays excluded), its response and impact recorded."""

    __tablename__ = "joint_recommendations"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("joint_reports.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    organisation_email: Mapped[str] = mapped_column(String(254), default="")
    text: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response_status: Mapped[str] = mapped_column(String(20), default="awaiting")
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    impact_recorded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report: Mapped[JointReport] = relationship(back_populates="recommendations")

    @property
    def response_label(self) -> str:
        return RECOMMENDATION_RESPONSES.get(self.response_status, self.response_status)

    def is_overdue(self, today: date) -> bool:
        return self.response_status == "awaiting" and self.due_on is not None and self.due_on < today


class JointSurvey(FederationStore, db.Model):
    """One survey run by a working group in each of its networks. The federation keeps its
    questions (so each network gets the same copy) and counts, never a response: each copy's
    choice answers arrive as ``federation.joint_survey_response`` events and add to the tallies."""

    __tablename__ = "joint_surveys"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True, default=new_public_ref)
    working_group_id: Mapped[int] = mapped_column(ForeignKey("working_groups.id", ondelete="RESTRICT"), index=True)
    started_by_network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(200))
    # [{"key", "kind", "title", "options", "scale_max"}]: what the combined results count.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    working_group: Mapped[WorkingGroup] = relationship()


class JointSurveyTally(FederationStore, db.Model):
    """How many of one network's responses gave one answer (``question_key`` "_responses" counts
    the responses themselves). Shown across networks only through the disclosure control."""

    __tablename__ = "joint_survey_tallies"
    __table_args__ = (UniqueConstraint("joint_survey_id", "network_id", "question_key", "choice"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    joint_survey_id: Mapped[int] = mapped_column(ForeignKey("joint_surveys.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    question_key: Mapped[str] = mapped_column(String(20))
    choice: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)
