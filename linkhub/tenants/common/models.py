"""The tenant kernel's tables: organisations a network deals with (and their named contacts),
e-mails as handed to the mail system, and the helpers every domain uses to keep a reference
inside one network."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKeyConstraint,
    JSON,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

ORGANISATION_KINDS = {
    "commissioner": "Commissioner",
    "provider": "Provider",
    "osc": "Overview and Scrutiny Committee",
    "regulator": "Regulator",
    "link": "Another LINk",
    "other": "Other",
}


def in_network(owner: str, target: str, column: str):
    """A read-only many-to-one inside one network (the composite foreign key does the enforcing)."""
    return relationship(
        target,
        viewonly=True,
        lazy="selectin",
        foreign_keys=f"[{owner}.{column}]",
        primaryjoin=f"and_({owner}.{column} == {target}.id, {owner}.network_id == {target}.network_id)",
    )


def network_fk(column: str, table: str) -> ForeignKeyConstraint:
    """A reference that the database keeps inside the row's own network."""
    return ForeignKeyConstraint(["network_id", column], [f"{table}.network_id", f"{table}.id"])


class Organisation(TenantMixin, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("network_id", "name"), UniqueConstraint("network_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    contacts: Mapped[list["OrganisationContact"]] = relationship(
        viewonly=True,
        order_by="OrganisationContact.name",
        foreign_keys="[OrganisationContact.organisation_id, OrganisationContact.network_id]",
        primaryjoin="and_(OrganisationContact.organisation_id == Organisation.id, OrganisationContact.network_id == Organisation.network_id)",
    )

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, self.kind)


class OrganisationContact(TenantMixin, db.Model):
    """A named person at an organisation (their work details, not a member of the public)."""

    __tablename__ = "organisation_contacts"
    __table_args__ = (UniqueConstraint("network_id", "id"), network_fk("organisation_id", "organisations"))
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    organisation = in_network("OrganisationContact", "Organisation", "organisation_id")


class OutgoingMessage(TenantMixin, db.Model):
    """An e-mail as handed to the mail system. With no mail server (the embedded default) this
    table is the mail system: staff read it on the "Messages sent" page."""

    __tablename__ = "outgoing_messages"
    __table_args__ = (
        UniqueConstraint("network_id", "outbox_id"),
        Index("ix_outgoing_messages_network_created", "network_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Delivery (linkhub.platform.mail): "stored" (no mail server: this row is the delivery),
    # "retrying" (the server could not be reached; the outbox tries again), "sent", "bounced"
    # (a recipient was refused or a bounce came back), "failed" (refused for good, or given up
    # after the outbox's deliveries: a dead letter the operator sees too).
    status: Mapped[str] = mapped_column(String(20), default="stored", server_default="stored")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    message_id: Mapped[str] = mapped_column(String(200), default="", server_default="")
    headers: Mapped[dict | None] = mapped_column(JSON, nullable=True, default=dict)
    bounces: Mapped[list | None] = mapped_column(JSON, nullable=True, default=list)

    STATUS_LABELS = {
        "stored": ("Stored", "govuk-tag--grey"),
        "retrying": ("Retrying", "govuk-tag--yellow"),
        "sent": ("Sent", "govuk-tag--green"),
        "bounced": ("Bounced", "govuk-tag--orange"),
        "failed": ("Failed", "govuk-tag--red"),
    }

    @property
    def status_label(self) -> tuple[str, str]:
        return self.STATUS_LABELS.get(self.status, (self.status, "govuk-tag--grey"))
