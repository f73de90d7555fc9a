"""Joint reports: drafted from shared issues, approved by every member network, then published."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation.models import JointReport, SharedIssue
from linkhub.platform.db import db
from linkhub.search import service as search
from linkhub.search.documents import SearchQuery
from tests.federation.conftest import drain, make_group, person

pytestmark = pytest.mark.usefixtures("db_kind")


def test_draft_approve_by_every_network_then_published_and_searchable(app, world):
    drain()
    group_id = make_group(world, members=[world.b], name="Two-network group")
    copy = SharedIssue(
        working_group_id=group_id,
        source_network_id=world.b.id,
        share_ref="jr-test",
        agreement_version=1,
        title="Discharge without a care plan",
        pathway="Ambulance",
        stage="Discharge",
        theme="Discharge and moving between services",
        provider="Beta Ambulance Trust",
        month="2010-05",
        region="London",
    )
    db.session.add(copy)
    db.session.commit()
    staff = person(app, "staff-a@example.org")
    form = {
        "title": "Discharge along the ambulance pathway",
        "summary": "What two networks heard.",
        "body": "People were discharged without a plan.",
        "shared_issue_ids": [str(copy.id)],
    }
    assert (
        person(app, "reader@example.org").post(f"/federation/groups/{group_id}/reports/new", data=form).status_code
        == 403
    )
    assert (
        staff.post(
            f"/federation/groups/{group_id}/reports/new", data=form | {"body": "Ring 07700 900123 for details."}
        ).status_code
        == 422
    )
    assert staff.post(f"/federation/groups/{group_id}/reports/new", data=form).status_code == 302
    report = db.session.scalar(select(JointReport).where(JointReport.working_group_id == group_id))
    ref, report_id = report.public_ref, report.id
    db.session.rollback()
    anonymous = person(app)
    assert anonymous.get(f"/federation/reports/{ref}").status_code == 404  # a draft is not public
    assert staff.get(f"/federation/reports/{ref}").status_code == 200
    assert (
        person(app, "admin-a@example.org").post(f"/networks/alpha/federation/reports/{report_id}/approve").status_code
        == 302
    )
    assert db.session.get(JointReport, report_id).status == "draft"
    db.session.rollback()
    assert (
        person(app, "admin-b@example.org").post(f"/networks/beta/federation/reports/{report_id}/approve").status_code
        == 302
    )
    assert db.session.get(JointReport, report_id).status == "published"
    db.session.rollback()
    drain()
    page = anonymous.get(f"/federation/reports/{ref}")
    assert page.status_code == 200 and b"Discharge without a care plan" in page.data
    hits = search.backend().search(SearchQuery(kind="report", filters={"report_type": ["joint_report"]})).hits
    assert [h.doc_id for h in hits] == [f"report:{ref}"]


def test_a_network_outside_the_group_cannot_approve(app, world):
    drain()
    beta_report = world.records["beta"]["joint_report_id"]
    admin_a = person(app, "admin-a@example.org")
    assert admin_a.post(f"/networks/alpha/federation/reports/{beta_report}/approve").status_code == 404
