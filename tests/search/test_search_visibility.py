"""One visibility rule: what the library lists can be opened. A suspended network's reports are
neither listed (page, CSV, JSON, Atom, API, facet counts) nor openable; reactivated, they are
both again. Joint reports (the working group's) stay."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select

from linkhub.platform import services as platform
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from tests.search.pipeline import publish, report_payload, run

pytestmark = pytest.mark.usefixtures("db_kind")


@pytest.fixture
def library(app, world):
    """The world's published reports (one per network) in the index, and a joint report
    convened by beta."""
    with platform_scope():
        pending = db.session.scalars(
            select(OutboxEvent.id).where(OutboxEvent.event_type == "report.published", OutboxEvent.status == "pending")
        ).all()
        db.session.rollback()
    assert run(*pending) == ["done"] * len(pending) and len(pending) >= 2
    publish(
        "report.published",
        report_payload(
            "JOINT1",
            network="beta",
            report_type="joint_report",
            title="Joint report on discharge",
            url="/federation/reports/JOINT1",
        ),
    )
    return world


def _listed(client) -> dict[str, set[str]]:
    """Titles each listing shows."""
    page = client.get("/reports?q=discharge").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(client.get("/reports.csv?q=discharge").get_data(as_text=True))))
    data = json.loads(client.get("/reports.json?q=discharge").get_data(as_text=True))
    atom = client.get("/reports.atom").get_data(as_text=True)
    api = client.get("/api/v1/search/reports?q=discharge").get_json()
    titles = {"Alpha LINk discharge report", "Beta LINk discharge report", "Joint report on discharge"}
    return {
        "page": {t for t in titles if t in page},
        "csv": {r["title"] for r in rows},
        "json": {r["title"] for r in data["reports"]},
        "atom": {t for t in titles if t in atom},
        "api": {i["title"] for i in api["items"]},
        "api_networks": {f["value"] for f in api["facets"]["network"]},
    }


def _beta_ref(client) -> str:
    api = client.get("/api/v1/search/reports?network=beta&report_type=network_report").get_json()
    return api["items"][0]["url"].rsplit("/", 1)[-1]


def test_a_suspended_networks_reports_are_neither_listed_nor_openable(client, library):
    everything = {"Alpha LINk discharge report", "Beta LINk discharge report", "Joint report on discharge"}
    before = _listed(client)
    assert all(before[k] == everything for k in ("page", "csv", "json", "atom", "api"))
    ref = _beta_ref(client)
    assert client.get(f"/reports/{ref}").status_code == 200

    platform.set_network_status(library.b, "suspended")
    db.session.commit()
    after = _listed(client)
    assert all(after[k] == everything - {"Beta LINk discharge report"} for k in ("page", "csv", "json", "atom", "api"))
    assert client.get(f"/reports/{ref}").status_code == 404
    # every other report of beta's (its annual report too) has left the whole open data as well
    all_rows = list(csv.DictReader(io.StringIO(client.get("/reports.csv").get_data(as_text=True))))
    assert [r["title"] for r in all_rows if r["network"] == "beta"] == ["Joint report on discharge"]
    assert after["api_networks"] == {"alpha", "beta"}  # beta's joint report still counts, once
    counts = {f["value"]: f["count"] for f in client.get("/api/v1/search/reports").get_json()["facets"]["network"]}
    assert counts["beta"] == 1

    platform.set_network_status(library.b, "active")
    db.session.commit()
    assert _listed(client) == before
    assert client.get(f"/reports/{ref}").status_code == 200


def test_open_data_summary_keeps_its_meaning_and_the_snippet_is_its_own_column(client, library):
    plain = {r["public_ref"]: r for r in csv.DictReader(io.StringIO(client.get("/reports.csv").get_data(as_text=True)))}
    searched = {
        r["public_ref"]: r
        for r in csv.DictReader(io.StringIO(client.get("/reports.csv?q=trolleys").get_data(as_text=True)))
    }
    assert searched and all(r["summary"] == plain[ref]["summary"] for ref, r in searched.items())
    assert all("trolleys" in r["snippet"].lower() for r in searched.values())
    assert all(r["snippet"] == "" for r in plain.values())
    data = json.loads(client.get("/reports.json?q=trolleys").get_data(as_text=True))
    assert data["columns"][-1] == "snippet" and data["reports"][0]["summary"] == plain["JOINT1"]["summary"]
