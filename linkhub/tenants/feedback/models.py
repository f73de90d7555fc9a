"""Feedback from every channel, and the contacts who give it (stored once, counted once)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

CHANNELS = {
    "web": "Web form",
    "phone": "Phone call",
    "event": "Event",
    "email": "Email",
    "survey": "Survey",
    "visit": "Enter and view visit",
    "letter": "Letter",
}
STAFF_CHANNELS = {k: v for k, v in CHANNELS.items() if k != "web"}
RATINGS = {1: "Very poor", 2: "Poor", 3: "Neither good nor poor", 4: "Good", 5: "Very good"}
THEMES = {
    "access": "Access and waiting times",
    "communication": "Communication and information",
    "dignity": "Dignity and respect",
    "safety": "Safety and quality of care",
    "staffing": "Staff and staffing",
    "discharge": "Discharge and moving between services",
    "environment": "Cleanliness and environment",
    "transport": "Transport and getting there",
    "cost": "Charges and cost",
    "other": "Something else",
}
MAX_TEXT = 10_000
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: references are read out on the phone


def new_reference() -> str:
    """A random public reference: sequential ids would reveal a network's volumes. (32 symbols
    divide 256, so each random byte maps to one symbol without bias; one system call per reference.)"""
    return "".join(ALPHABET[byte % 32] for byte in secrets.token_bytes(10))


class Contact(TenantMixin, db.Model):
    """A person who gave feedback, stored once per network; only that network's staff see it."""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        Index("ix_contacts_network_email", "network_id", "email"),
        Index("ix_contacts_network_phone", "network_id", "phone"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)  # stored lower-case
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)  # E.164 (see phones.py)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when staff merge this record into another: the survivor keeps all feedback.
    merged_into_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Set when the person's data was erased (rights.erase): the row stays so counts stay right.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def phone_display(self) -> str:
        from .phones import display_phone

        return display_phone(self.phone)


class Feedback(TenantMixin, db.Model):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("network_id", "reference"),
        UniqueConstraint("network_id", "id"),
        ForeignKeyConstraint(["network_id", "service_id"], ["services.network_id", "services.id"]),
        ForeignKeyConstraint(["network_id", "contact_id"], ["contacts.network_id", "contacts.id"]),
        ForeignKeyConstraint(["network_id", "issue_id"], ["issues.network_id", "issues.id"]),
        # The lists' sort (newest first, id breaking ties), for keyset pages (migration 0100).
        Index("ix_feedback_network_received_id", "network_id", "received_at", "id"),
        # Feedback of an issue, and the newest feedback in no issue (suggested groups).
        Index("ix_feedback_network_issue_received", "network_id", "issue_id", "received_at"),
        Index("ix_feedback_network_provider_theme", "network_id", "provider_id", "theme", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), default=new_reference)
    channel: Mapped[str] = mapped_column(String(12))
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Denormalised from the service so trigger points can count by provider without a join.
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    service_text: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str] = mapped_column(String(20), default="other")
    what_happened: Mapped[str] = mapped_column(Text)
    happened_month: Mapped[date | None] = mapped_column(Date, nullable=True)  # first day of the month
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contact_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    consent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    equality: Mapped[dict] = mapped_column(JSON, default=dict)
    issue_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # Writable, so a new contact and its feedback go in one flush (contacts first); only contact_id
    # is synced from it: network_id is the tenant's, and the composite key makes them agree.
    contact: Mapped[Contact | None] = relationship(
        primaryjoin="and_(foreign(Feedback.contact_id) == Contact.id, Feedback.network_id == Contact.network_id)"
    )
    service = relationship(
        "Service",
        viewonly=True,
        primaryjoin="and_(Feedback.service_id == Service.id, Feedback.network_id == Service.network_id)",
        foreign_keys="[Feedback.service_id, Feedback.network_id]",
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("reference", new_reference())  # known before the row is flushed
        super().__init__(**kwargs)

    @property
    def service_label(self) -> str:
        return self.service.name if self.service is not None else (self.service_text or "Not given")

    @property
    def outside_remit(self) -> bool:
        """About a service outside the LINk's remit (children's social care): flagged."""
        return bool(self.service is not None and self.service.outside_remit)

    @property
    def rating_label(self) -> str:
        return RATINGS.get(self.rating, "Not given")

    @property
    def theme_label(self) -> str:
        return THEMES.get(self.theme, self.theme)

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)


class PendingImport(TenantMixin, db.Model):
    """A CSV file that passed its dry run, kept until the person who checked it imports it, so
    "Import N rows" does not ask for the file again. Kept in the database (not on one web
    server's disk): the confirming request may reach another process or machine. Only its
    uploader can import it; it lasts a day."""

    __tablename__ = "pending_imports"
    __table_args__ = (UniqueConstraint("network_id", "token"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    rows: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
