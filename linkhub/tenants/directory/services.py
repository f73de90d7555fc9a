"""Changes to the service directory (the only code that writes providers and services)."""
from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError

from .models import PROVIDER_KINDS, SERVICE_TYPES, Provider, Service


def add_provider(*, name: str, kind: str) -> Provider:
    name = name.strip()
    if kind not in PROVIDER_KINDS:
        raise ServiceError("Choose the kind of provider", field="kind")
    if not name:
        raise ServiceError("Enter the provider's name", field="name")
    if db.session.scalar(select(Provider.id).where(func.lower(Provider.name) == name.lower())):
        raise ServiceError("This network already lists a provider with that name", status=409, field="name")
    provider = Provider(name=name, kind=kind)
    db.session.add(provider)
    db.session.flush()
    audit.record("provider.added", "provider", provider.id, name=name)
    return provider


def add_service(*, provider_id: int, name: str, service_type: str, location: str = "") -> Service:
    # The tenant filter applies to this lookup: another network's provider is simply not found.
    provider = db.session.get(Provider, provider_id)
    if provider is None:
        raise ServiceError("Choose a provider from this network's directory", status=422, field="provider_id")
    if service_type not in SERVICE_TYPES:
        raise ServiceError("Choose the type of service", field="service_type")
    name = name.strip()
    if not name:
        raise ServiceError("Enter the service's name", field="name")
    if db.session.scalar(select(Service.id).where(Service.provider_id == provider.id,
                                                  func.lower(Service.name) == name.lower())):
        raise ServiceError("This provider already has a service with that name", status=409, field="name")
    service = Service(provider_id=provider.id, name=name, service_type=service_type, location=location.strip())
    db.session.add(service)
    db.session.flush()
    audit.record("service.added", "service", service.id, name=name, provider=provider.name)
    return service
