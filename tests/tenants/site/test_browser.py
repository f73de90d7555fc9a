"""Browser journeys in headless Chromium with axe-core on every page (0 violations of any
impact): the public reads a LINk's site and finds their LINk; staff write, preview and publish a
news post; a person signs up for the newsletter and manages their e-mails from an unsubscribe
link; a report's large-print and easy read versions."""

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


def test_the_public_reads_a_links_site_and_finds_their_link(page):
    page.goto("/networks/alpha/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha LINk")
    assert_accessible(page, "public home")
    for link, heading in [
        ("News", "News"),
        ("Meetings and events", "Meetings and events"),
        ("Our work programme", "Our work programme"),
        ("Our reports", "Our reports"),
        ("You said, we did", "You said, we did"),
        ("Contact us", "Contact Alpha LINk"),
    ]:
        page.get_by_role("navigation", name="Alpha LINk public site").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"public {link}")
    page.goto("/networks/alpha/site/news")
    page.get_by_role("link", name="Alpha LINk news").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha LINk news")
    assert_accessible(page, "news post")

    page.goto("/find-your-link")
    assert_accessible(page, "find your link")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#q-error")).to_contain_text("Enter a postcode")
    assert_accessible(page, "find your link, nothing typed")
    page.get_by_label("Postcode, town or local authority").fill("Alpha")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 LINk found")).to_be_visible()
    assert_accessible(page, "find your link, found")
    page.get_by_role("link", name="Alpha LINk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha LINk")


def test_staff_write_preview_and_publish_news(new_page, live_server):
    staff, public = new_page(), new_page()
    sign_in(staff, live_server.emails["staff_a"], live_server.password)
    staff.goto("/networks/alpha/site/manage")
    assert_accessible(staff, "manage public site")
    staff.get_by_role("link", name="Write a news post").click()
    staff.get_by_role("button", name="Save draft").click()
    expect(staff.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    assert_accessible(staff, "news form with errors")
    staff.get_by_label("Title").fill("Our new survey")
    staff.get_by_label("News post").fill("## Have your say\n\nTell us <script>alert(1)</script> about **GPs**.")
    staff.get_by_role("button", name="Preview").click()
    expect(staff.locator(".lh-preview strong")).to_have_text("GPs")
    expect(staff.locator(".lh-preview script")).to_have_count(0)
    assert_accessible(staff, "news preview")
    staff.get_by_role("button", name="Save draft").click()
    assert_accessible(staff, "news draft")
    staff.get_by_role("button", name="Publish").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("on the public site")
    public.goto("/networks/alpha/site/news")
    public.get_by_role("link", name="Our new survey").click()
    expect(public.get_by_role("heading", name="Have your say")).to_be_visible()
    assert_accessible(public, "published news")

    staff.goto("/networks/alpha/site/manage/profile")
    assert_accessible(staff, "profile form")
    staff.goto("/networks/alpha/site/manage/events/new")
    assert_accessible(staff, "event form")


def test_newsletter_sign_up_and_unsubscribe_page(page, live_server):
    page.goto("/networks/alpha/mail/subscribe")
    assert_accessible(page, "newsletter sign-up")
    page.get_by_role("button", name="Send me the newsletter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page, "newsletter sign-up with an error")
    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_role("button", name="Send me the newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page, "check your email")

    with live_server.app.app_context():
        from linkhub.platform.db import db
        from linkhub.platform.models import Network
        from linkhub.tenants.mailings.services import unsubscribe_token

        network_id = db.session.query(Network.id).filter_by(slug="alpha").scalar()
        token = unsubscribe_token(network_id, "subscriber-alpha@example.org", "newsletter")
        db.session.remove()
    page.goto(f"/networks/alpha/mail/unsubscribe/{token}")
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You have unsubscribed")
    assert_accessible(page, "unsubscribed")


def test_staff_newsletters_pages(page, live_server):
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/mail/newsletters")
    assert_accessible(page, "newsletters")
    page.get_by_role("link", name="Write a newsletter").click()
    page.get_by_label("Subject").fill("Spring news")
    page.get_by_label("Newsletter").fill("## Hello\n\n- one\n- two")
    page.get_by_role("button", name="Preview").click()
    assert_accessible(page, "newsletter preview")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring news")
    assert_accessible(page, "newsletter draft")
    page.get_by_role("button", name="Send the newsletter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("on its way")
    page.goto("/networks/alpha/mail/subscribers")
    assert_accessible(page, "subscribers")
    page.goto("/networks/alpha/mail/preferences")
    assert_accessible(page, "your e-mails")
    page.goto("/networks/alpha/powers/messages")
    assert_accessible(page, "messages sent with delivery status")


def test_report_large_print_and_easy_read(page, live_server):
    with live_server.app.app_context():
        from sqlalchemy import select

        from linkhub.platform.db import db
        from linkhub.platform.models import Network
        from linkhub.platform.tenancy import network_scope
        from linkhub.tenants.reports.models import Report
        from linkhub.tenants.reports.services import publishing

        network_id = db.session.scalar(select(Network.id).where(Network.slug == "alpha"))
        with network_scope(network_id):
            report = db.session.scalars(select(Report).where(Report.status == "approved")).first()
            publishing.set_easy_read(report, easy_read="## What we found\n\nPeople waited a long time to go home.")
            if not report.is_published:
                publishing.publish(report)
            db.session.commit()
            ref = report.public_ref
        db.session.remove()
    page.goto(f"/reports/{ref}")
    assert_accessible(page, "public report")
    page.get_by_role("link", name="Large print version", exact=True).click()
    expect(page.locator(".linkhub-large-print")).to_be_visible()
    assert_accessible(page, "large print report")
    page.goto(f"/reports/{ref}")
    page.get_by_role("link", name="Read the easy read version").click()
    expect(page.get_by_role("heading", name="What we found")).to_be_visible()
    assert_accessible(page, "easy read report")
    expect(page.get_by_role("link", name="hello@alpha.example")).to_be_visible()
