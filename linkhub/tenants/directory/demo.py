"""Demo service directory: real-sounding providers and services for each demo network."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope

from . import services
from .models import Provider

DIRECTORY = {
    "sheffield": [
        (
            "Sheffield Teaching Hospitals NHS Foundation Trust",
            "nhs_trust",
            [
                ("Northern General Hospital A&E", "emergency", "Herries Road"),
                ("Royal Hallamshire Hospital", "hospital", "Glossop Road"),
            ],
        ),
        (
            "Yorkshire Ambulance Service NHS Trust",
            "ambulance_service",
            [
                ("999 emergency ambulance", "ambulance", "South Yorkshire"),
                ("NHS 111", "emergency", "Yorkshire and the Humber"),
            ],
        ),
        (
            "Sheffield Health and Social Care NHS Foundation Trust",
            "nhs_trust",
            [
                ("Crisis resolution and home treatment team", "mental_health", "Sheffield"),
                ("Community mental health team (north)", "mental_health", "Firth Park"),
            ],
        ),
        ("Sheffield City Council", "council", [("Home care (adult social care)", "social_care", "Citywide")]),
        ("Page Hall Medical Centre", "gp_practice", [("GP appointments", "gp", "Page Hall")]),
        ("Abbeyfield Care Home", "care_home", [("Residential care", "care_home", "Nether Edge")]),
    ],
    "leeds": [
        (
            "Leeds Teaching Hospitals NHS Trust",
            "nhs_trust",
            [
                ("St James's University Hospital A&E", "emergency", "Beckett Street"),
                ("Leeds General Infirmary", "hospital", "Great George Street"),
            ],
        ),
        (
            "Yorkshire Ambulance Service NHS Trust",
            "ambulance_service",
            [("999 emergency ambulance", "ambulance", "West Yorkshire")],
        ),
        ("Leeds and York Partnership NHS Foundation Trust", "nhs_trust", [("Crisis team", "mental_health", "Leeds")]),
    ],
    "manchester": [
        (
            "Manchester University NHS Foundation Trust",
            "nhs_trust",
            [
                ("Manchester Royal Infirmary A&E", "emergency", "Oxford Road"),
                ("Wythenshawe Hospital", "hospital", "Southmoor Road"),
            ],
        ),
        (
            "North West Ambulance Service NHS Trust",
            "ambulance_service",
            [("999 emergency ambulance", "ambulance", "Greater Manchester")],
        ),
        (
            "Greater Manchester Mental Health NHS Foundation Trust",
            "nhs_trust",
            [("Home treatment team", "mental_health", "Manchester")],
        ),
    ],
    "salford": [
        (
            "Northern Care Alliance NHS Foundation Trust",
            "nhs_trust",
            [("Salford Royal Hospital", "hospital", "Stott Lane")],
        ),
        (
            "North West Ambulance Service NHS Trust",
            "ambulance_service",
            [("999 emergency ambulance", "ambulance", "Greater Manchester")],
        ),
    ],
}

# ODS codes of the NHS trusts (the organisation's code, on its main service here). CQC location
# ids are not in the demo: add the real ones from each location's page on the CQC website.
ODS_CODES = {
    "Sheffield Teaching Hospitals NHS Foundation Trust": "RHQ",
    "Yorkshire Ambulance Service NHS Trust": "RX8",
    "Leeds Teaching Hospitals NHS Trust": "RR8",
    "Manchester University NHS Foundation Trust": "R0A",
    "North West Ambulance Service NHS Trust": "RX7",
    "Northern Care Alliance NHS Foundation Trust": "RM3",
}


def load_directory():
    for slug, providers in DIRECTORY.items():
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        with network_scope(network.id):
            if db.session.scalar(select(Provider.id).limit(1)) is not None:
                continue
            for name, kind, offered in providers:
                provider = services.add_provider(name=name, kind=kind)
                for position, (service_name, service_type, location) in enumerate(offered):
                    services.add_service(
                        provider_id=provider.id,
                        name=service_name,
                        service_type=service_type,
                        location=location,
                        ods_code=ODS_CODES.get(name) if position == 0 else None,
                    )
            db.session.commit()
            yield f"directory {slug}: {len(providers)} providers"
