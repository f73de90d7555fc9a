"""Joint reports (the services of this one entity): a working group drafts a report from its shared
issues, every member network's admin approves it, and the last approval publishes it: a public
page and ``report.published`` (report_type ``joint_report``) for the national library.

The convenor network's admin (or an operator) may unpublish it: the public page answers 410 and
``report.unpublished`` takes it out of search. A shared issue withdrawn after publication leaves
the report's page at once, and ``republish_including`` re-emits ``report.published`` so the
search entry loses its providers and service types too."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.auth import ADMIN_ROLES
from linkhub.platform.db import MAX_ID, db, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from ..anonymise import find_identifiers
from ..models import FederationLog, JointReport, JointReportApproval, SharedIssue, WorkingGroup
from . import IdentifiersFound


def live_issues_of(report: JointReport) -> list[SharedIssue]:
    """The report's shared issues still standing: a withdrawal reaches reports too."""
    if not report.shared_issue_ids:
        return []
    return list(
        db.session.scalars(
            select(SharedIssue)
            .where(SharedIssue.id.in_(report.shared_issue_ids), SharedIssue.withdrawn.is_(False))
            .order_by(SharedIssue.id)
        )
    )


def draft(
    group: WorkingGroup,
    *,
    title: str,
    summary: str,
    body: str,
    shared_issue_ids: list[int],
    user,
    confirm_identifiers: bool = False,
) -> JointReport:
    title = (title or "").strip()
    if not title:
        raise ServiceError("Enter a title", field="title")
    wanted = [i for i in shared_issue_ids or [] if isinstance(i, int) and 0 < i <= MAX_ID]
    ids = sorted(
        set(
            db.session.scalars(
                select(SharedIssue.id).where(
                    SharedIssue.id.in_(wanted),
                    SharedIssue.working_group_id == group.id,
                    SharedIssue.withdrawn.is_(False),
                    SharedIssue.superseded_by_id.is_(None),
                )
            )
        )
    )
    if not ids:
        raise ServiceError("Choose at least one of the group's shared issues", field="shared_issue_ids")
    findings = find_identifiers("\n".join((title, summary or "", body or "")))
    if findings and not confirm_identifiers:  # it will be public: the same check as a share
        refusal = IdentifiersFound(findings)
        refusal.field = "body"
        raise refusal
    report = JointReport(
        working_group_id=group.id,
        title=title[:200],
        summary=(summary or "").strip(),
        body=(body or "").strip(),
        shared_issue_ids=ids,
        drafted_by_label=user.email,
    )
    db.session.add(report)
    db.session.flush()
    db.session.add(
        FederationLog(
            action="joint_report.drafted",
            working_group_id=group.id,
            actor_label=user.email,
            details={"report": report.public_ref, "shared_issue_ids": ids},
        )
    )
    return report


def approve(report: JointReport, network, user) -> JointReport:
    """One member network's approval; the last one publishes."""
    group = report.working_group
    if network.id not in group.member_network_ids:
        raise ServiceError("Not found", status=404)
    if report.status == "unpublished":
        raise ServiceError("This joint report has been unpublished", status=409)
    if report.status == "published" or report.approved_by(network.id):
        return report
    report.approvals.append(JointReportApproval(network_id=network.id, approved_by_label=user.email))
    db.session.flush()
    audit.record("joint_report.approved", "joint_report", report.id, network_id=network.id)
    db.session.add(
        FederationLog(
            action="joint_report.approved",
            working_group_id=group.id,
            network_id=network.id,
            actor_label=user.email,
            details={"report": report.public_ref},
        )
    )
    if group.member_network_ids <= {a.network_id for a in report.approvals}:
        _publish(report)
    return report


def credit(group: WorkingGroup) -> str:
    """Every member network by name, the convenor first: "Sheffield LINk, Leeds LINk and York LINk"."""
    others = sorted(m.network.name for m in group.members if m.network_id != group.convenor_network_id)
    names = [group.convenor.name, *others]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def report_payload(report: JointReport) -> dict:
    """``report.published`` per linkhub/search/events.py, from the report's live shared issues
    (also the reindex source). Filed under the convenor network (its facet), credited to every
    member network by name: the convenor first, then the others."""
    group = report.working_group
    issues = live_issues_of(report)
    return {
        "public_ref": report.public_ref,
        "network": group.convenor.slug,
        "network_name": credit(group),
        "region": group.region,
        "title": report.title,
        "summary": report.summary,
        "body": report.body,
        "published_on": report.published_at.date().isoformat(),
        "report_type": "joint_report",
        "pathway": group.pathway.name,
        "providers": sorted({i.provider for i in issues if i.provider}),
        "service_types": sorted({i.service_type for i in issues if i.service_type}),
        "url": f"/federation/reports/{report.public_ref}",
    }


def _publish(report: JointReport) -> None:
    from .joint_recommendations import start_clocks

    report.status, report.published_at = "published", utcnow()
    start_clocks(report)  # each recommendation is sent; its 20-working-day clock starts
    emit("report.published", report_payload(report), network_id=None)
    db.session.add(
        FederationLog(
            action="joint_report.published",
            working_group_id=report.working_group_id,
            actor_label="system",
            details={"report": report.public_ref},
        )
    )


def publish_fully_approved(group: WorkingGroup) -> list[JointReport]:
    """Drafts every remaining member has approved (after a member left the group) are published."""
    published = []
    for report in db.session.scalars(
        select(JointReport).where(JointReport.working_group_id == group.id, JointReport.status == "draft")
    ):
        if report.approvals and group.member_network_ids <= {a.network_id for a in report.approvals}:
            _publish(report)
            published.append(report)
    return published


def may_unpublish(who, group: WorkingGroup) -> bool:
    """The group's published reports: the convenor network's admins and operators."""
    return who.is_operator or bool(who.roles_in(group.convenor_network_id) & ADMIN_ROLES)


def unpublish(report: JointReport, user, *, reason: str) -> JointReport:
    """Take a published report off the public site and out of search (kept, with the log)."""
    if report.status == "unpublished":
        return report
    if report.status != "published":
        raise ServiceError("Only a published joint report can be unpublished", status=409)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say why the joint report is being unpublished", field="reason")
    group = report.working_group
    report.status = "unpublished"
    audit.record(
        "joint_report.unpublished",
        "joint_report",
        report.id,
        network_id=group.convenor_network_id,
        actor=user,
        public_ref=report.public_ref,
        reason=reason,
    )
    db.session.add(
        FederationLog(
            action="joint_report.unpublished",
            working_group_id=group.id,
            actor_label=user.email,
            details={"report": report.public_ref, "reason": reason},
        )
    )
    emit("report.unpublished", {"public_ref": report.public_ref, "network": group.convenor.slug}, network_id=None)
    return report


def republish_including(shared_issues: list[SharedIssue]) -> list[JointReport]:
    """After a withdrawal: every published joint report that included one of these shared issues
    is sent to search again (same public_ref, recomputed providers and service types)."""
    ids = {i.id for i in shared_issues}
    if not ids:
        return []
    db.session.flush()  # the withdrawn marks, so live_issues_of leaves them out
    reports = [
        r
        for r in db.session.scalars(
            select(JointReport)
            .where(
                JointReport.working_group_id.in_({i.working_group_id for i in shared_issues}),
                JointReport.status == "published",
            )
            .order_by(JointReport.id)
        )
        if ids & set(r.shared_issue_ids or [])
    ]
    for report in reports:
        emit("report.published", report_payload(report), network_id=None)
    return reports
