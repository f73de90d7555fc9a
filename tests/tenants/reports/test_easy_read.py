"""Easy read and large print: a plain-language summary is required to publish and its reading age
is shown to the author; an optional easy read version and a large-print view are public beside
the report, with how to ask for other formats (the network's real contact details)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.reports import services
from linkhub.tenants.reports.models import Report
from linkhub.tenants.reports.readability import assess
from linkhub.tenants.reports.services import publishing
from linkhub.tenants.site import services as site
from tests.helpers import sign_in

PLAIN = (
    "People told us they wait too long for medicines when they leave hospital. "
    "We asked the hospital to get medicines ready the day before. They said yes."
)
HARD = (
    "Stakeholder engagement highlighted considerable dissatisfaction regarding pharmaceutical dispensing "
    "arrangements, necessitating comprehensive reconfiguration of discharge-related operational procedures "
    "throughout the organisation's multidisciplinary intermediate care infrastructure."
)


def test_reading_age_oracle():
    # Flesch-Kincaid grade = 0.39 (words/sentences) + 11.8 (syllables/words) - 15.59; reading age = grade + 5.
    plain, hard = assess(PLAIN), assess(HARD)
    assert plain.reading_age is not None and plain.reading_age <= 11 and plain.verdict == "plain English"
    assert hard.reading_age >= 18 and "hard to read" in hard.verdict
    assert assess("Too short.").reading_age is None


def _approved(author, approver, summary) -> Report:
    report = services.create_report(title="Medicines", summary=summary, body="Body.", author_id=author.id)
    services.submit_for_review(report)
    services.approve(report, approver_id=approver.id)
    db.session.flush()
    return report


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_summary_required_then_public_easy_read_and_large_print(app, client, world, db_kind):
    with network_scope(world.a.id):
        site.save_profile(contact_email="formats@alpha.example", contact_phone="0161 000 0000")
        report = _approved(world.users["staff_a"], world.users["admin_a"], "")
        with pytest.raises(Exception) as refused:
            publishing.publish(report)
        assert getattr(refused.value, "field", None) == "summary"
        report.summary = PLAIN  # a draft would use update_draft; here we test the publish rule
        publishing.set_easy_read(report, easy_read="## What we found\n\nPeople waited.\n\n<script>x</script>")
        publishing.publish(report)
        db.session.commit()
        ref, report_id = report.public_ref, report.id
    page = client.get(f"/reports/{ref}").get_data(as_text=True)
    assert "Large print version" in page and "Easy read version" in page
    assert "formats@alpha.example" in page and "tel:01610000000" in page
    large = client.get(f"/reports/{ref}/large-print")
    assert large.status_code == 200 and "linkhub-large-print" in large.get_data(as_text=True)
    pdf = client.get(f"/reports/{ref}/large-print.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    easy = client.get(f"/reports/{ref}/easy-read").get_data(as_text=True)
    assert "What we found" in easy and "<script>x" not in easy
    # The author sees the reading age on the report's page.
    sign_in(client, "staff-a@example.org")
    page = client.get(f"/networks/alpha/reports/{report_id}").get_data(as_text=True)
    assert "Reading age" in page and "plain English" in page


def test_no_easy_read_is_a_404_and_the_api_shows_the_reading_age(app, client, world, admin):
    with network_scope(world.a.id):
        report = _approved(world.users["staff_a"], world.users["admin_a"], HARD)
        publishing.publish(report)
        db.session.commit()
        ref, report_id = report.public_ref, report.id
    assert client.get(f"/reports/{ref}/easy-read").status_code == 404
    page = client.get(f"/reports/{ref}").get_data(as_text=True)
    assert "mailto:hello@alpha.example" in page  # the network's contact details from its public site
    body = client.get(f"/api/v1/networks/alpha/reports/{report_id}", headers=admin).get_json()
    assert body["summary_readability"]["reading_age"] >= 18
    changed = client.post(
        f"/api/v1/networks/alpha/reports/{report_id}/easy-read", json={"easy_read": "Easy words."}, headers=admin
    )
    assert changed.status_code == 200 and changed.get_json()["easy_read"] == "Easy words."
    assert client.get(f"/reports/{ref}/easy-read").status_code == 200


def test_publishing_without_a_summary_through_the_api_is_a_field_error(app, client, world, admin):
    with network_scope(world.a.id):
        report = _approved(world.users["staff_a"], world.users["admin_a"], "  ")
        db.session.commit()
        report_id = report.id
    response = client.post(f"/api/v1/networks/alpha/reports/{report_id}/publish", json={}, headers=admin)
    assert response.status_code == 422
    assert "plain-language summary" in str(response.get_json())
    with network_scope(world.a.id):
        assert db.session.scalar(select(Report.published_at).where(Report.id == report_id)) is None
