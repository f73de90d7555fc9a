"""Browser journey: staff tag an issue from "Issues by pathway" (real CSRF tokens, no JavaScript
needed), meet the error summary, and find the tagged stage chosen on the share form. axe-core
checks every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_staff_tag_an_issue_and_the_share_form_offers_its_stage(new_page, live_server):
    page = new_page()
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/federation/")
    page.get_by_role("link", name="Issues by pathway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issues by pathway")
    assert_accessible(page, "issues by pathway")
    row = page.locator("tr", has_text="Long waits in A&E")
    expect(row.locator("td").nth(3)).to_have_text("Crisis care")  # the world tagged it: mental health, crisis care
    row.get_by_label("Pathway and stage of Long waits in A&E").select_option("ambulance:response")
    row.get_by_role("button", name=re.compile(r"^Change")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is tagged Ambulance: Response")
    cells = page.locator("tr", has_text="Long waits in A&E").locator("td")
    expect(cells.nth(2)).to_have_text("Ambulance")
    expect(cells.nth(3)).to_have_text("Response")
    page.get_by_label("Pathway", exact=True).select_option("ambulance")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page, "issues by pathway, filtered")
    # the issue's own page: choosing nothing meets the error summary
    issue_path = page.locator("tr", has_text="Long waits in A&E").locator("form").first.get_attribute("action")
    page.goto(issue_path)
    page.get_by_label("Which pathway and stage is this issue about?").select_option("")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the pathway and the stage")
    assert_accessible(page, "tag an issue, with an error")
    # the share form starts at the tagged stage
    page.goto(issue_path.replace("/pathway", "/share"))
    expect(page.get_by_label(re.compile(r"ambulance group: Response$"))).to_be_checked()
    assert_accessible(page, "share an issue, tagged stage chosen")
