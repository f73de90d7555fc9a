"""Enter and view: the register of authorised representatives and the visits they make.

Following the Code of Conduct for visits, a visit record keeps what was found and how many
people were spoken to in each group, never their names."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

VISIT_TYPES = {"announced": "Announced", "unannounced": "Unannounced"}
VISIT_STATUSES = {
    "planned": "Planned",
    "carried_out": "Carried out",
    "refused": "Entry refused",
    "cancelled": "Cancelled",
}
# Providers check a draft visit report for factual accuracy within this many working days.
ACCURACY_WORKING_DAYS = 10


class AuthorisedRepresentative(TenantMixin, db.Model):
    __tablename__ = "authorised_representatives"
    __table_args__ = (UniqueConstraint("network_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    authorised_on: Mapped[date] = mapped_column(Date)
    authorisation_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    dbs_checked_on: Mapped[date] = mapped_column(Date)
    dbs_expires_on: Mapped[date] = mapped_column(Date)
    training_completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    training_notes: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def blocker(self, on: date) -> str | None:
        """Why this person may not visit on ``on``, or None when they may."""
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return f"{self.name}'s authorisation was withdrawn on {on:%-d %B %Y}"
        if self.authorised_on > on:
            return f"{self.name} is not authorised until {self.authorised_on:%-d %B %Y}"
        if self.authorisation_expires_on is not None and self.authorisation_expires_on < on:
            return f"{self.name}'s authorisation expired on {self.authorisation_expires_on:%-d %B %Y}"
        if self.dbs_expires_on < on:
            return f"{self.name}'s DBS check expired on {self.dbs_expires_on:%-d %B %Y}"
        return None


class Visit(TenantMixin, db.Model):
    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("organisation_id", "organisations"),
        network_fk("service_id", "services"),
        network_fk("report_id", "reports"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)  # the provider told of the visit
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    premises: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    visit_type: Mapped[str] = mapped_column(String(20), default="announced")
    unannounced_reason: Mapped[str] = mapped_column(Text, default="")
    planned_on: Mapped[date] = mapped_column(Date)
    notice_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    regulator_activity_checked: Mapped[bool] = mapped_column(Boolean, default=False)
    regulator_activity_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    carried_out_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    findings: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    spoke_with_people_using: Mapped[int] = mapped_column(Integer, default=0)
    spoke_with_relatives: Mapped[int] = mapped_column(Integer, default=0)
    spoke_with_staff: Mapped[int] = mapped_column(Integer, default=0)
    report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    accuracy_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    accuracy_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    accuracy_responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    accuracy_response: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation = in_network("Visit", "Organisation", "organisation_id")
    service = in_network("Visit", "Service", "service_id")
    report = in_network("Visit", "Report", "report_id")
    team: Mapped[list["VisitTeamMember"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="VisitTeamMember.id",
        foreign_keys="[VisitTeamMember.visit_id, VisitTeamMember.network_id]",
        primaryjoin="and_(VisitTeamMember.visit_id == Visit.id, VisitTeamMember.network_id == Visit.network_id)",
    )

    @property
    def status_label(self) -> str:
        return VISIT_STATUSES.get(self.status, self.status)

    @property
    def lead(self):
        return next((m.representative for m in self.team if m.is_lead), None)


class VisitTeamMember(TenantMixin, db.Model):
    __tablename__ = "visit_team_members"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "visit_id", "representative_id"),
        network_fk("visit_id", "visits"),
        network_fk("representative_id", "authorised_representatives"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(Integer)
    representative_id: Mapped[int] = mapped_column(Integer)
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    representative = in_network("VisitTeamMember", "AuthorisedRepresentative", "representative_id")
