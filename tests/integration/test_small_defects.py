"""Small defects of issue 17, each with a test that failed before its fix."""

from __future__ import annotations

import csv
import io
import os
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from linkhub.platform import services
from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell
from tests.helpers import bearer


def _links(response) -> dict[str, str]:
    out = {}
    for part in response.headers["Link"].split(", "):
        url, rel = part.split("; ")
        out[rel.split('"')[1]] = url.strip("<>")
    return out


@pytest.fixture
def five_networks(world):
    for i in range(3):
        services.create_network(
            slug=f"extra-{i}", name=f"Extra {i}", local_authority="x", region="London", host_organisation="y"
        )
    db.session.commit()


@pytest.mark.usefixtures("db_kind", "five_networks")
@pytest.mark.parametrize("extra", ["_external=1", "endpoint=x", "_anchor=top", "_method=POST", "_scheme=https"])
def test_url_for_option_names_in_the_query_do_not_break_pagination(client, extra):
    response = client.get(f"/api/v1/networks?per_page=2&{extra}")
    assert response.status_code == 200, response.data[:300]
    next_url = _links(response)["next"]
    assert next_url.startswith("/api/v1/networks?")  # relative, on this route
    assert (extra.split("=")[0], extra.split("=")[1]) in parse_qsl(urlsplit(next_url).query)


@pytest.mark.usefixtures("db_kind")
def test_a_network_slug_argument_does_not_move_pagination_to_another_network(client, world):
    headers = bearer(world.tokens["admin_a"])
    response = client.get("/api/v1/networks/alpha/memberships?per_page=1&network_slug=beta", headers=headers)
    assert response.status_code == 200, response.data[:300]
    for url in _links(response).values():
        assert urlsplit(url).path == "/api/v1/networks/alpha/memberships"


@pytest.mark.usefixtures("five_networks")
def test_repeated_query_arguments_are_all_kept_in_links(client):
    response = client.get("/api/v1/networks?per_page=2&tag=a&tag=b&tag=a")
    query = parse_qsl(urlsplit(_links(response)["next"]).query)
    assert [v for k, v in query if k == "tag"] == ["a", "b", "a"]
    assert dict(query)["cursor"] and dict(query)["per_page"] == "2"
    assert [k for k, _ in query].count("cursor") == 1
    again = client.get(_links(response)["next"])  # the next link pages on, keeping the arguments
    assert [v for k, v in parse_qsl(urlsplit(_links(again)["first"]).query) if k == "tag"] == ["a", "b", "a"]
    assert "cursor" not in dict(parse_qsl(urlsplit(_links(again)["first"]).query))


@given(st.text(min_size=0, max_size=60))
@settings(max_examples=200, deadline=None)
def test_chart_labels_stay_well_formed_whatever_their_length(label):
    label = "".join(ch for ch in label if ch.isprintable())
    svg = bar_chart("Title & <more>", [(label, 3), ("&" * 40, 1)])
    root = ET.fromstring(str(svg))  # a broken entity (&a) raises ParseError
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == label[:32] and texts[2] == "&" * 32


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_csv_escapes_every_formula_start(start):
    from linkhub.federation import pathway_view
    from linkhub.search import opendata
    from linkhub.tenants.priorities import ranking
    from linkhub.tenants.workprogramme import reporting

    assert safe_cell(start + "cmd") == "'" + start + "cmd"
    assert safe_cell("plain") == "plain" and safe_cell("") == ""
    # One function for every CSV writer (the federation copy missed tab and carriage return).
    for module in (pathway_view, opendata, ranking, reporting):
        assert module.safe_cell is safe_cell
    cell = pathway_view.Cell(5, "5")
    view = pathway_view.View(
        5, {}, (cell, cell), [pathway_view.Table("stage", "Stage", [(start + "x", cell, cell)])], False
    )
    rows = list(csv.reader(io.StringIO(pathway_view.to_csv(SimpleNamespace(name=start + "group"), view))))
    assert rows[1][0] == "'" + start + "group" and rows[2][2] == "'" + start + "x"


# 23:30 in UTC on 30 June is already 1 July in London (BST).
LATE_EVENING_UTC = datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc)


@pytest.fixture
def server_in_utc():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_dates_use_the_london_clock_not_the_servers(server_in_utc):
    from linkhub.tenants.feedback import services as feedback
    from linkhub.tenants.workprogramme.models import WorkItem

    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        assert date.today() == date(2026, 6, 30)  # the server's own date
        item = WorkItem(status="open", target_on=date(2026, 6, 30))
        assert item.is_overdue  # in London the target day has passed
        feedback.validate_feedback(
            channel="web",
            what_happened="Waited long",
            service_id=None,
            service_text="A&E",
            theme="access",
            rating=None,
            happened_month=date(2026, 7, 1),
            equality={},
        )


@pytest.mark.usefixtures("db_kind")
def test_a_claimed_periodic_slot_is_not_retried_as_a_failing_insert(app):
    from linkhub.workers import scheduler

    scheduler.periodic("test-slot-retry", every_seconds=3600)(lambda event: None)
    now = datetime.now(timezone.utc)
    assert "test-slot-retry" in scheduler.claim_due_slots(now)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        for _ in range(3):
            assert "test-slot-retry" not in scheduler.claim_due_slots(now)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert inserts == []
