"""Reports with recommendations: drafted, approved by a second person, sent to organisations
(each with a 20-working-day response clock), answered recommendation by recommendation,
followed up to their impact, and published under a random public reference."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

REPORT_TYPES = {"network_report": "Network report", "enter_and_view": "Enter and view report"}
REPORT_STATUSES = {"draft": "Draft", "in_review": "Waiting for approval", "approved": "Approved"}
RESPONSE_STATUSES = {
    "awaiting": "Awaiting response",
    "accepted": "Accepted",
    "partly_accepted": "Partly accepted",
    "rejected": "Rejected",
}
PUBLICATION_ACTIONS = {"published": "Published", "corrected": "Corrected", "unpublished": "Unpublished"}


def _children(owner: str, child: str, order_by: str):
    return relationship(
        child,
        viewonly=True,
        lazy="selectin",
        order_by=order_by,
        foreign_keys=f"[{child}.report_id, {child}.network_id]",
        primaryjoin=f"and_({child}.report_id == {owner}.id, {child}.network_id == {owner}.network_id)",
    )


class Report(TenantMixin, db.Model):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        # Random and server-made, so unique per network is enough; looked up alone on public pages.
        UniqueConstraint("network_id", "public_ref"),
        Index("ix_reports_public_ref", "public_ref"),
        Index("ix_reports_network_published", "network_id", "published_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    public_ref: Mapped[str] = mapped_column(String(16))
    report_type: Mapped[str] = mapped_column(String(20), default="network_report")
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    # An optional easy read version (short sentences, one idea each; Markdown, rendered safely),
    # public beside the report once it is published. The summary is the plain-language summary,
    # required to publish (its reading age is shown to the author: reports/readability.py).
    easy_read: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0)  # publication version, 0 = never published
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recommendations: Mapped[list["Recommendation"]] = _children("Report", "Recommendation", "Recommendation.number")
    recipients: Mapped[list["ReportRecipient"]] = _children("Report", "ReportRecipient", "ReportRecipient.id")
    subjects: Mapped[list["ReportSubject"]] = _children("Report", "ReportSubject", "ReportSubject.id")
    history: Mapped[list["ReportPublication"]] = _children("Report", "ReportPublication", "ReportPublication.id")
    author = relationship("User", foreign_keys=[author_id], viewonly=True)
    approver = relationship("User", foreign_keys=[approved_by_id], viewonly=True)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def status_label(self) -> str:
        return REPORT_STATUSES.get(self.status, self.status)

    @property
    def type_label(self) -> str:
        return REPORT_TYPES.get(self.report_type, self.report_type)


class ReportSubject(TenantMixin, db.Model):
    """A provider (and optionally one of its services) that the report is about."""

    __tablename__ = "report_subjects"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("report_id", "reports"),
        network_fk("provider_id", "providers"),
        network_fk("service_id", "services"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(Integer)
    provider_id: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    provider = in_network("ReportSubject", "Provider", "provider_id")
    service = in_network("ReportSubject", "Service", "service_id")


class ReportRecipient(TenantMixin, db.Model):
    """The report sent to one organisation: its 20-working-day response clock."""

    __tablename__ = "report_recipients"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "report_id", "organisation_id"),
        network_fk("report_id", "reports"),
        network_fk("organisation_id", "organisations"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int] = mapped_column(Integer)
    sent_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    original_due_on: Mapped[date] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")
    report = in_network("ReportRecipient", "Report", "report_id")
    organisation = in_network("ReportRecipient", "Organisation", "organisation_id")


class Recommendation(TenantMixin, db.Model):
    """One recommendation, tracked from the response to the action promised and its impact."""

    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "report_id", "number"),
        network_fk("report_id", "reports"),
        network_fk("organisation_id", "organisations"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    organisation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # who is asked to act
    response_status: Mapped[str] = mapped_column(String(20), default="awaiting")
    response: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    action_promised: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    impact: Mapped[str] = mapped_column(Text, default="")  # what changed ("you said, we did")
    impact_evidence: Mapped[str] = mapped_column(Text, default="")
    impact_recorded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    report = in_network("Recommendation", "Report", "report_id")
    organisation = in_network("Recommendation", "Organisation", "organisation_id")

    @property
    def response_label(self) -> str:
        return RESPONSE_STATUSES.get(self.response_status, self.response_status)


class ReportPublication(TenantMixin, db.Model):
    """The publication history: each publish, correction and unpublish with what the public saw."""

    __tablename__ = "report_publications"
    __table_args__ = (UniqueConstraint("network_id", "id"), network_fk("report_id", "reports"))
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def action_label(self) -> str:
        return PUBLICATION_ACTIONS.get(self.action, self.action)
