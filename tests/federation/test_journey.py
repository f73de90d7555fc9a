"""Browser journey: staff share an issue with the working group, review the scrubbed text beside
the original, meet the identifier warning, confirm, and see it in the pathway view. axe-core
checks every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def _process_outbox(app):
    from linkhub.platform import outbox
    from linkhub.platform.db import db
    from linkhub.platform.models import OutboxEvent
    from linkhub.platform.tenancy import platform_scope

    with app.app_context():
        for _ in range(5):
            with platform_scope():
                ids = db.session.scalars(select(OutboxEvent.id).where(OutboxEvent.status == "pending")).all()
                db.session.rollback()
            for event_id in ids:
                outbox.process(event_id, 5)
        db.session.remove()


def test_staff_share_review_confirm_and_see_it_in_the_group(new_page, live_server):
    page = new_page()
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/federation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Working groups")
    assert_accessible(page, "working groups of a network")
    page.get_by_role("link", name="Share ‘Long waits in A&E’").click()
    assert_accessible(page, "share an issue")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: "))  # nothing chosen
    page.get_by_label(re.compile(r"ambulance group: Response$")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the anonymised issue before it is shared")
    assert_accessible(page, "review before sharing")
    page.get_by_label("Summary").fill("Caller with NHS number 943 476 5919 waited six hours.")
    page.get_by_role("button", name="Approve and share").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("nhs number")
    assert_accessible(page, "review with an identifier warning")
    page.get_by_label("Summary").fill("A caller waited six hours for an ambulance.")
    page.get_by_role("button", name="Approve and share").click()
    expect(page.locator(".govuk-notification-banner, .govuk-panel").first).to_contain_text("has been shared")
    _process_outbox(live_server.app)
    page.goto("/networks/alpha/federation/")
    page.get_by_role("link", name=re.compile(r"^Pathway view of")).click()
    expect(page.get_by_role("link", name="Long waits in A&E")).to_be_visible()
    assert_accessible(page, "pathway view")
    page.get_by_role("link", name="Long waits in A&E").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Long waits in A&E")
    assert_accessible(page, "shared issue")
