"""Browser journeys (CSRF on, axe-core on every page): the operator defines a pathway, sets up a
working group, adds a member network and publishes a new agreement version; the convenor's admin
unpublishes a published joint report after a confirmation page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_operator_defines_a_pathway_and_sets_up_a_group(new_page, live_server):
    page = new_page()
    sign_in(page, live_server.emails["operator"], live_server.password)
    page.goto("/operator/")
    page.get_by_role("link", name="Pathways and working groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathways and working groups")
    assert_accessible(page, "operator: pathways and working groups")
    page.get_by_role("link", name="Define a pathway").click()
    page.get_by_role("button", name="Define the pathway").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the pathway's name")
    assert_accessible(page, "define a pathway, with errors")
    page.get_by_label("Pathway name").fill("Maternity")
    page.get_by_label("Stages").fill("Booking\nAntenatal care\nBirth\nPostnatal care")
    page.get_by_role("button", name="Define the pathway").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Maternity pathway has been defined")

    page.get_by_role("link", name="Set up a working group").click()
    assert_accessible(page, "set up a working group")
    page.get_by_label("Working group name").fill("Alpha maternity group")
    page.get_by_label("Region").select_option("North West")
    page.get_by_label("Pathway", exact=True).select_option("maternity")
    page.get_by_label("Convenor network").select_option("alpha")
    page.get_by_label("Sharing agreement (optional)").fill("We share anonymised issues about maternity care.")
    page.get_by_role("button", name="Set up the working group").click()
    # One network alone is not a working group (issue 16, Broken 8).
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one member network besides the convenor"
    )
    assert_accessible(page, "set up a working group, with errors")
    page.get_by_label("Beta LINk").check()
    page.get_by_role("button", name="Set up the working group").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha maternity group")
    assert_accessible(page, "operator: a working group")
    page.get_by_role("link", name="Remove Beta LINk").click()
    assert_accessible(page, "remove a member network")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Publish a new version of the agreement").click()
    assert_accessible(page, "publish a new agreement version")
    page.get_by_label("Suppression threshold").fill("2")
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be below 3")
    page.get_by_label("Suppression threshold").fill("4")
    page.get_by_role("button", name="Publish the new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 of the agreement is published")


def _publish_a_joint_report(app) -> str:
    from linkhub.federation import services
    from linkhub.federation.services import joint_reports
    from linkhub.federation.models import SharedIssue
    from linkhub.platform.db import db
    from linkhub.platform.models import Network, User
    from linkhub.platform.tenancy import platform_scope

    with app.app_context(), platform_scope():
        alpha, beta = (db.session.query(Network).filter_by(slug=s).one() for s in ("alpha", "beta"))
        group = services.create_working_group(
            name="Joint group",
            region="North West",
            pathway=services.pathway_by_slug("ambulance"),
            convenor=alpha,
            members=[beta],
            agreement_text="Version one.",
        )
        copy = SharedIssue(
            working_group_id=group.id,
            source_network_id=beta.id,
            share_ref="journey",
            agreement_version=1,
            title="Discharge without a plan",
            pathway="Ambulance",
            stage="Discharge",
            theme="Discharge",
            month="2010-05",
            region="London",
        )
        db.session.add(copy)
        db.session.flush()
        admin = {
            n: db.session.query(User).filter_by(email=f"admin-{n[0]}@example.org").one() for n in ("alpha", "beta")
        }
        report = joint_reports.draft(
            group,
            title="Discharge on the ambulance pathway",
            summary="",
            body="",
            shared_issue_ids=[copy.id],
            user=admin["alpha"],
        )
        joint_reports.approve(report, alpha, admin["alpha"])
        joint_reports.approve(report, beta, admin["beta"])
        db.session.commit()
        ref = report.public_ref
        db.session.remove()
    return ref


def test_convenor_admin_unpublishes_a_joint_report(new_page, live_server):
    ref = _publish_a_joint_report(live_server.app)
    page = new_page()
    sign_in(page, live_server.emails["admin_a"], live_server.password)
    page.goto(f"/federation/reports/{ref}")
    page.get_by_role("link", name="Unpublish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to unpublish this joint report?")
    assert_accessible(page, "unpublish a joint report")
    page.get_by_role("button", name="Unpublish the joint report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    assert_accessible(page, "unpublish a joint report, with errors")
    page.get_by_label("Why is the joint report being unpublished?").fill("A member network asked for a correction.")
    page.get_by_role("button", name="Unpublish the joint report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been unpublished")
    expect(page.get_by_text("Discharge on the ambulance pathway – Unpublished")).to_be_visible()
    assert_accessible(page, "group page after unpublishing")
    assert page.goto(f"/federation/reports/{ref}").status == 410
