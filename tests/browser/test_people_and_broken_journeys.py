"""Issue 16 journeys in Chromium with axe-core on every page: inviting a person who accepts,
tokens from "Your account", and the broken journeys (work item links, visit planning, feedback
by reference, CSV import, deadlines)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def _invitation_link(live_server, email: str) -> str:
    from sqlalchemy import select

    from linkhub.platform.db import db
    from linkhub.platform.models import OutboxEvent

    with live_server.app.app_context():
        bodies = [
            e.payload["body"]
            for e in db.session.scalars(
                select(OutboxEvent).where(OutboxEvent.event_type == "email.send").order_by(OutboxEvent.id)
            )
            if e.payload["to"] == [email]
        ]
        db.session.remove()
    return re.search(r"(/invitations/lhinv_[\w-]+)", bodies[-1]).group(1)


def test_admin_invites_and_the_person_accepts(new_page, live_server):
    admin = new_page()
    sign_in(admin, live_server.emails["admin_a"], live_server.password)
    admin.goto("/networks/alpha/")
    admin.get_by_role("link", name="People").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(admin, "people")
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Enter the email address of the person to invite")
    assert_accessible(admin, "people with errors")
    admin.get_by_label("Email address").fill("new.volunteer@example.org")
    admin.get_by_label("Member", exact=True).check()
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text(
        "We have sent an invitation to new.volunteer@example.org"
    )
    expect(admin.get_by_role("table").nth(1)).to_contain_text("new.volunteer@example.org")
    assert_accessible(admin, "invitation sent")

    person = new_page()
    person.goto(_invitation_link(live_server, "new.volunteer@example.org"))
    expect(person.get_by_role("heading", level=1)).to_have_text("Join Alpha LINk")
    assert_accessible(person, "invitation")
    person.get_by_label("Full name").fill("Nell Volunteer")
    person.get_by_label("Create a password").fill("a long enough password")
    person.get_by_label("Confirm your password").fill("a long enough password")
    person.get_by_role("button", name="Create account and join").click()
    expect(person.locator(".govuk-notification-banner")).to_contain_text("You have joined Alpha LINk as member")
    assert_accessible(person, "joined")

    admin.goto("/networks/alpha/people/")
    expect(admin.get_by_role("table").first).to_contain_text("Nell Volunteer")
    admin.get_by_role("link", name=re.compile(r"Change role of Nell Volunteer")).click()
    assert_accessible(admin, "change role")
    admin.get_by_label("Host staff").check()
    admin.get_by_role("button", name="Change role").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Nell Volunteer is now host staff")
    admin.get_by_role("link", name=re.compile(r"Remove Nell Volunteer")).click()
    assert_accessible(admin, "remove")
    admin.get_by_role("button", name="Remove Nell Volunteer").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Nell Volunteer is no longer host staff")


def test_token_from_your_account_is_shown_once(page, live_server):
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/account")
    assert_accessible(page, "your account")
    page.get_by_role("link", name="Create an API token").click()
    assert_accessible(page, "new token")
    page.get_by_label("Name of the token").fill("Survey import")
    page.get_by_label("Network and role").select_option(label="Alpha LINk – Host staff")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Your token ‘Survey import’").input_value()
    assert secret.startswith("lh_")
    assert_accessible(page, "token created")
    page.get_by_role("link", name="Back to your account").click()
    expect(page.locator("#tokens ~ table")).to_contain_text("Survey import")
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke the token Survey import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been revoked")


def test_broken_journeys_finish(page, live_server):
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/work-programme/")
    page.get_by_role("link", name="Long waits in A&E").first.click()
    expect(page.get_by_role("link", name="A&E waits group")).to_be_visible()  # a link, not its HTML as text
    assert_accessible(page, "work item")

    page.goto("/networks/alpha/visits/new")
    options = page.get_by_label("Provider").locator("option").all_inner_texts()
    assert "Alpha LINk General Hospital" in options and not any("Scrutiny" in o for o in options)
    assert_accessible(page, "plan a visit")

    page.goto("/networks/alpha/issues/")
    page.get_by_role("link", name="Long waits in A&E").first.click()
    page.get_by_label("Add feedback by reference").fill("NOTAREF123")
    page.get_by_role("button", name="Add feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("NOTAREF123")
    expect(page.get_by_label("Add feedback by reference")).to_have_value("NOTAREF123")
    assert_accessible(page, "reference error")

    page.goto("/networks/alpha/powers/deadlines")
    cell = page.get_by_role("cell", name=re.compile("Discharge delays")).first
    assert re.sub(r"\s+", " ", cell.text_content()).strip() == "Request for information: Discharge delays"
    expect(cell).to_have_accessible_name(re.compile(r"^Request for information\s*:\s*Discharge delays"))
    assert_accessible(page, "deadlines")
