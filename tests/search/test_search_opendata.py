"""Open data: CSV, JSON and Atom parse with standard tools, hold only published reports, and
follow the same parameters as the reports page."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from linkhub.search.opendata import COLUMNS
from tests.search.pipeline import issue_payload, publish, report_payload

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def indexed(app, world):
    # 130 reports over few days: the export must cross batch and same-day boundaries.
    for i in range(130):
        publish(
            "report.published",
            report_payload(
                f"R{i:03d}",
                published_on=f"2010-05-{i % 4 + 1:02d}",
                network="alpha" if i % 2 else "beta",
                title=f'=HYPERLINK("x") report {i}' if i == 7 else f"Report {i} on handover",
            ),
        )
    publish("report.unpublished", {"public_ref": "R001"})
    publish("shared_issue.shared", issue_payload(1))
    return world


def test_csv_has_stable_columns_and_every_published_report(client, indexed):
    response = client.get("/reports.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0].keys()) == COLUMNS
    refs = [r["public_ref"] for r in rows]
    assert len(refs) == len(set(refs)) == 129 and "R001" not in refs
    dates = [r["published_on"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    first = next(r for r in rows if r["public_ref"] == "R002")
    assert first["providers"] == "North West Ambulance Service" and first["url"].startswith("http://localhost/")
    assert next(r for r in rows if r["public_ref"] == "R007")["title"].startswith("'=")  # no formulas


def test_json_per_network_and_saved_search(client, indexed):
    data = json.loads(client.get("/reports.json?network=beta").get_data(as_text=True))
    assert data["count"] == len(data["reports"]) == 65
    assert {r["network"] for r in data["reports"]} == {"beta"}
    assert data["columns"] == list(COLUMNS) and isinstance(data["reports"][0]["powers"], list)
    saved = json.loads(client.get("/reports.json?q=handover&to=2010-05-01").get_data(as_text=True))
    assert saved["count"] == 33 and saved["query"]["q"] == "handover"


def test_atom_feed_parses_and_lists_the_newest(client, indexed):
    response = client.get("/reports.atom?network=alpha")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert feed.find(f"{ATOM}id").text.endswith("/reports.atom?network=alpha")
    first = entries[0]
    assert first.find(f"{ATOM}updated").text == "2010-05-04T00:00:00Z"
    assert first.find(f"{ATOM}link").get("href").startswith("http://localhost/networks/alpha/reports/")
    assert all(e.find(f"{ATOM}author/{ATOM}name").text == "Alpha LINk" for e in entries)


def test_shared_issues_are_never_open_data(client, indexed):
    for url in ("/reports.csv", "/reports.json", "/reports.atom"):
        assert "Shared issue 1" not in client.get(url).get_data(as_text=True)


def test_open_data_carries_the_services_ods_codes_and_cqc_location_ids(client, world):
    """Open data joins with NHS and CQC data: the identifiers of the services a report is about
    are columns of CSV and JSON, lists in JSON, "; "-joined in CSV; reports without them have none."""
    publish("report.published", report_payload("ID1", ods_codes=["RHQ", "R0A"], cqc_location_ids=["1-123456789"]))
    publish("report.published", report_payload("ID2"))
    rows = {r["public_ref"]: r for r in csv.DictReader(io.StringIO(client.get("/reports.csv").get_data(as_text=True)))}
    assert rows["ID1"]["ods_codes"] == "RHQ; R0A" and rows["ID1"]["cqc_location_ids"] == "1-123456789"
    assert rows["ID2"]["ods_codes"] == "" and rows["ID2"]["cqc_location_ids"] == ""
    data = json.loads(client.get("/reports.json").get_data(as_text=True))
    by_ref = {r["public_ref"]: r for r in data["reports"]}
    assert by_ref["ID1"]["ods_codes"] == ["RHQ", "R0A"] and by_ref["ID2"]["cqc_location_ids"] == []
