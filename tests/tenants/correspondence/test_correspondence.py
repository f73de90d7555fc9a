"""The correspondence log: one list of organisations (a provider is one), recording with links
and attachments (checked, nothing half-written), searching within the network, API and pages."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.correspondence import queries, services
from linkhub.tenants.correspondence.models import Correspondence, CorrespondenceLink
from linkhub.tenants.directory import services as directory
from linkhub.tenants.governance.models import StoredFile
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_provider_is_an_organisation_of_the_one_list(world):
    with network_scope(world.a.id):
        provider = directory.add_provider(name="Alpha Care Homes Ltd", kind="care_home")
        db.session.commit()
        organisation = db.session.get(Organisation, provider.organisation_id)
        assert (organisation.name, organisation.kind) == ("Alpha Care Homes Ltd", "provider")
        # The same name again is the same organisation, never a second list entry.
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Organisation)
                .where(func.lower(Organisation.name) == "alpha care homes ltd")
            )
            == 1
        )
        db.session.rollback()


def test_recording_is_all_or_nothing(world):
    with network_scope(world.a.id):
        organisation_id = db.session.scalars(select(Organisation.id)).first()
        before = (count(Correspondence), count(CorrespondenceLink), count(StoredFile))
        good = dict(
            direction="out",
            channel="email",
            dated_on=clock.today(),
            organisation_id=organisation_id,
            subject="Asking for data",
        )
        for changes, field in (
            (dict(attachments=[("ok.pdf", b"%PDF-1"), ("bad.exe", b"MZ")]), "attachment"),
            (dict(links=[{"kind": "report", "target_id": 999999}]), "links"),
            (dict(dated_on=clock.today() + timedelta(days=1)), "dated_on"),
            (dict(organisation_id=999999), "organisation_id"),
            (dict(direction="sideways"), "direction"),
            (dict(subject=""), "subject"),
        ):
            with pytest.raises(ServiceError) as refused:
                services.record(**{**good, **changes})
            assert refused.value.field == field
            db.session.rollback()
        assert (count(Correspondence), count(CorrespondenceLink), count(StoredFile)) == before


def test_search_within_the_network(world):
    with network_scope(world.a.id):
        found = db.session.scalars(queries.search(q="winter")).all()
        assert [c.subject for c in found] == ["Reply about A&E waiting times"]
        assert db.session.scalars(queries.search(q="General Hospital")).all() == found  # the organisation's name
        assert db.session.scalars(queries.search(q="100%")).all() == []  # % is a character, not a wildcard
        assert db.session.scalars(queries.search(kind="issue", direction="in")).all() == found
        assert db.session.scalars(queries.search(direction="out")).all() == []
        db.session.rollback()
    with network_scope(world.b.id):
        only_b = db.session.scalars(queries.search(q="winter")).all()
        assert [c.organisation.name for c in only_b] == ["Beta LINk General Hospital"]
        db.session.rollback()


def test_api_record_search_attach(client, world, staff):
    url = "/api/v1/networks/alpha/correspondence/"
    with network_scope(world.a.id):
        organisation_id = db.session.scalars(select(Organisation.id)).first()
        db.session.rollback()
    made = client.post(
        url,
        json={
            "direction": "out",
            "channel": "letter",
            "dated_on": clock.today().isoformat(),
            "organisation_id": organisation_id,
            "subject": "Our report on discharge",
            "links": [{"kind": "issue", "target_id": world.records["alpha"]["issue_id"]}],
        },
        headers=staff,
    )
    assert made.status_code == 201, made.get_json()
    other = client.post(
        url,
        json={
            "direction": "out",
            "channel": "letter",
            "dated_on": clock.today().isoformat(),
            "organisation_id": organisation_id + 100000,
            "subject": "x",
        },
        headers=staff,
    )
    assert other.status_code == 422 and "organisation_id" in other.get_json()["error"]["fields"]
    found = client.get(url + "?q=discharge", headers=staff).get_json()
    assert [c["subject"] for c in found["items"]] == ["Our report on discharge"]
    entry = made.get_json()["id"]
    too_big = client.post(
        f"{url}{entry}/attachments",
        data={"file": (io.BytesIO(b"%PDF" + b"0" * (10 * 1024 * 1024)), "big.pdf")},
        headers=staff,
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 422 and "attachment" in too_big.get_json()["error"]["fields"]
    fine = client.post(
        f"{url}{entry}/attachments",
        data={"file": (io.BytesIO(b"%PDF-1.4"), "letter.pdf")},
        headers=staff,
        content_type="multipart/form-data",
    )
    assert fine.status_code == 201 and fine.get_json()["filename"] == "letter.pdf"


def test_pages(client, world):
    sign_in(client, world.users["member_a"].email)
    page = client.get("/networks/alpha/correspondence/?q=winter")
    assert page.status_code == 200 and b"Reply about A&amp;E waiting times" in page.data
    entry = client.get(f"/networks/alpha/correspondence/{world.records['alpha']['correspondence_id']}")
    assert b"reply.pdf" in entry.data
    got = client.get(
        f"/networks/alpha/correspondence/attachments/{world.records['alpha']['correspondence_attachment_id']}"
    )
    assert got.data.startswith(b"%PDF")
    assert client.get("/networks/alpha/correspondence/new").status_code == 403
    client.post("/sign-out")
    sign_in(client, world.users["staff_a"].email)
    with network_scope(world.a.id):
        organisation_id = db.session.scalars(select(Organisation.id)).first()
        db.session.rollback()
    data = {
        "direction": "in",
        "channel": "call",
        "dated_on": [str(clock.today().day), str(clock.today().month), str(clock.today().year)],
        "organisation_id": organisation_id,
        "subject": "Call from the PALS team",
    }
    bad = client.post(
        "/networks/alpha/correspondence/new",
        data={**data, "attachment": (io.BytesIO(b"MZ"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 200 and b"There is a problem" in bad.data
    ok = client.post("/networks/alpha/correspondence/new", data=data, content_type="multipart/form-data")
    assert ok.status_code == 302


def test_the_whole_demo_loads_once(app):
    from linkhub.demo import load_demo

    lines = list(load_demo())
    assert any(line.startswith("governance sheffield") for line in lines)
    assert any(line.startswith("correspondence salford") for line in lines)
    again = list(load_demo())
    assert not any(line.startswith(("governance", "correspondence")) for line in again)
    from linkhub.platform.models import Network
    from linkhub.tenants.governance.models import Decision

    for network in db.session.scalars(select(Network)).all():
        with network_scope(network.id):
            decisions = db.session.scalars(select(Decision)).all()
            assert any(d.conflicts for d in decisions), network.slug
            assert any(d.awaiting_ratification for d in decisions), network.slug
            assert count(Correspondence) >= 5
            db.session.rollback()
