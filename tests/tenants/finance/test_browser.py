"""Finances and returns in the browser: staff record spending with a bad amount (error summary),
then correctly, look at budget against actual, and read a return with its figures. axe-core
runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_staff_record_spending_and_read_a_return(page, live_server):
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/finance/")
    assert_accessible(page, "finances")
    page.get_by_role("link", name="Record spending").click()
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Supplier").fill("Print Shop Ltd")
    page.get_by_label("Budget line").select_option(label="Communications")
    page.get_by_label("Amount").fill("12.345")
    page.get_by_role("button", name="Save spending").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("no more than 2 decimal places")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page, "spending with an error")
    page.get_by_label("Amount").fill("£1,234.50")
    page.get_by_role("button", name="Save spending").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been recorded")
    expect(page.get_by_role("heading", level=1)).to_contain_text("£1,234.50")
    assert_accessible(page, "spending entry with receipts")

    page.get_by_role("link", name=re.compile("Financial year 2026-27")).click()
    expect(page.get_by_role("table", name="Budget against actual per budget line")).to_contain_text("£1,234.50")
    assert_accessible(page, "budget against actual")

    page.goto("/networks/alpha/returns/")
    assert_accessible(page, "returns and indicators")
    page.get_by_role("link", name=re.compile("Six-monthly return")).first.click()
    expect(page.get_by_text("Figures drawn from the records on")).to_be_visible()
    assert_accessible(page, "a sent return")
