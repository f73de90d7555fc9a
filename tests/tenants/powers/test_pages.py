"""Pages of powers, reports and visits: every page renders for staff, forms refuse bad input in
the GOV.UK way, the calendar feed is RFC 5545, and the dashboard counts deadlines."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.powers.models import InformationRequest
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")
BLUEPRINTS = ("powers", "reports", "visits")
MY_TABLES = (
    "organisations",
    "organisation_contacts",
    "information_requests",
    "osc_referrals",
    "osc_referral_answers",
    "reminders_sent",
    "outgoing_messages",
    "reports",
    "report_subjects",
    "report_recipients",
    "recommendations",
    "report_publications",
    "authorised_representatives",
    "visits",
    "visit_team_members",
)


def test_every_page_renders_for_staff(app, client, world):
    sign_in(client, world.users["admin_a"].email)
    ids = world.records["alpha"]
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in BLUEPRINTS or "GET" not in rule.methods:
            continue
        url = rule.rule.replace("<network_slug>", "alpha")
        for name in rule.arguments - {"network_slug"}:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(ids[name]), url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} -> {response.status_code}"
        checked += 1
    assert checked >= 30


def test_members_read_but_do_not_change(app, client, world):
    sign_in(client, world.users["member_a"].email)
    assert client.get("/networks/alpha/powers/deadlines").status_code == 200
    assert client.get("/networks/alpha/powers/requests/new").status_code == 403
    assert client.get("/networks/alpha/powers/messages").status_code == 403


def test_response_before_sent_date_is_shown_against_the_field(app, client, world):
    sign_in(client, world.users["admin_a"].email)
    request_id = world.records["alpha"]["request_id"]
    response = client.post(
        f"/networks/alpha/powers/requests/{request_id}/response",
        data={"outcome": "answered", "responded_on": ["1", "1", "2020"]},
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.data and b"on or after the date sent" in response.data
    with network_scope(world.a.id):
        assert db.session.get(InformationRequest, request_id).status == "sent"
        db.session.rollback()


def test_new_request_through_the_form(app, client, world):
    sign_in(client, world.users["staff_a"].email)
    response = client.post(
        "/networks/alpha/powers/requests/new",
        data={
            "organisation_id": world.records["alpha"]["organisation_id"],
            "subject": "Out of hours GP",
            "question": "What are the call answer times?",
            "issue_ref": "",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert b"Out of hours GP" in page.data and b"Draft" in page.data
    sent = client.post(response.headers["Location"] + "/send", data={"sent_on": ["18", "12", "2024"]})
    assert sent.status_code == 302
    assert b"Monday 20 January 2025" in client.get(response.headers["Location"]).data


def test_deadlines_filters_and_calendar(app, client, world):
    sign_in(client, world.users["admin_a"].email)
    page = client.get("/networks/alpha/powers/deadlines?show=this_week&order=desc")
    assert page.status_code == 200 and b'aria-current="page">Due this week' in page.data
    feed = client.get("/networks/alpha/powers/deadlines.ics")
    assert feed.mimetype == "text/calendar"
    text = feed.data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") >= 3 and "DTSTART;VALUE=DATE:" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "Beta LINk" not in text


def test_dashboard_panel_counts_deadlines(app, client, world):
    """Called as the network home calls it (the home page also shows other domains' panels)."""
    from flask import render_template_string

    from linkhub.platform import shell
    from linkhub.tenants.powers.views import _panel

    assert _panel in shell.dashboard_panels
    with app.test_request_context("/networks/alpha/"), network_scope(world.a.id):
        from flask import g

        g.network = world.a
        panel = _panel(world.a)
        html = render_template_string("{% include panel.template %}", panel=panel)
        db.session.rollback()
    assert panel["title"] == "Deadlines" and panel["deadline_counts"]["open"] >= 3
    assert f"{panel['deadline_counts']['open']} clocks running" in html


def test_public_network_page_lists_published_reports(app, client, world):
    page = client.get("/reports/by-network/alpha")
    assert page.status_code == 200 and b"Alpha LINk discharge report" in page.data
    assert b"Beta LINk discharge report" not in page.data
    assert client.get("/reports/by-network/nowhere").status_code == 404


def test_every_powers_table_has_rows_in_each_network_only(app, world):
    models = {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers}
    for network in (world.a, world.b):
        with network_scope(network.id):
            for table in MY_TABLES:
                rows = db.session.scalars(select(models[table])).all()
                assert rows and {r.network_id for r in rows} == {network.id}, table
            db.session.rollback()
    for table in MY_TABLES:
        assert db.session.scalars(select(models[table])).all() == [], table
