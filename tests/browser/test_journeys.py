"""Journeys through the real app in headless Chromium, with axe-core on every page visited.

CSRF is on (see conftest.py): every form is submitted as a browser would, token included.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible

pytestmark = pytest.mark.browser


def sign_in(page, email: str, password: str, *, succeeds: bool = True) -> None:
    """Sign in through the form; when it should succeed, check the page it lands on too."""
    page.goto("/sign-in")
    assert_accessible(page, "sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if succeeds:
        expect(page.get_by_role("link", name="Your account")).to_be_visible()
        assert_accessible(page, f"first page after signing in as {email}")


def test_sign_in_and_switch_network(page, live_server):
    """A person in two networks signs in (after a wrong password) and switches between them."""
    sign_in(page, live_server.emails["both"], "not-the-password", succeeds=False)

    # The GOV.UK error pattern: "Error:" title, summary at the top linking to the field.
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name="Enter a correct email address and password")
    expect(link).to_have_attribute("href", "#email")
    expect(page.locator("#email")).to_be_visible()
    expect(page.locator("#email-error")).to_contain_text("Enter a correct email address and password")
    assert_accessible(page, "sign in with an error")
    link.click()
    expect(page.locator("#email")).to_be_focused()

    page.get_by_label("Email address").fill(live_server.emails["both"])
    page.get_by_label("Password", exact=True).fill(live_server.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()
    assert_accessible(page, "home, signed in")

    page.get_by_role("main").get_by_role("link", name="Alpha LINk").click()
    expect(page).to_have_url(re.compile(r"/networks/alpha/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha LINk")
    assert_accessible(page, "alpha home")

    switcher = page.get_by_label("Switch network")
    expect(switcher).to_have_value("alpha")
    switcher.select_option(label="Beta LINk")
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page).to_have_url(re.compile(r"/networks/beta/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Beta LINk")
    expect(page.get_by_label("Switch network")).to_have_value("beta")
    # The network's own service navigation is labelled with its name; the account area is separate.
    expect(page.get_by_role("navigation", name="Beta LINk").get_by_role("link", name="Dashboard")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Account and site").get_by_role("link", name="Your account")
    ).to_be_visible()
    assert_accessible(page, "beta home after switching")


def test_operator_suspends_a_network(new_page, live_server):
    """Operator → Networks → Suspend; then members get the 503 page and the public a 404."""
    operator = new_page()
    sign_in(operator, live_server.emails["operator"], live_server.password)
    operator.get_by_role("navigation", name="Account and site").get_by_role("link", name="Operator", exact=True).click()
    expect(operator.get_by_role("heading", level=1)).to_have_text("Platform operator")
    assert_accessible(operator, "operator index")

    operator.get_by_role("link", name="Networks (tenants)").click()
    expect(operator.get_by_role("heading", level=1)).to_have_text("Networks")
    assert_accessible(operator, "operator networks")
    alpha = operator.get_by_role("row").filter(has_text="Alpha LINk")
    expect(alpha.locator(".govuk-tag")).to_have_text("Active")

    # CSRF is on: the same request without the form's token is refused and changes nothing.
    operator.get_by_role("row").filter(has_text="Beta LINk").get_by_role("link", name="Suspend Beta LINk").click()
    action = operator.get_by_role("main").locator("form").get_attribute("action")
    forged = operator.request.post(action, form={"status": "suspended"})
    assert forged.status == 400
    operator.goto("/operator/networks")
    expect(operator.get_by_role("row").filter(has_text="Beta LINk").locator(".govuk-tag")).to_have_text("Active")

    # Suspending asks first, saying what it does.
    alpha.get_by_role("link", name="Suspend Alpha LINk").click()
    expect(operator.get_by_role("heading", level=1)).to_have_text("Suspend Alpha LINk?")
    assert_accessible(operator, "confirm suspending")
    operator.get_by_role("button", name="Suspend Alpha LINk").click()
    banner = operator.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Alpha LINk is now suspended.")
    tag = operator.get_by_role("row").filter(has_text="Alpha LINk").locator(".govuk-tag")
    expect(tag).to_have_text("Suspended")
    expect(tag).to_have_class(re.compile(r"\bgovuk-tag--red\b"))
    expect(operator.get_by_role("row").filter(has_text="Beta LINk").locator(".govuk-tag")).to_have_text("Active")
    assert_accessible(operator, "operator networks after suspending")

    member = new_page()
    sign_in(member, live_server.emails["member_a"], live_server.password)
    response = member.goto("/networks/alpha/")
    assert response.status == 503
    expect(member.get_by_role("heading", level=1)).to_have_text("Sorry, the service is unavailable")
    expect(member.locator("main")).to_contain_text("Alpha LINk is suspended")
    assert_accessible(member, "503 for a member of the suspended network")

    anonymous = new_page()
    response = anonymous.goto("/networks/alpha/")
    assert response.status == 404
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(anonymous.locator("main")).not_to_contain_text("Alpha")
    assert_accessible(anonymous, "404 for the public")
    # The suspended network is gone from the public list; the other one is still there.
    anonymous.goto("/")
    expect(anonymous.locator("main")).not_to_contain_text("Alpha LINk")
    expect(anonymous.get_by_role("link", name="Beta LINk")).to_be_visible()
    assert_accessible(anonymous, "public home after suspending")


@pytest.mark.parametrize(
    "path, status, heading",
    [
        ("/", 200, "LINkHub"),
        ("/accessibility", 200, None),
        ("/privacy", 200, None),
        ("/cookies", 200, "Cookies"),
        ("/password-reset/", 200, "Reset your password"),
        ("/password-reset/sent", 200, "Check your email"),
        ("/password-reset/new?token=made-up", 410, "This link has expired"),
        ("/sign-in", 200, "Sign in to LINkHub"),
        ("/no-such-page", 404, "Page not found"),
        ("/networks/alpha/", 200, "Alpha LINk"),
    ],
)
def test_public_pages_are_accessible(page, live_server, path, status, heading):
    response = page.goto(path)
    assert response.status == status
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    if heading:
        expect(h1).to_have_text(heading)
    assert_accessible(page, path)


def test_staff_adds_a_provider(page, live_server):
    """Staff add a provider: empty form → error summary → fix → confirmation."""
    sign_in(page, live_server.emails["staff_a"], live_server.password)
    page.goto("/networks/alpha/")
    assert_accessible(page, "alpha home for staff")
    page.get_by_role("navigation", name="Alpha LINk").get_by_role("link", name="Service directory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service directory")
    assert_accessible(page, "service directory")

    page.get_by_role("link", name="Add a provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a provider")
    assert_accessible(page, "add a provider")

    page.get_by_role("button", name="Add provider").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    name_link = summary.get_by_role("link", name="Enter the provider's name")
    kind_link = summary.get_by_role("link", name="Choose the kind of provider")
    expect(name_link).to_have_attribute("href", "#name")
    kind_target = kind_link.get_attribute("href")
    assert kind_target and kind_target.startswith("#")
    expect(page.locator(kind_target)).to_have_count(1)
    expect(page.locator("#name-error")).to_contain_text("Enter the provider's name")
    assert_accessible(page, "add a provider with errors")
    name_link.click()
    expect(page.get_by_label("Provider name")).to_be_focused()

    page.get_by_label("Provider name").fill("Riverside Care Home")
    page.get_by_label("Care home").check()
    page.get_by_role("button", name="Add provider").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Care Home")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Riverside Care Home has been added to the directory.")
    expect(page.locator(".govuk-caption-l")).to_have_text("Care home")
    assert_accessible(page, "provider page after adding")

    page.locator("a.govuk-back-link").click()
    expect(page.get_by_role("link", name="Riverside Care Home")).to_be_visible()
    assert_accessible(page, "service directory after adding")
