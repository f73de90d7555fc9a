"""Answering a survey in the browser with the keyboard only (Tab, arrows, Space, Enter and
typing; never a click), one question a page, with axe-core finding nothing, of any impact, on
every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def no_violations(page, where: str) -> None:
    violations = assert_accessible(page, where)
    assert violations == [], f"axe on {where}: {[v['id'] for v in violations]}"


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the focus (so it can be reached by keyboard)."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_answer_a_survey_with_the_keyboard_only(page, live_server):
    page.goto("/networks/alpha/")
    no_violations(page, "network public home")
    tab_to(page, page.get_by_role("link", name="Take part in our survey: GP access survey"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("GP access survey")
    no_violations(page, "survey start page")
    tab_to(page, page.get_by_role("button", name="Start now"))
    page.keyboard.press("Enter")

    # 1. radios: Tab into the group, Space chooses the first, the arrow moves the choice.
    expect(page.get_by_role("heading", level=1)).to_have_text("How did you hear about us? (optional)")
    no_violations(page, "question 1 (radios)")
    tab_to(page, page.get_by_label("Leaflet"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Friend")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # 2. checkboxes: Space ticks each.
    expect(page.get_by_role("heading", level=1)).to_have_text("Which services have you used? (optional)")
    no_violations(page, "question 2 (checkboxes)")
    tab_to(page, page.get_by_label("GP"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Pharmacy"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # 3. a scale of 1 to 5 (inline radios).
    expect(page.get_by_role("heading", level=1)).to_have_text("How easy was it to get an appointment? (optional)")
    no_violations(page, "question 3 (scale)")
    tab_to(page, page.get_by_label("1", exact=True))
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4", exact=True)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # 4. a date, first not a real one: the error summary takes the focus and links to the field.
    expect(page.get_by_role("heading", level=1)).to_have_text("When did you last see a GP? (optional)")
    no_violations(page, "question 4 (date)")
    tab_to(page, page.get_by_label("Day"))
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    page.keyboard.press("Enter")  # submits the form from the field
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a real date for: When did you last see a GP?")
    expect(page).to_have_title(re.compile(r"^Error: "))
    no_violations(page, "question 4 with an error")
    tab_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Day")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("28")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # 5. text.
    expect(page.get_by_role("heading", level=1)).to_have_text("Anything else? (optional)")
    no_violations(page, "question 5 (text)")
    tab_to(page, page.get_by_role("textbox", name="Anything else? (optional)"))
    page.keyboard.type("The receptionist was kind, but the phone queue took 40 minutes.")
    tab_to(page, page.get_by_role("button", name="Continue"))
    page.keyboard.press("Enter")

    # 6. the optional equality section, then send.
    expect(page.get_by_role("heading", level=2, name="About you (optional)")).to_be_visible()
    no_violations(page, "equality section")
    tab_to(page, page.get_by_role("group", name="Age").get_by_label("Under 18"))
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("35 to 44")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send your answers"))
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-panel")).to_contain_text("Thank you for your answers")
    assert re.fullmatch(r"[A-Z2-9]{10}", page.locator(".govuk-panel strong").inner_text())
    no_violations(page, "answers sent")
