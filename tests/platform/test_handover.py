"""Handing a LINk over: to a new host (history stays, the old host's staff lose access on the
date), and to another instance (export, import into a fresh database, export again: the same
data; a bad or clashing file writes nothing)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform import clock, handover
from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent, HostContract, Membership, Network
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from tests.conftest import make_config, truncate_all
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def staff_membership(world):
    return db.session.scalar(
        select(Membership).where(Membership.user_id == world.users["staff_a"].id, Membership.network_id == world.a.id)
    )


def test_the_old_hosts_staff_lose_access_on_the_date(client, world):
    network = db.session.get(Network, world.a.id)
    membership = staff_membership(world)
    handover.hand_over(
        network,
        new_host="Alpha Healthwatch Trust",
        access_ends_on=clock.today() + timedelta(days=7),
        membership_ids=[membership.id],
    )
    db.session.commit()
    history = [(h.host_organisation, h.ended_on) for h in handover.host_history(network)]
    assert history == [("Alpha CVS", clock.today() + timedelta(days=7)), ("Alpha Healthwatch Trust", None)]
    sign_in(client, world.users["staff_a"].email)
    assert client.get("/networks/alpha/governance/").status_code == 200  # still before the date
    membership = staff_membership(world)
    membership.access_ends_on = clock.today()
    db.session.commit()
    assert client.get("/networks/alpha/governance/").status_code in (302, 403)
    assert client.get("/networks/alpha/members/").status_code in (302, 403)
    with network_scope(world.a.id):  # the records stay
        from linkhub.tenants.governance.models import Decision

        assert db.session.get(Decision, world.records["alpha"]["decision_id"]) is not None
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "network.handed_over"))


def test_handover_refusals(world):
    network = db.session.get(Network, world.a.id)
    for kwargs, field in (
        (dict(new_host=" "), "new_host"),
        (dict(new_host="alpha cvs"), "new_host"),
        (dict(membership_ids=[999999]), "membership_ids"),
    ):
        with pytest.raises(ServiceError) as refused:
            handover.hand_over(
                network, **{"new_host": "New", "access_ends_on": clock.today(), "membership_ids": [], **kwargs}
            )
        assert refused.value.field == field
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(HostContract)) == 0


def _comparable(data: bytes) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(data))
    skipped = {f"data/{t}.json" for t in json.loads(archive.read("manifest.json"))["record_only"]}
    out = {}
    for name in archive.namelist():
        if name.startswith("data/") and name != "data/audit_events.json" and name not in skipped:
            out[name] = json.loads(archive.read(name))
        elif name.startswith("files/"):
            out[name] = archive.read(name)
    out["audit"] = {
        json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True)
        for r in json.loads(archive.read("data/audit_events.json"))
    }
    return out


def test_round_trip_export_import_into_a_fresh_database_export_again(
    request, app, world, tmp_path, sqlite_template, db_kind
):
    first = handover.export_network(db.session.get(Network, world.a.id))
    db.session.commit()
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(first)).read("manifest.json"))
    assert manifest["tables"]["decisions"]["rows"] == 1 and manifest["tables"]["correspondence"]["rows"] == 1
    assert any(path.startswith("files/stored_files/") for path in manifest["files"])
    assert "README.md" in zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "share_requests" in manifest["record_only"] and "decisions" not in manifest["record_only"]

    from linkhub.app import create_app

    if db_kind == "postgresql":
        db.session.remove()
        truncate_all(request.getfixturevalue("pg_owner_engine"))  # a fresh database (the owner may truncate)
        target_app = None
    else:
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        shutil.copy(sqlite_template, fresh / "linkhub.sqlite3")
        target_app = create_app(make_config(fresh, f"sqlite:///{fresh / 'linkhub.sqlite3'}"), start_worker=False)
    context = target_app.app_context() if target_app else app.app_context()
    with context:
        imported = handover.import_network(first)
        db.session.commit()
        assert imported.slug == "alpha"
        second = handover.export_network(imported)
        db.session.commit()
        again = _comparable(second)
        before = _comparable(first)
        assert {k: v for k, v in again.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}
        assert before["audit"] <= again["audit"]  # the history came along (plus the import's own rows)
        if db_kind == "postgresql":  # the id sequences moved past the imported ids: new rows fit
            from linkhub.tenants.governance.services import decisions

            with network_scope(imported.id):
                made = decisions.raise_disagreement(subject="After the move", description="A new row")
                db.session.commit()
                assert made.id > world.records["alpha"]["disagreement_id"]
        # The same file again clashes with itself: refused, nothing written.
        networks = db.session.scalar(select(func.count()).select_from(Network))
        with pytest.raises(ServiceError) as clash:
            handover.import_network(first, slug="alpha-copy")
        assert clash.value.status == 409
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Network)) == networks
        db.session.remove()
    if target_app is not None:
        with target_app.app_context():
            db.engine.dispose()


def test_a_bad_file_is_refused_and_nothing_is_written(world):
    networks = db.session.scalar(select(func.count()).select_from(Network))
    for data in (b"not a zip", _zip({"manifest.json": json.dumps({"format": "other"})})):
        with pytest.raises(ServiceError) as refused:
            handover.import_network(data, slug="gamma")
        assert refused.value.field == "file"
        db.session.rollback()
    good = handover.export_network(db.session.get(Network, world.a.id))
    db.session.commit()
    tampered = _rewrite(good, lambda name, body: b"tampered" if name.startswith("files/") else body)
    with pytest.raises(ServiceError, match="checksum"):
        handover.import_network(tampered, slug="gamma")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Network)) == networks


def test_operator_pages(client, world):
    sign_in(client, world.users["operator"].email)
    page = client.get(f"/operator/networks/{world.a.id}/handover")
    assert page.status_code == 200 and b"Staff A" in page.data
    got = client.get(f"/operator/networks/{world.a.id}/export.zip")
    assert got.status_code == 200 and got.data[:2] == b"PK"
    bad = client.post(
        "/operator/networks/import", data={"file": (io.BytesIO(b"nope"), "x.zip")}, content_type="multipart/form-data"
    )
    assert bad.status_code == 200 and b"not a LINkHub network export" in bad.data
    sign_in(client, world.users["admin_a"].email)
    assert client.get(f"/operator/networks/{world.a.id}/export.zip").status_code in (302, 403, 404)


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _rewrite(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip({name: change(name, source.read(name)) for name in source.namelist()})
