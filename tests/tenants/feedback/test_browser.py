"""Community voice in the browser: the public form without an account, and staff triage.
axe-core runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_public_form_without_an_account(page, live_server):
    page.goto("/networks/alpha/")
    assert_accessible(page, "network public home")
    page.get_by_role("link", name="Share your views about a care service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share your views about a care service")
    assert_accessible(page, "share your views")

    # Nothing filled in: the error summary links to each question.
    page.get_by_role("button", name="Send your views").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter what happened")
    expect(summary).to_contain_text("Choose the service, or type its name")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "share your views with errors")

    page.get_by_label("Which service is it about?").select_option(label="A&E")
    page.get_by_label("What happened?").fill("I waited five hours and nobody told me why.")
    page.get_by_label("What is it mostly about?").select_option(label="Access and waiting times")
    page.get_by_label("Poor", exact=True).check()
    page.get_by_role("button", name="Send your views").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Thank you for your views")
    reference = page.locator(".govuk-panel strong").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{10}", reference)
    assert_accessible(page, "thank you")


def test_staff_triage_feedback_into_an_issue(page, live_server):
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/feedback/record")
    assert_accessible(page, "record feedback")
    page.get_by_label("Letter").check()
    page.get_by_label("Which service is it about?").select_option(label="A&E")
    page.get_by_label("What happened?").fill("My father was discharged at midnight without his medicines.")
    page.get_by_label("What is it mostly about?").select_option(label="Discharge and moving between services")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    reference = re.search(r"[A-Z2-9]{10}", page.locator(".govuk-notification-banner").inner_text()).group(0)
    assert_accessible(page, "feedback saved")

    page.goto("/networks/alpha/issues/")
    assert_accessible(page, "issues with suggested groups")
    page.get_by_role("link", name=re.compile(r"Make an issue of .*Discharge and moving")).click()
    assert_accessible(page, "create an issue")
    page.get_by_role("button", name="Create issue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("with 1 piece of feedback.")
    expect(page.get_by_text("distinct person (at most)")).to_be_visible()
    assert_accessible(page, "issue page")
    first_issue = page.url

    # A second issue: adding the same feedback asks before moving it out of the first one.
    page.goto("/networks/alpha/issues/new")
    page.get_by_label("Title").fill("Discharge at night")
    page.get_by_label("Theme", exact=True).select_option(label="Discharge and moving between services")
    page.get_by_role("button", name="Create issue").click()
    page.get_by_label("Add feedback by reference").fill(reference)
    page.get_by_role("button", name="Add feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before adding this feedback")
    expect(page.locator(".govuk-warning-text")).to_contain_text("moves it out of that issue")
    assert_accessible(page, "confirm moving feedback")
    page.get_by_role("link", name="No, leave it where it is").click()
    page.get_by_label("Add feedback by reference").fill(reference)
    page.get_by_role("button", name="Add feedback").click()
    page.get_by_role("button", name="Yes, move it here").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 piece of feedback has been added to this issue."
    )
    page.goto(first_issue)
    expect(page.get_by_text("No feedback yet.")).to_be_visible()

    page.goto("/networks/alpha/issues/triggers")
    page.get_by_label("Name").fill("Five people in a fortnight")
    page.get_by_label("Distinct people about one provider and theme").check()
    page.get_by_label("At least how many?").fill("5")
    page.get_by_label("Within how many days?").fill("14")
    page.get_by_role("button", name="Add trigger point").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("trigger point has been added")
    assert_accessible(page, "trigger points")

    page.goto("/networks/alpha/")
    expect(page.get_by_role("heading", name="Issues and trigger points")).to_be_visible()
    assert_accessible(page, "dashboard")
