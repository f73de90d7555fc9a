"""Members and participants of a LINk, and their declarations of interest.

Decisions (from the seeds, "Further information on LINks"):
- A **member** makes a commitment to take part regularly; a **participant** wants to influence
  the LINk's work without regular involvement. Either can be an **individual** or an
  **organisation** (user-led organisations, voluntary and community groups).
- A person need not have an account: ``user_id`` links one when they have it (an invitation
  through the People page, ``linkhub.platform.people``). The register is the LINk's record of
  who is involved; accounts are only who may sign in.
- NHS trusts, NHS foundation trusts, Primary Care Trusts and Strategic Health Authorities cannot
  join as organisations; the people who work for them can, declaring the interest (an
  :class:`Interest`, the conflicts of interest register, renewed yearly).
- Leaving removes the person's details (name, contact details, notes, declarations): the row
  stays so that what they did (decisions, task groups) stays, shown as "A former member".
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import in_network, network_fk

KINDS = {"individual": "An individual", "organisation": "An organisation or group"}
INVOLVEMENT = {
    "member": "Member – takes part regularly",
    "participant": "Participant – gives views and influences the work now and then",
}
ORGANISATION_TYPES = {
    "user_led": "User-led organisation",
    "voluntary": "Voluntary organisation or charity",
    "community": "Community group",
    "other": "Other organisation",
    "nhs_body": "NHS trust, NHS foundation trust, Primary Care Trust or Strategic Health Authority",
}
CONTACT_METHODS = {"email": "Email", "phone": "Phone", "post": "Post", "none": "Do not contact me"}
STATUSES = {"applied": "Asked to join", "active": "Active", "declined": "Not accepted", "left": "Left"}
STATUS_TAGS = {
    "applied": "govuk-tag--yellow",
    "active": "govuk-tag--green",
    "declined": "govuk-tag--grey",
    "left": "govuk-tag--grey",
}
FORMER_MEMBER = "A former member"
CONSENT_WORDING = (
    "I agree that the LINk keeps these details to involve me in its work and to contact me in the way I chose. "
    "I can leave at any time and ask for my details to be removed."
)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RENEW_AFTER_DAYS = 365


def new_reference() -> str:
    return "".join(ALPHABET[byte % 32] for byte in secrets.token_bytes(8))


class Person(TenantMixin, db.Model):
    __tablename__ = "network_people"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "reference"),
        Index("ix_network_people_network_status", "network_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), default=new_reference)
    kind: Mapped[str] = mapped_column(String(20))
    involvement: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    organisation_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    contact_method: Mapped[str] = mapped_column(String(10), default="email")
    consent_to_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    interests_text: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    source: Mapped[str] = mapped_column(String(20), default="staff")  # staff | public_form | import
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    joined_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @property
    def display_name(self) -> str:
        return FORMER_MEMBER if self.status == "left" else self.name

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return "Individual" if self.kind == "individual" else "Organisation"

    @property
    def involvement_label(self) -> str:
        return INVOLVEMENT.get(self.involvement, self.involvement).split(" –")[0]


class Interest(TenantMixin, db.Model):
    """One declaration in the conflicts of interest register."""

    __tablename__ = "declared_interests"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("person_id", "network_people"),
        network_fk("provider_id", "providers"),
        Index("ix_declared_interests_network_person", "network_id", "person_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer)
    employer: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    interest: Mapped[str] = mapped_column(Text)
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    declared_on: Mapped[date] = mapped_column(Date)
    renewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person = in_network("Interest", "Person", "person_id")
    provider = in_network("Interest", "Provider", "provider_id")

    @property
    def renew_by(self) -> date:
        return (self.renewed_on or self.declared_on) + timedelta(days=RENEW_AFTER_DAYS)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def summary(self) -> str:
        parts = [self.employer] + ([self.role] if self.role else [])
        return f"{', '.join(parts)}: {self.interest}"
