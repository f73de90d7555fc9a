"""The reports library in headless Chromium: search, filter, sort, page; axe on each page."""

from __future__ import annotations

import re

import pytest

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.search.pipeline import publish, report_payload  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def library(live_server):
    with live_server.app.app_context():
        for i in range(24):
            publish(
                "report.published",
                report_payload(
                    f"W{i:02d}",
                    network="alpha" if i % 2 else "beta",
                    network_name="Alpha LINk" if i % 2 else "Beta LINk",
                    title=f"Ward visit {i}" if i % 3 else f"Dignity on wards {i}",
                    summary="Dignity at mealtimes." if i % 3 == 0 else "Visiting times.",
                    published_on=f"2010-03-{i + 1:02d}",
                    powers=["enter_and_view"] if i % 4 == 0 else ["report_with_recommendations"],
                ),
            )
        from linkhub.platform.db import db

        db.session.remove()
    return live_server


def test_search_filter_sort_and_page_without_javascript(page, library):
    page.goto("/reports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports library")
    expect(page.locator("#result-count")).to_contain_text("24 reports")
    assert_accessible(page, "reports library")

    page.get_by_label("Search published reports").fill("dignity")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#result-count")).to_contain_text("8 reports for ‘dignity’")
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page, "results for a word")

    page.locator("summary", has_text="Power used").click()  # open the filter group
    page.get_by_label(re.compile(r"^Enter and view visit")).check()
    page.get_by_label("Sort by").select_option("date")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"power=enter_and_view"))
    expect(page.locator("#result-count")).to_contain_text("2 reports")
    assert_accessible(page, "filtered results")

    page.get_by_role("link", name=re.compile("Power used: Enter and view visit")).click()
    expect(page.locator("#result-count")).to_contain_text("8 reports")

    page.goto("/reports?per_page=10")
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    assert_accessible(page, "page 2")

    page.goto("/reports?q=zebra&network=nowhere")
    expect(page.get_by_text("There is no network called ‘nowhere’")).to_be_visible()
    expect(page.get_by_text("There are no matching reports.")).to_be_visible()
    assert_accessible(page, "no results with a message")
