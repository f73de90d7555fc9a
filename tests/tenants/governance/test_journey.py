"""Browser journey: someone asks to join from the public page; staff approve them; staff record
a decision about the hospital with a member who declared an interest in it: the form shows
the declaration and asks how it was handled; the decision shows it. axe-core checks every page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_join_approve_and_a_decision_with_a_declared_conflict(new_page, live_server):
    public = new_page()
    public.goto("/networks/alpha/members/join")
    expect(public.get_by_role("heading", level=1)).to_have_text("Join Alpha LINk")
    assert_accessible(public, "join the LINk")
    public.get_by_role("group", name="Who is joining?").get_by_label("An organisation or group").check()
    public.get_by_label("Name").fill("Alpha Hospitals NHS Foundation Trust")
    public.get_by_label("Email address (optional)").fill("board@alpha-trust.example")
    public.get_by_role("group", name=re.compile("^How should the LINk contact them")).get_by_label("Email").check()
    public.get_by_role("group", name=re.compile("^Kind of organisation")).get_by_label(
        "Voluntary organisation or charity"
    ).check()
    public.locator("#consent").check()
    public.get_by_role("button", name="Ask to join").click()
    expect(public.locator(".govuk-error-summary")).to_contain_text("cannot join a LINk as organisations")
    assert_accessible(public, "join refused for an NHS body")
    public.get_by_role("group", name="Who is joining?").get_by_label("An individual").check()
    public.get_by_label("Name").fill("Dee Volunteer")
    public.get_by_role("button", name="Ask to join").click()
    expect(public.locator(".govuk-panel")).to_contain_text("Your reference")
    assert_accessible(public, "request received")

    staff = new_page()
    sign_in(staff, live_server.emails["staff_a"], live_server.password)
    staff.goto("/networks/alpha/members/?status=applied")
    assert_accessible(staff, "requests to join")
    staff.get_by_role("link", name="Dee Volunteer").click()
    assert_accessible(staff, "a request to join")
    staff.get_by_role("button", name="Approve").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("Dee Volunteer is now an active participant")

    staff.goto("/networks/alpha/governance/decisions/new")
    assert_accessible(staff, "record a decision")
    staff.get_by_label("What was decided?").fill("Ask the hospital for its winter plan")
    staff.get_by_role("group", name="How was it decided?").get_by_label("By the hub").check()
    today = date.today()
    staff.get_by_label("Day").fill(str(today.day))
    staff.get_by_label("Month").fill(str(today.month))
    staff.get_by_label("Year").fill(str(today.year))
    staff.get_by_label("Provider the decision is about (optional)").select_option(label="Alpha LINk General Hospital")
    people = staff.get_by_role("group", name="Who took part")
    people.get_by_label("Nina Nurse").check()
    people.get_by_label("Dee Volunteer").check()
    staff.get_by_role("button", name="Record the decision").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Say how the declared conflict of interest")
    expect(staff.get_by_text("Declared: Alpha LINk General Hospital, Staff nurse")).to_be_visible()
    assert_accessible(staff, "decision with a declared conflict")
    staff.get_by_role("group", name="Nina Nurse").get_by_label("Left the meeting for this item").check()
    staff.get_by_role("button", name="Record the decision").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Ask the hospital for its winter plan")
    row = staff.get_by_role("row").filter(has_text="Nina Nurse")
    expect(row).to_contain_text("Left the meeting for this item")
    assert_accessible(staff, "decision page")
    staff.goto("/networks/alpha/governance/")
    assert_accessible(staff, "governance overview")
    staff.goto("/networks/alpha/correspondence/")
    assert_accessible(staff, "correspondence log")
