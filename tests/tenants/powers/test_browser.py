"""Browser journey in headless Chromium with axe-core on every page: a report is drafted,
approved by a second person, sent, answered, published, and read on its public page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from linkhub.platform import clock
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def fill_date(page, field, day):
    page.locator(f"#{field}-day").fill(str(day.day))
    page.locator(f"#{field}-month").fill(str(day.month))
    page.locator(f"#{field}-year").fill(str(day.year))


def test_report_from_draft_to_public_page(new_page, live_server):
    author, approver, reader = new_page(), new_page(), new_page()
    sign_in(author, live_server.emails["staff_a"], live_server.password)

    author.goto("/networks/alpha/reports/")
    assert_accessible(author, "reports")
    author.get_by_role("link", name="New report").click()
    assert_accessible(author, "new report")
    author.get_by_role("button", name="Save draft").click()  # nothing filled in: the GOV.UK error pattern
    expect(author.locator(".govuk-error-summary")).to_contain_text("Enter the report's title")
    assert_accessible(author, "new report with an error")
    author.get_by_label("Title").fill("Waiting for a wheelchair")
    author.get_by_label("Summary").fill("People waited months for wheelchair assessments.")
    author.get_by_label("Report", exact=True).fill("We heard from 40 people.\n\nMost waited over 18 weeks.")
    author.get_by_role("button", name="Save draft").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Waiting for a wheelchair")
    report_url = author.url
    assert_accessible(author, "draft report")

    author.get_by_role("link", name="Add a recommendation").click()
    author.get_by_label("Recommendation").fill("Assess within 6 weeks of referral.")
    author.get_by_label("Organisation asked to act (optional)").select_option(label="Alpha LINk Health Trust")
    assert_accessible(author, "add a recommendation")
    author.get_by_role("button", name="Add recommendation").click()
    author.get_by_role("button", name="Send for approval").click()
    expect(author.get_by_text("Waiting for someone other than you to approve it.")).to_be_visible()
    assert_accessible(author, "waiting for approval")

    sign_in(approver, live_server.emails["admin_a"], live_server.password)
    approver.goto(report_url)
    approver.get_by_role("button", name="Approve").click()
    expect(approver.locator(".govuk-notification-banner")).to_contain_text("Report approved")
    approver.get_by_role("link", name="Send to organisations").click()
    assert_accessible(approver, "send the report")
    approver.get_by_label("Alpha LINk Health Trust").check()
    approver.get_by_role("button", name="Send and start the clocks").click()
    expect(approver.locator(".govuk-notification-banner")).to_contain_text("20 working days")
    due = clock.statutory_due_date(clock.today())
    expect(approver.get_by_role("table").nth(1)).to_contain_text(due.strftime("%-d %b %Y").lstrip("0"))
    assert_accessible(approver, "report sent")

    approver.get_by_role("link", name="Assess within 6 weeks of referral.").click()
    assert_accessible(approver, "recommendation")
    approver.get_by_role("link", name="Record the response").click()
    approver.get_by_label("Partly accepted").check()
    fill_date(approver, "responded_on", clock.today())
    approver.get_by_label("What they said (optional)").fill("We will aim for 8 weeks this year.")
    assert_accessible(approver, "record a response")
    approver.get_by_role("button", name="Record response").click()
    expect(approver.get_by_text("Partly accepted")).to_be_visible()

    approver.goto(report_url)
    approver.get_by_role("button", name="Publish").click()
    expect(approver.locator(".govuk-notification-banner")).to_contain_text("Report published")
    assert_accessible(approver, "published report (staff view)")
    public_url = approver.get_by_role("link", name=re.compile("Public page")).get_attribute("href")
    assert re.fullmatch(r"/reports/[2-9A-Z]{12}", public_url)

    reader.goto(public_url)  # a member of the public, not signed in
    expect(reader.get_by_role("heading", level=1)).to_have_text("Waiting for a wheelchair")
    expect(reader.get_by_text("We will aim for 8 weeks this year.")).to_be_visible()
    assert_accessible(reader, "public report")
    reader.goto("/reports/by-network/alpha")
    expect(reader.get_by_role("link", name="Waiting for a wheelchair")).to_be_visible()
    assert_accessible(reader, "published reports of a network")


def test_deadlines_and_registers_are_accessible(new_page, live_server):
    page = new_page()
    sign_in(page, live_server.emails["admin_a"], live_server.password)
    for path in (
        "/networks/alpha/powers/",
        "/networks/alpha/powers/deadlines",
        "/networks/alpha/powers/requests",
        "/networks/alpha/powers/requests/new",
        "/networks/alpha/powers/organisations",
        "/networks/alpha/powers/referrals",
        "/networks/alpha/powers/messages",
        "/networks/alpha/visits/",
        "/networks/alpha/visits/new",
        "/networks/alpha/visits/representatives",
        "/networks/alpha/visits/representatives/new",
        "/networks/alpha/reports/you-said-we-did",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, path)
    for matter in ("Ambulance handovers", "Discharge delays"):  # the answers table; issues as links
        page.goto("/networks/alpha/powers/referrals")
        page.get_by_role("link", name=matter).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(matter)
        assert_accessible(page, f"referral {matter}")
    expect(page.get_by_role("link", name=re.compile(r"^\d+: "))).to_be_visible()


def test_calendar_address_journey_is_accessible(new_page, live_server):
    """Make a calendar address (shown once), see it listed without its secret, stop it."""
    page = new_page()
    sign_in(page, live_server.emails["admin_a"], live_server.password)
    page.goto("/networks/alpha/powers/deadlines")
    page.get_by_role("button", name="Make a calendar address").click()
    expect(page.get_by_role("heading", level=1, name="Your calendar address is ready")).to_be_visible()
    address = page.get_by_label("Address of the Alpha LINk deadlines calendar").input_value()
    assert "/networks/alpha/powers/deadlines.ics?key=" in address
    expect(page.get_by_role("link", name="Open it in your calendar app")).to_have_attribute(
        "href", re.compile("^webcal://")
    )
    assert_accessible(page, "calendar address")
    page.get_by_role("link", name="Back to the deadlines").click()
    expect(page.get_by_role("button", name="Stop this address")).to_be_visible()
    assert address.split("key=")[1] not in page.content()
    assert_accessible(page, "deadlines with an address")
    page.get_by_role("button", name="Stop this address").click()
    expect(page.get_by_role("button", name="Make a calendar address")).to_be_visible()
