"""Platform tables: networks (the tenants), people, access, audit and the outbox.

These are platform tables, not tenant-owned data: ``memberships`` and ``api_tokens`` carry a
``network_id`` but must be read to decide *which* network a person may enter, before any network
is in scope, so they are filtered explicitly by the code that reads them instead of by RLS.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import db, utcnow

NETWORK_ROLES = ("network_admin", "staff", "member", "authorised_representative", "local_authority")
PLATFORM_ROLES = ("operator", "national_reader")
ROLE_LABELS = {
    "operator": "Platform operator",
    "national_reader": "National reader",
    "network_admin": "Network admin",
    "staff": "Host staff",
    "member": "Member",
    "authorised_representative": "Authorised representative",
    "local_authority": "Local authority (contract officer or OSC member)",
}
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


class Network(db.Model):
    """One LINk: a tenant."""

    __tablename__ = "networks"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    local_authority: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(60))
    host_organisation: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.status == "active"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    platform_role: Mapped[str | None] = mapped_column(String(30), nullable=True)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Rotated on sign-out and password change so old session cookies stop working.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    memberships: Mapped[list["Membership"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_operator(self) -> bool:
        return self.platform_role == "operator"


class Membership(db.Model):
    """A person's role in one network."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("network_id", "user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the LINk moves to a new host: from this date the role opens nothing (handover.py).
    access_ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    user: Mapped[User] = relationship(back_populates="memberships")
    network: Mapped[Network] = relationship()


class ApiToken(db.Model):
    """A bearer token for an integration. Only a SHA-256 of the secret is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for a platform token (operator or national reader); otherwise the one network it opens.
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), nullable=True, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(30))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    user: Mapped[User] = relationship()
    network: Mapped[Network | None] = relationship()


class AuditEvent(db.Model):
    """Who changed what, in which network, when."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_network_created", "network_id", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    network: Mapped[Network | None] = relationship()


class OutboxEvent(db.Model):
    """A side effect to carry out, committed with the change that causes it."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_status_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(80))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), nullable=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    # pending -> published -> done, or dead once it has failed too often.
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The request that wrote it (linkhub.platform.observability), so worker logs join up.
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Crash attribution (linkhub.platform.outbox.process): set while handlers run; still set at the
    # next delivery = the worker died. A suspect runs alone; only deaths alone count as crashes.
    running_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    running_alone: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    suspect: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    crashes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # handler exceptions
    # The relay's claim while it publishes outside its transaction (linkhub.workers.relay).
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OutboxHandled(db.Model):
    """One row per (event, handler) carried out: the idempotency key of every actor."""

    __tablename__ = "outbox_handled"
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"), primary_key=True)
    handler: Mapped[str] = mapped_column(String(120), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScheduledRun(db.Model):
    """One row per periodic job and time slot, so a slot runs once however many schedulers."""

    __tablename__ = "scheduled_runs"
    job: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot: Mapped[str] = mapped_column(String(40), primary_key=True)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_events.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HostContract(db.Model):
    """Which organisation hosted a network, from when to when (the history stays when a LINk
    moves to a new host). A platform table, written by the operator (handover.py)."""

    __tablename__ = "host_contracts"
    __table_args__ = (Index("ix_host_contracts_network_started", "network_id", "started_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    host_organisation: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Invitation(db.Model):
    """An offer of a role in a network, sent by e-mail, that the person accepts (or not).

    A platform table like ``memberships``: the person opens the link before any network is in
    scope, so it is looked up by the SHA-256 of its secret and filtered by the code. The address
    is stored as typed (lower-cased), never matched to an account when it is sent, so sending an
    invitation says nothing about who has an account."""

    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_network_email", "network_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    network: Mapped[Network] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def is_open(self, now: datetime) -> bool:
        expires = self.expires_at if self.expires_at.tzinfo else self.expires_at.replace(tzinfo=now.tzinfo)
        return self.accepted_at is None and self.revoked_at is None and expires > now


class ServiceFeedback(db.Model):
    """What someone told us about LINkHub itself through the beta banner's form, read by the
    platform operator. Not about a care service, and not tenant data: no network."""

    __tablename__ = "service_feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(300), default="")
    message: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
