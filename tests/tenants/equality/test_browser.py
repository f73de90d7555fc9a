"""Browser journeys with axe-core: the public answer the census equality questions with their
feedback (consent asked), staff enter the population profile, members read the reach page and
the dashboard's balance of issues."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(page, email, password):
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def test_feedback_with_equality_answers_then_reach(new_page, live_server):
    public = new_page()
    public.goto("/networks/alpha/feedback/new")
    public.get_by_label("What happened?").fill("The ward was noisy at night.")
    public.get_by_label("If the service is not in the list, type its name").fill("Ward 4")
    public.get_by_label("What is it mostly about?").select_option(label="Something else")
    public.get_by_text("Equality monitoring (optional)").click()
    public.get_by_role("group", name="What is your age?").get_by_label("75 to 84").check()
    assert_accessible(public, "feedback form with equality questions")
    public.get_by_role("button", name="Send your views").click()
    expect(public.locator(".govuk-error-summary")).to_contain_text("tick the box to agree")
    assert_accessible(public, "feedback form, consent missing")
    public.get_by_text("Equality monitoring (optional)").click()
    public.get_by_label("I agree that my answers").check()
    public.get_by_role("button", name="Send your views").click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert_accessible(public, "feedback thanks")

    staff = new_page()
    sign_in(staff, live_server.emails["staff_a"], live_server.password)
    staff.goto("/networks/alpha/reach/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("Who we hear from")
    assert_accessible(staff, "reach page")
    staff.get_by_role("link", name="Change the local population for age").click()
    assert_accessible(staff, "population profile form")
    staff.get_by_label("75 to 84 (%)").fill("99")
    staff.get_by_label("65 to 74 (%)").fill("9")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("must not exceed 100%")
    assert_accessible(staff, "population profile form with an error")
    staff.goto("/networks/alpha/")
    expect(staff.get_by_role("heading", name="Balance of issues")).to_be_visible()
    assert_accessible(staff, "dashboard with reach and balance panels")
