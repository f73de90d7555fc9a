"""ODS codes and CQC location ids on directory services: checked by format, stored canonical,
found by either, shown on the provider page and in the API."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory import identifiers, services
from linkhub.tenants.directory.models import Service
from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")

GOOD_ODS = [("RHQ", "RHQ"), ("rhq01", "RHQ01"), ("C84 001", "C84001"), ("fa123", "FA123"), (" 03N ", "03N")]
BAD_ODS = ["RH", "RHQ0123", "RH-Q", "C84_001", "ÅBC"]
GOOD_CQC = [("1-101612345", "1-101612345"), ("1-10000302982", "1-10000302982"), (" 1-1234567890 ", "1-1234567890")]
BAD_CQC = ["101612345", "1-1234", "2-101612345", "1-ABCDEFGHI", "1-123456789012"]


@pytest.mark.parametrize(("typed", "stored"), GOOD_ODS)
def test_ods_codes_are_stored_canonical(typed, stored):
    assert identifiers.ods_code(typed) == stored


@pytest.mark.parametrize("typed", BAD_ODS)
def test_what_cannot_be_an_ods_code_is_refused(typed):
    with pytest.raises(ValueError):
        identifiers.ods_code(typed)


@pytest.mark.parametrize(("typed", "stored"), GOOD_CQC)
def test_cqc_location_ids(typed, stored):
    assert identifiers.cqc_location_id(typed) == stored


@pytest.mark.parametrize("typed", BAD_CQC)
def test_what_cannot_be_a_cqc_location_id_is_refused(typed):
    with pytest.raises(ValueError):
        identifiers.cqc_location_id(typed)


@given(st.text(max_size=12))
def test_the_format_check_agrees_with_its_definition(text):
    """Oracle: accepted exactly when, spaces removed and upper-cased, it is 3 to 6 ASCII letters or digits."""
    value = "".join(text.split()).upper()
    expected = value == "" or (3 <= len(value) <= 6 and all(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" for c in value))
    try:
        identifiers.ods_code(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == expected


def test_services_carry_them_and_are_found_by_either(app, world):
    provider_id = world.records["alpha"]["provider_id"]
    with network_scope(world.a.id):
        made = services.add_service(
            provider_id=provider_id,
            name="Northern General A&E",
            service_type="emergency",
            ods_code="rhq 01",
            cqc_location_id="1-101612345",
        )
        db.session.commit()
        assert (made.ods_code, made.cqc_location_id) == ("RHQ01", "1-101612345")
        assert [s.id for s in services.find_by_identifier("rhq01")] == [made.id]
        assert [s.id for s in services.find_by_identifier(" 1-101612345")] == [made.id]
        with pytest.raises(ServiceError) as error:
            services.add_service(provider_id=provider_id, name="Bad", service_type="emergency", ods_code="R-1")
        assert error.value.field == "ods_code"
        db.session.rollback()
        services.set_identifiers(made, ods_code="", cqc_location_id="")
        db.session.commit()
        assert (made.ods_code, made.cqc_location_id) == (None, None)
    with network_scope(world.b.id):  # another network's directory does not find it
        assert services.find_by_identifier("RHQ01") == []
        db.session.rollback()


def test_pages_and_api(client, world):
    sign_in(client, "staff-a@example.org")
    provider_id = world.records["alpha"]["provider_id"]
    bad = client.post(
        "/networks/alpha/directory/services/new",
        data={"provider_id": provider_id, "name": "Clinic", "service_type": "gp", "ods_code": "C84-001!"},
    )
    assert bad.status_code == 200 and "Enter an ODS code" in bad.data.decode()
    good = client.post(
        "/networks/alpha/directory/services/new",
        data={
            "provider_id": provider_id,
            "name": "Clinic",
            "service_type": "gp",
            "ods_code": "c84001",
            "cqc_location_id": "1-101612345",
        },
    )
    assert good.status_code == 302
    page = client.get(good.headers["Location"]).data.decode()
    assert "C84001" in page and "https://www.cqc.org.uk/location/1-101612345" in page
    found = client.get("/networks/alpha/directory/?identifier=c84001").data.decode()
    assert "Services with c84001" in found and ">Clinic</a>" in found
    headers = bearer(world.tokens["admin_a"])
    api = client.get("/api/v1/networks/alpha/directory/services?identifier=1-101612345", headers=headers).get_json()
    assert [s["ods_code"] for s in api["items"]] == ["C84001"]
    refused = client.post(
        "/api/v1/networks/alpha/directory/services",
        headers=headers,
        json={"provider_id": provider_id, "name": "X", "service_type": "gp", "cqc_location_id": "12345"},
    )
    assert refused.status_code == 422 and "cqc_location_id" in refused.get_json()["error"]["fields"]
    with network_scope(world.a.id):
        assert db.session.query(Service).filter_by(name="X").count() == 0
        db.session.rollback()


def test_a_published_report_shows_its_services_identifiers_and_sends_them_to_open_data(app, client, world):
    from linkhub.tenants.reports import services as reports
    from linkhub.tenants.reports.services import publishing

    provider_id = world.records["alpha"]["provider_id"]
    with network_scope(world.a.id):
        service = services.add_service(
            provider_id=provider_id, name="Walk-in centre", service_type="gp", ods_code="y02 999", cqc_location_id=""
        )
        report = reports.create_report(title="Walk-in waits", summary="Long waits at the walk-in centre.")
        reports.add_subject(report, provider_id=provider_id, service_id=service.id)
        report.status = "approved"  # the approval journey has its own tests
        publishing.publish(report)
        db.session.commit()
        document, ref = publishing.document(report), report.public_ref
        db.session.rollback()
    assert document["ods_codes"] == ["Y02999"] and document["cqc_location_ids"] == []
    page = client.get(f"/reports/{ref}").data.decode()
    assert "Walk-in centre, ODS code Y02999" in page and "CQC location ID" not in page
