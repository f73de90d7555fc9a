"""The service directory of one network: providers and the services they run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

PROVIDER_KINDS = {
    "nhs_trust": "NHS trust",
    "council": "Council",
    "gp_practice": "GP practice",
    "care_home": "Care home",
    "ambulance_service": "Ambulance service",
    "independent": "Private or charity provider",
}
SERVICE_TYPES = {
    "hospital": "Hospital",
    "emergency": "A&E and urgent care",
    "ambulance": "Ambulance",
    "mental_health": "Mental health",
    "gp": "GP and primary care",
    "social_care": "Adult social care",
    "care_home": "Care home",
    "community": "Community health",
    "specialist": "Specialist services",
    "dental": "Dentistry",
    "pharmacy": "Pharmacy",
    "childrens_social_care": "Children's social care (outside the LINk's remit)",
}
# Children's social services are the one publicly funded care outside a LINk's remit (the seeds:
# "The only services that are excluded are children's social services"). They may be listed, so
# feedback about them can be recorded and passed on, but they are marked and that feedback flagged.
OUTSIDE_REMIT_TYPES = frozenset({"childrens_social_care"})


class Provider(TenantMixin, db.Model):
    __tablename__ = "providers"
    # Unique keys lead with network_id: a key without it would tell one network another's names.
    __table_args__ = (
        UniqueConstraint("network_id", "name"),
        UniqueConstraint("network_id", "id"),
        # A provider is also an organisation the network deals with: one list (the kernel's
        # ``organisations``) for requests, reports, correspondence and the directory.
        ForeignKeyConstraint(["network_id", "organisation_id"], ["organisations.network_id", "organisations.id"]),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    organisation_id: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    services: Mapped[list["Service"]] = relationship(
        order_by="Service.name",
        viewonly=True,
        primaryjoin="and_(Service.provider_id == Provider.id, Service.network_id == Provider.network_id)",
        foreign_keys="[Service.provider_id, Service.network_id]",
    )

    @property
    def kind_label(self) -> str:
        return PROVIDER_KINDS.get(self.kind, self.kind)


class Service(TenantMixin, db.Model):
    __tablename__ = "services"
    __table_args__ = (
        UniqueConstraint("network_id", "provider_id", "name"),
        UniqueConstraint("network_id", "id"),  # the target of composite keys from other tables
        # The composite key makes the database refuse a service pointing at another network's provider.
        ForeignKeyConstraint(["network_id", "provider_id"], ["providers.network_id", "providers.id"]),
        Index("ix_services_network_type", "network_id", "service_type"),
        Index("ix_services_network_ods", "network_id", "ods_code"),
        Index("ix_services_network_cqc", "network_id", "cqc_location_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(30))
    location: Mapped[str] = mapped_column(String(200), default="")
    # National identifiers (identifiers.py): optional, checked by format, stored canonical.
    ods_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    cqc_location_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    provider: Mapped[Provider] = relationship(
        viewonly=True,
        lazy="selectin",
        foreign_keys=[provider_id],
        primaryjoin="and_(Service.provider_id == Provider.id, Service.network_id == Provider.network_id)",
    )

    @property
    def type_label(self) -> str:
        return SERVICE_TYPES.get(self.service_type, self.service_type)

    @property
    def outside_remit(self) -> bool:
        return self.service_type in OUTSIDE_REMIT_TYPES
