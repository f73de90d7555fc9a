"""The network home's issues panel: issues by status and the latest fired trigger points."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform.db import db
from linkhub.platform.shell import dashboard_panel

from .models import CARE_SECTORS, ISSUE_SCOPES, ISSUE_STATUSES, Issue, TriggerFiring


@dashboard_panel
def issues_and_triggers(network):
    by_status = dict(db.session.execute(select(Issue.status, func.count()).group_by(Issue.status)).all())
    firings = db.session.scalars(select(TriggerFiring).order_by(TriggerFiring.fired_at.desc()).limit(5)).all()
    issues = {i.id: i for i in db.session.scalars(select(Issue).where(Issue.id.in_([f.issue_id for f in firings])))}
    return {
        "title": "Issues and trigger points",
        "template": "issues/_panel.html",
        "by_status": [(label, by_status.get(key, 0)) for key, label in ISSUE_STATUSES.items()],
        "firings": firings,
        "issues": issues,
    }


@dashboard_panel
def balance_of_issues(network):
    """How the open issues divide: national, local, individual or specialist; health or social care."""
    open_issues = Issue.status != "closed"
    scopes = dict(db.session.execute(select(Issue.scope, func.count()).where(open_issues).group_by(Issue.scope)).all())
    sectors = dict(
        db.session.execute(select(Issue.care_sector, func.count()).where(open_issues).group_by(Issue.care_sector)).all()
    )
    return {
        "title": "Balance of issues",
        "template": "issues/_balance.html",
        "scopes": [(label.split(" (")[0], scopes.get(key, 0)) for key, label in ISSUE_SCOPES.items()]
        + [("Not classified", scopes.get(None, 0))],
        "sectors": [(label, sectors.get(key, 0)) for key, label in CARE_SECTORS.items()]
        + [("Not classified", sectors.get(None, 0))],
    }
