"""Changes to the service directory (the only code that writes providers and services)."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError

from linkhub.tenants.common.models import Organisation
from linkhub.tenants.common.services import add_organisation

from . import identifiers
from .models import PROVIDER_KINDS, SERVICE_TYPES, Provider, Service


def _organisation_for(name: str) -> Organisation:
    """The one list of organisations: a provider is an organisation too (found by name, or added)."""
    found = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower()))
    return found or add_organisation(name=name, kind="provider")


def add_provider(*, name: str, kind: str) -> Provider:
    name = name.strip()
    if kind not in PROVIDER_KINDS:
        raise ServiceError("Choose the kind of provider", field="kind")
    if not name:
        raise ServiceError("Enter the provider's name", field="name")
    if db.session.scalar(select(Provider.id).where(func.lower(Provider.name) == name.lower())):
        raise ServiceError("This network already lists a provider with that name", status=409, field="name")
    provider = Provider(name=name, kind=kind, organisation_id=_organisation_for(name).id)
    db.session.add(provider)
    db.session.flush()
    audit.record("provider.added", "provider", provider.id, name=name)
    return provider


def _identifiers(ods_code: str | None, cqc_location_id: str | None) -> tuple[str | None, str | None]:
    try:
        ods = identifiers.ods_code(ods_code)
    except ValueError as exc:
        raise ServiceError(str(exc), field="ods_code") from None
    try:
        cqc = identifiers.cqc_location_id(cqc_location_id)
    except ValueError as exc:
        raise ServiceError(str(exc), field="cqc_location_id") from None
    return ods, cqc


def add_service(
    *,
    provider_id: int,
    name: str,
    service_type: str,
    location: str = "",
    ods_code: str | None = None,
    cqc_location_id: str | None = None,
) -> Service:
    # The tenant filter applies to this lookup: another network's provider is simply not found.
    provider = db.session.get(Provider, provider_id)
    if provider is None:
        raise ServiceError("Choose a provider from this network's directory", status=422, field="provider_id")
    if service_type not in SERVICE_TYPES:
        raise ServiceError("Choose the type of service", field="service_type")
    name = name.strip()
    if not name:
        raise ServiceError("Enter the service's name", field="name")
    if db.session.scalar(
        select(Service.id).where(Service.provider_id == provider.id, func.lower(Service.name) == name.lower())
    ):
        raise ServiceError("This provider already has a service with that name", status=409, field="name")
    ods, cqc = _identifiers(ods_code, cqc_location_id)
    service = Service(
        provider_id=provider.id,
        name=name,
        service_type=service_type,
        location=location.strip(),
        ods_code=ods,
        cqc_location_id=cqc,
    )
    db.session.add(service)
    db.session.flush()
    audit.record("service.added", "service", service.id, name=name, provider=provider.name)
    return service


def set_identifiers(service: Service, *, ods_code: str | None, cqc_location_id: str | None) -> Service:
    """Record (or clear, with blanks) a service's ODS code and CQC location id."""
    service.ods_code, service.cqc_location_id = _identifiers(ods_code, cqc_location_id)
    audit.record(
        "service.identifiers", "service", service.id, ods_code=service.ods_code, cqc_location_id=service.cqc_location_id
    )
    return service


def find_by_identifier(text: str) -> list[Service]:
    """Services of this network whose ODS code or CQC location id is ``text`` (any spacing or case)."""
    value = "".join((text or "").split())
    if not value:
        return []
    return list(
        db.session.scalars(
            select(Service)
            .where((Service.ods_code == value.upper()) | (Service.cqc_location_id == value))
            .order_by(Service.name)
        )
    )
