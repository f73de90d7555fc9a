"""Returns: figures drawn from the records (checked against a count in Python), narrative by
host staff, frozen when sent, HTML/CSV/ODS/PDF, an empty period, annual reports published
into the national library; performance indicators and joint reviews."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common import services as common
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import Feedback
from linkhub.tenants.powers import services as powers
from linkhub.tenants.returns import figures
from linkhub.tenants.returns.periods import period_containing
from tests.conftest import need
from tests.helpers import sign_in
from tests.tenants.powers.helpers import events

pytestmark = pytest.mark.usefixtures("db_kind")
API = "/api/v1/networks/alpha/returns"
PAGES = "/networks/alpha/returns"


def _activity(world):
    """Some records of this half-year in network A, beside the world's."""
    with network_scope(world.a.id):
        for channel, theme in (("email", "dignity"), ("event", "access"), ("event", "dignity")):
            feedback.record_feedback(channel=channel, what_happened="Kind staff", theme=theme, service_text="GP")
        org = common.add_organisation(name="Alpha Trust", kind="provider")
        answered = powers.create_request(organisation_id=org.id, subject="Waits", question="How long?")
        waiting = powers.create_request(organisation_id=org.id, subject="Staff", question="How many?")
        powers.send_request(answered)
        powers.send_request(waiting)
        powers.record_request_response(answered, outcome="answered", responded_on=clock.today())
        db.session.commit()


def _oracle(world, start, end):
    with network_scope(world.a.id):
        rows = db.session.execute(select(Feedback.channel, Feedback.theme, Feedback.received_at)).all()
        items = [f for f in rows if start <= f.received_at.date() <= end]
        db.session.rollback()
    return Counter(f.channel for f in items), Counter(f.theme for f in items), len(items)


def _requests_oracle(world, start, end):
    from linkhub.tenants.powers.models import InformationRequest

    today = clock.today()
    with network_scope(world.a.id):
        r = InformationRequest
        rows = db.session.execute(select(r.sent_on, r.responded_on, r.due_on, r.original_due_on)).all()
        sent = [row for row in rows if row.sent_on and start <= row.sent_on <= end]
        db.session.rollback()
    answered = [r for r in sent if r.responded_on]
    on_time = [r for r in answered if r.responded_on <= r.due_on]
    overdue = [r for r in sent if not r.responded_on and r.due_on < today]
    return {
        "sent": len(sent),
        "answered": len(answered),
        "answered_on_time": len(on_time),
        "answered_late": len(answered) - len(on_time),
        "overdue_unanswered": len(overdue),
        "waiting": len(sent) - len(answered) - len(overdue),
        "extended": sum(r.due_on != r.original_due_on for r in sent),
    }


def test_figures_come_from_the_records_and_freeze_when_sent(client, admin, world):
    _activity(world)
    start, end = period_containing(clock.today(), "six_monthly")
    ret = client.post(API, headers=admin, json={"kind": "six_monthly", "period_start": start.isoformat()}).get_json()
    drawn = client.get(f"{API}/{ret['id']}", headers=admin).get_json()["figures"]
    channels, themes, total = _oracle(world, start, end)
    assert drawn["feedback"]["total"] == total == 5  # with the surveys world's one response (channel survey)
    assert {k: v for k, v in drawn["feedback"]["by_channel"].items() if v} == dict(channels)
    assert {k: v for k, v in drawn["feedback"]["by_theme"].items() if v} == dict(themes)
    assert drawn["requests"] == _requests_oracle(world, start, end)
    assert drawn["requests"]["answered_on_time"] >= 1 and drawn["requests"]["waiting"] >= 1
    assert drawn["involvement"]["feedback_from_events"] == 2
    assert drawn["has_activity"] is True and drawn["drawn_at"]

    written = client.post(f"{API}/{ret['id']}/narrative", headers=admin, json={"summary": "A <b>good</b> half-year."})
    assert written.status_code == 200
    assert client.post(f"{API}/{ret['id']}/submit", headers=admin).status_code == 200
    with network_scope(world.a.id):
        feedback.record_feedback(channel="web", what_happened="Late", theme="access", service_text="GP")
        db.session.commit()
    sent = client.get(f"{API}/{ret['id']}", headers=admin).get_json()
    assert sent["figures"]["feedback"]["total"] == 5  # as it was sent
    late = client.post(f"{API}/{ret['id']}/narrative", headers=admin, json={"summary": "Changed"})
    assert late.status_code == 409 and "can no longer change" in late.get_json()["error"]["message"]

    sign_in(client, world.users["staff_a"].email)
    page = client.get(f"{PAGES}/{ret['id']}").get_data(as_text=True)
    assert "Figures drawn from the records on" in page
    assert "A &lt;b&gt;good&lt;/b&gt; half-year." in page  # narrative is text, never HTML
    assert 'role="img"' in page and "Feedback by channel" in page
    rows = list(csv.reader(io.StringIO(client.get(f"{PAGES}/{ret['id']}/figures.csv").get_data(as_text=True))))
    assert rows[0] == ["section", "measure", "item", "value"]
    assert ["Feedback received", "by_channel", "event", "2"] in rows
    ods = zipfile.ZipFile(io.BytesIO(client.get(f"{PAGES}/{ret['id']}/figures.ods").data))
    assert ods.namelist()[0] == "mimetype" and ods.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert ods.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert b'office:value="2"' in ods.read("content.xml")


def test_a_period_with_no_data_still_renders_and_says_so(client, admin, world):
    ret = client.post(API, headers=admin, json={"kind": "annual", "period_start": "2019-04-01"}).get_json()
    assert ret["period_end"] == "2020-03-31"
    sign_in(client, world.users["staff_a"].email)
    page = client.get(f"{PAGES}/{ret['id']}")
    assert page.status_code == 200
    assert "No activity was recorded in this period" in page.get_data(as_text=True)
    assert client.get(f"{PAGES}/{ret['id']}/figures.csv").status_code == 200


