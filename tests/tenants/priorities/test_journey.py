"""Browser journey: a member scores an issue; staff add a work item from the ranking; the
work programme's task list shows it. axe-core checks every page visited."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.axe import assert_accessible
from tests.browser.test_journeys import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def handover_issue(live_server):
    """A second open issue in Alpha, not yet scored nor in the work programme."""
    from linkhub.platform.db import db
    from linkhub.platform.models import Network
    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.issues import services as issues

    with live_server.app.app_context():
        network_id = db.session.scalar(select(Network.id).where(Network.slug == "alpha"))
        with network_scope(network_id):
            issues.create_issue(title="Ambulance handover delays", theme="access")
            db.session.commit()
        db.session.remove()
    return "Ambulance handover delays"


def test_member_scores_staff_plan_and_the_task_list_shows_it(new_page, live_server, handover_issue):
    member = new_page()
    sign_in(member, live_server.emails["member_a"], live_server.password)
    member.goto("/networks/alpha/priorities/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Priorities")
    assert_accessible(member, "priorities ranking")
    member.get_by_role("link", name=f"Score {handover_issue}").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(handover_issue)
    assert_accessible(member, "score an issue")

    # Submitting with one criterion unanswered shows the GOV.UK error summary.
    member.get_by_role("group", name=re.compile(r"^Severity")).get_by_label("5 – very much").check()
    member.get_by_role("button", name="Save scores").click()
    expect(member).to_have_title(re.compile(r"^Error: "))
    summary = member.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose a score from 0 to 5 for others already acting")
    assert_accessible(member, "score an issue with an error")
    member.get_by_role("group", name=re.compile(r"^Others already acting")).get_by_label("0 – not at all").check()
    member.get_by_role("button", name="Save scores").click()
    expect(member.locator(".govuk-notification-banner")).to_contain_text("Your scores for")
    row = member.get_by_role("row").filter(has_text=handover_issue)
    expect(row).to_contain_text("5.00")  # (3 × 5 + 1 × (5 − 0)) / 4
    assert_accessible(member, "ranking after scoring")

    staff = new_page()
    sign_in(staff, live_server.emails["staff_a"], live_server.password)
    staff.goto("/networks/alpha/priorities/")
    staff.get_by_role("link", name=f"Add to work programme for {handover_issue}").click()
    expect(staff.get_by_label("What is the work?")).to_have_value(handover_issue)
    assert_accessible(staff, "add a work item")
    target = date.today() + timedelta(days=45)
    staff.get_by_label("Owner").fill("Priya")
    staff.get_by_label("Measurable outcome").fill("Handovers under 30 minutes by March")
    staff.get_by_label("Day").fill(str(target.day))
    staff.get_by_label("Month").fill(str(target.month))
    staff.get_by_label("Year").fill(str(target.year))
    staff.get_by_role("button", name="Save work item").click()

    expect(staff.get_by_role("heading", level=1)).to_have_text("Work programme")
    task = staff.locator(".govuk-task-list__item").filter(has_text=handover_issue)
    expect(task.locator(".govuk-tag")).to_have_text("Not yet started")
    expect(task.get_by_role("link", name=handover_issue)).to_be_visible()
    assert_accessible(staff, "work programme task list")

    staff.goto("/networks/alpha/")
    expect(staff.get_by_role("heading", name="Work programme progress")).to_be_visible()
    assert_accessible(staff, "network home with the progress panel")
