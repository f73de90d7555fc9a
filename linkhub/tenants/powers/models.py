"""Requests for information, referrals to the Overview
and Scrutiny Committee (OSC), the reminders and e-mails the clocks produce, and the secret
calendar addresses people subscribe to (a platform table: see :class:`CalendarFeed`)."""

from __future__ import annotations

import re
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import User
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

REQUEST_STATUSES = {
    "draft": "Draft",
    "sent": "Sent",
    "answered": "Answered",
    "partly_answered": "Partly answered",
    "refused": "Refused",
    "overdue": "Overdue",
}
REQUEST_OUTCOMES = ("answered", "partly_answered", "refused")
REFERRAL_STATUSES = {
    "draft": "Draft",
    "referred": "Referred",
    "acknowledged": "Acknowledged",
    "responded": "Responded",
    "closed": "Closed",
}


class InformationRequest(TenantMixin, db.Model):
    """A request for information: the body must answer within 20 working days of sending."""

    __tablename__ = "information_requests"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("organisation_id", "organisations"),
        Index("ix_information_requests_network_status_due", "network_id", "status", "due_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    # The issues domain is built separately: a reference by value until it can be a foreign key.
    issue_ref: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    original_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation = in_network("InformationRequest", "Organisation", "organisation_id")

    @property
    def status_label(self) -> str:
        return REQUEST_STATUSES.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in ("sent", "overdue")


class OscReferral(TenantMixin, db.Model):
    """A matter referred to the council's OSC, with the evidence and the committee's answer.

    The OSC must acknowledge a referral; we run the same 20-working-day clock on that
    acknowledgement so a silent committee shows on the deadlines page."""

    __tablename__ = "osc_referrals"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("organisation_id", "organisations"),
        network_fk("report_id", "reports"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    matter: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    issue_refs: Mapped[str] = mapped_column(String(400), default="")  # evidence: issue references
    report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # evidence: one of our reports
    status: Mapped[str] = mapped_column(String(20), default="draft")
    referred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    responded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    response: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Every answer, oldest first (read-only; loaded for a page of referrals at once by the API).
    answers: Mapped[list["OscReferralAnswer"]] = relationship(
        viewonly=True,
        order_by="(OscReferralAnswer.answered_on, OscReferralAnswer.id)",
        foreign_keys="[OscReferralAnswer.referral_id, OscReferralAnswer.network_id]",
        primaryjoin="and_(OscReferralAnswer.referral_id == OscReferral.id, OscReferralAnswer.network_id == OscReferral.network_id)",
    )
    organisation = in_network("OscReferral", "Organisation", "organisation_id")

    @property
    def status_label(self) -> str:
        return REFERRAL_STATUSES.get(self.status, self.status)

    @property
    def issue_ids(self) -> list[int]:
        """The issues given as evidence (checked when recorded: issue_refs.check)."""
        return [int(n) for n in re.findall(r"\d+", self.issue_refs or "")]


class OscReferralAnswer(TenantMixin, db.Model):
    """One answer of the committee to a referral, as recorded: a later answer (acknowledged, then
    responded, then closed) is added beside the earlier ones, never written over them."""

    __tablename__ = "osc_referral_answers"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("referral_id", "osc_referrals"),
        Index("ix_osc_referral_answers_network_referral", "network_id", "referral_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    answered_on: Mapped[date] = mapped_column(Date)
    response: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    @property
    def status_label(self) -> str:
        return REFERRAL_STATUSES.get(self.status, self.status)


class ReminderSent(TenantMixin, db.Model):
    """One row per reminder: the unique key makes each reminder go once, however often the job runs.

    ``subject`` names the clock and its due date, so an extension earns fresh reminders."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("network_id", "subject", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # due_soon, due_today, overdue
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_events.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CalendarFeed(db.Model):
    """A person's secret address for subscribing to one network's deadlines in a calendar app.

    A platform table, deliberately not a :class:`TenantMixin` one (like ``api_tokens``): a
    calendar app sends no cookie, so the address is looked up by its secret to decide whether
    the request may read the network's deadlines at all, and the code filters it by network
    explicitly. Only a SHA-256 of the secret is kept; the secret is shown once. One live
    address per person per network (the partial unique index); a new one revokes the old.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        Index(
            "uq_calendar_feeds_live",
            "network_id",
            "user_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    user: Mapped[User] = relationship()
