"""The demo: both working groups, shared issues along the pathways, complete without a worker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from linkhub.federation.demo import load_federation, load_joint_reports
from linkhub.federation.models import JointReport, SharedIssue, WorkingGroup
from linkhub.platform.db import db
from linkhub.search import service as search
from linkhub.search.documents import SearchQuery

pytestmark = pytest.mark.usefixtures("db_kind")


def test_demo_shares_issues_and_runs_twice(app):
    from linkhub.demo import load_platform
    from linkhub.tenants.directory.demo import load_directory
    from linkhub.tenants.feedback.demo import load_community
    from linkhub.tenants.issues.demo import load_issues

    for loader in (load_platform, load_directory, load_community, load_issues):
        list(loader())
    from linkhub.tenants.sharing.demo import load_sharing

    lines = list(load_federation()) + list(load_sharing()) + list(load_joint_reports())
    assert "working group Yorkshire ambulance pathway" in lines
    groups = {g.name: g for g in db.session.scalars(select(WorkingGroup))}
    yorkshire = groups["Yorkshire ambulance pathway"]
    assert yorkshire.convenor.slug == "sheffield" and {m.network.slug for m in yorkshire.members} == {
        "sheffield",
        "leeds",
    }
    assert "North West mental health pathway" in groups
    shared = db.session.scalar(
        select(func.count()).select_from(SharedIssue).where(SharedIssue.working_group_id == yorkshire.id)
    )
    assert shared >= 3
    assert search.backend().search(SearchQuery(kind="shared_issue")).total >= shared
    reports = {r.working_group.name: r for r in db.session.scalars(select(JointReport))}
    assert reports["Yorkshire ambulance pathway"].status == "published"
    waiting = reports["North West mental health pathway"]
    assert waiting.status == "draft" and [a.network.slug for a in waiting.approvals] == ["manchester"]
    joint = search.backend().search(SearchQuery(kind="report", filters={"report_type": ["joint_report"]}))
    assert [h.doc_id for h in joint.hits] == [f"report:{reports['Yorkshire ambulance pathway'].public_ref}"]
    assert list(load_federation()) + list(load_sharing()) + list(load_joint_reports()) == []
