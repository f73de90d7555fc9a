"""The correspondence log: letters, e-mails, calls and meetings with commissioners, providers,
OSCs, regulators and other LINks, incoming and outgoing, dated, with attachments and links.

Decisions:
- Every entry is with an organisation of the network's one list (the kernel's
  ``organisations``; a provider in the directory is one of them), optionally naming the person.
- Links to issues, requests for information, reports and OSC referrals are ``(kind, id)`` rows
  checked when written (``label`` keeps their title for the log and for search).
- Attachments are files of governance's ``stored_files`` (size- and type-checked there).
- Search is within the network: words in the subject, summary, person or organisation name,
  with filters (direction, channel, organisation, kind of link, dates).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

DIRECTIONS = {"in": "Received", "out": "Sent"}
CHANNELS = {"letter": "Letter", "email": "Email", "call": "Phone call", "meeting": "Meeting"}
LINK_KINDS = {
    "issue": "Issue",
    "information_request": "Request for information",
    "report": "Report",
    "osc_referral": "Referral to the OSC",
}


class Correspondence(TenantMixin, db.Model):
    __tablename__ = "correspondence"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("organisation_id", "organisations"),
        Index("ix_correspondence_network_dated", "network_id", "dated_on"),
        Index("ix_correspondence_network_organisation", "network_id", "organisation_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(10))
    dated_on: Mapped[date] = mapped_column(Date)
    organisation_id: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation = in_network("Correspondence", "Organisation", "organisation_id")
    links: Mapped[list["CorrespondenceLink"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="CorrespondenceLink.id",
        primaryjoin="and_(CorrespondenceLink.correspondence_id == Correspondence.id, "
        "CorrespondenceLink.network_id == Correspondence.network_id)",
        foreign_keys="[CorrespondenceLink.correspondence_id, CorrespondenceLink.network_id]",
    )
    attachments: Mapped[list["CorrespondenceAttachment"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="CorrespondenceAttachment.id",
        primaryjoin="and_(CorrespondenceAttachment.correspondence_id == Correspondence.id, "
        "CorrespondenceAttachment.network_id == Correspondence.network_id)",
        foreign_keys="[CorrespondenceAttachment.correspondence_id, CorrespondenceAttachment.network_id]",
    )

    @property
    def direction_label(self) -> str:
        return DIRECTIONS.get(self.direction, self.direction)

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)


class CorrespondenceLink(TenantMixin, db.Model):
    __tablename__ = "correspondence_links"
    __table_args__ = (
        UniqueConstraint("network_id", "correspondence_id", "kind", "target_id"),
        network_fk("correspondence_id", "correspondence"),
        Index("ix_correspondence_links_network_target", "network_id", "kind", "target_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    correspondence_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300), default="")

    @property
    def kind_label(self) -> str:
        return LINK_KINDS.get(self.kind, self.kind)


class CorrespondenceAttachment(TenantMixin, db.Model):
    __tablename__ = "correspondence_attachments"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("correspondence_id", "correspondence"),
        network_fk("file_id", "stored_files"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    correspondence_id: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[int] = mapped_column(Integer)
    file = in_network("CorrespondenceAttachment", "StoredFile", "file_id")