def test_pdf_has_the_same_content(app, client, world):
    from linkhub.tenants.returns import pdf

    need("WeasyPrint (with pango)", pdf.available())
    sign_in(client, world.users["staff_a"].email)
    response = client.get(f"{PAGES}/{world.records['alpha']['return_id']}/return.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    # tagged (PDF/UA), with the document's title and language, from the same sections as the page
    from flask import render_template

    from linkhub.platform import routing
    from linkhub.tenants.returns import views
    from linkhub.tenants.returns.models import Return

    with app.test_request_context("/networks/alpha/returns/"):
        from flask import g

        g.network = world.a
        with network_scope(world.a.id):
            ret = db.session.get(Return, world.records["alpha"]["return_id"])
            html = render_template("returns/print.html", **views._document_context(ret))
            db.session.rollback()
    assert routing  # the page and the PDF share returns/_document.html
    assert "Figures drawn from the records on" in html and "Feedback by channel" in html
    raw = pdf.render(html, uncompressed=True)
    assert b"/StructTreeRoot" in raw and b"/Lang (en-GB)" in raw and b"/Title" in raw


@pytest.mark.parametrize(
    "body,field",
    [
        ({"kind": "six_monthly", "period_start": "2026-05-01"}, "period_start"),
        ({"kind": "annual", "period_start": "2026-10-01"}, "period_start"),
        ({"kind": "quarterly", "period_start": "2026-04-01"}, "kind"),
    ],
)
def test_periods_are_checked(client, admin, body, field):
    response = client.post(API, headers=admin, json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_published_annual_report_joins_the_national_library(client, admin, world):
    from linkhub.search.events import report_document

    ret = client.post(API, headers=admin, json={"kind": "annual", "period_start": "2023-04-01"}).get_json()
    client.post(f"{API}/{ret['id']}/narrative", headers=admin, json={"summary": "What we did in 2023-24."})
    assert client.post(f"{API}/{ret['id']}/publish", headers=admin).status_code == 409  # send it first
    client.post(f"{API}/{ret['id']}/submit", headers=admin)
    published = client.post(f"{API}/{ret['id']}/publish", headers=admin).get_json()
    assert published["status"] == "published" and published["public_ref"].startswith("AR-")
    payload = [e.payload for e in events("report.published") if e.payload["public_ref"] == published["public_ref"]][0]
    doc = report_document(payload)
    assert doc.report_type == "annual_report" and doc.network == "alpha" and "2023-24" in doc.summary
    public = client.get(payload["url"])
    assert public.status_code == 200 and "What we did in 2023-24." in public.get_data(as_text=True)
    six = world.records["alpha"]["return_id"]
    assert client.post(f"{API}/{six}/publish", headers=admin).status_code == 409  # six-monthly returns are not


def test_indicators_values_from_data_or_by_hand_and_joint_reviews(client, admin, world):
    _activity(world)
    start, end = period_containing(clock.today(), "quarterly")
    expected = _requests_oracle(world, start, end)
    indicator = client.post(
        f"{API}/indicators",
        headers=admin,
        json={
            "name": "Requests answered on time",
            "definition": "Requests sent in the quarter answered within 20 working days, as a percentage",
            "target": 90,
            "frequency": "quarterly",
            "measure": "requests_on_time_percent",
        },
    ).get_json()
    drawn = client.post(
        f"{API}/indicators/{indicator['id']}/values/draw", headers=admin, json={"period_start": start.isoformat()}
    )
    assert (
        drawn.status_code == 201
        and drawn.get_json()["value"] == round(100 * expected["answered_on_time"] / expected["sent"])
        and drawn.get_json()["source"] == "data"
    )
    bad = client.post(
        f"{API}/indicators/{indicator['id']}/values", headers=admin, json={"period_start": "2026-05-01", "value": 3}
    )
    assert bad.status_code == 422 and "period_start" in bad.get_json()["error"]["fields"]
    no_note = client.post(
        f"{API}/indicators/{indicator['id']}/values",
        headers=admin,
        json={"period_start": start.isoformat(), "value": 80},
    )
    assert no_note.status_code == 422 and "note" in no_note.get_json()["error"]["fields"]
    by_hand = client.post(
        f"{API}/indicators/{indicator['id']}/values",
        headers=admin,
        json={"period_start": start.isoformat(), "value": 100, "note": "The late one was answered by phone"},
    )
    assert by_hand.status_code == 201 and by_hand.get_json()["source"] == "manual"
    values = client.get(f"{API}/indicators/{indicator['id']}/values", headers=admin).get_json()
    assert [v["value"] for v in values] == [100]
    review = client.post(
        f"{API}/reviews",
        headers=admin,
        json={
            "period_start": "2026-04-01",
            "period_end": "2026-09-30",
            "held_on": "2026-10-15",
            "attendees": "LA contract officer; LINk chair; host manager",
            "findings": "Targets met but one.",
        },
    )
    assert review.status_code == 201
    sign_in(client, world.users["member_a"].email)
    page = client.get(f"{PAGES}/indicators/{indicator['id']}").get_data(as_text=True)
    assert "Requests answered on time" in page and "Met" in page


def test_figures_use_one_query_per_measure_not_per_row(app, world):
    """The figures of a period are a fixed number of grouped queries, however many records."""
    from tests.statements import counting

    with network_scope(world.a.id):
        with counting() as seen:
            figures.draw(date(2025, 4, 1), date(2026, 3, 31))
        db.session.rollback()
    assert len(seen) <= 20, seen
