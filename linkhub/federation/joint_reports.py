"""Joint reports (the services of this one entity): a working group drafts a report from its shared
issues, every member network's admin approves it, and the last approval publishes it: a public
page and ``report.published`` (report_type ``joint_report``) for the national library."""
from __future__ import annotations

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from .anonymise import find_identifiers
from .models import FederationLog, JointReport, JointReportApproval, SharedIssue, WorkingGroup
from .services import IdentifiersFound


def live_issues_of(report: JointReport) -> list[SharedIssue]:
    """The report's shared issues still standing: a withdrawal reaches reports too."""
    if not report.shared_issue_ids:
        return []
    return list(db.session.scalars(select(SharedIssue).where(
        SharedIssue.id.in_(report.shared_issue_ids), SharedIssue.withdrawn.is_(False)).order_by(SharedIssue.id)))


def draft(group: WorkingGroup, *, title: str, summary: str, body: str, shared_issue_ids: list[int], user,
          confirm_identifiers: bool = False) -> JointReport:
    title = (title or "").strip()
    if not title:
        raise ServiceError("Enter a title", field="title")
    ids = sorted(set(db.session.scalars(select(SharedIssue.id).where(
        SharedIssue.id.in_(shared_issue_ids or []), SharedIssue.working_group_id == group.id,
        SharedIssue.withdrawn.is_(False), SharedIssue.superseded_by_id.is_(None)))))
    if not ids:
        raise ServiceError("Choose at least one of the group's shared issues", field="shared_issue_ids")
    findings = find_identifiers("\n".join((title, summary or "", body or "")))
    if findings and not confirm_identifiers:  # it will be public: the same check as a share
        raise IdentifiersFound(findings)
    report = JointReport(working_group_id=group.id, title=title[:200], summary=(summary or "").strip(),
                         body=(body or "").strip(), shared_issue_ids=ids, drafted_by_label=user.email)
    db.session.add(report)
    db.session.flush()
    db.session.add(FederationLog(action="joint_report.drafted", working_group_id=group.id, actor_label=user.email,
                                 details={"report": report.public_ref, "shared_issue_ids": ids}))
    return report


def approve(report: JointReport, network, user) -> JointReport:
    """One member network's approval; the last one publishes."""
    group = report.working_group
    if network.id not in group.member_network_ids:
        raise ServiceError("Not found", status=404)
    if report.status == "published" or report.approved_by(network.id):
        return report
    report.approvals.append(JointReportApproval(network_id=network.id, approved_by_label=user.email))
    db.session.flush()
    audit.record("joint_report.approved", "joint_report", report.id, network_id=network.id)
    db.session.add(FederationLog(action="joint_report.approved", working_group_id=group.id, network_id=network.id,
                                 actor_label=user.email, details={"report": report.public_ref}))
    if group.member_network_ids <= {a.network_id for a in report.approvals}:
        _publish(report)
    return report


def _publish(report: JointReport) -> None:
    group = report.working_group
    report.status, report.published_at = "published", utcnow()
    issues = live_issues_of(report)
    emit("report.published", {
        "public_ref": report.public_ref, "network": group.convenor.slug, "network_name": group.convenor.name,
        "region": group.region, "title": report.title, "summary": report.summary, "body": report.body,
        "published_on": report.published_at.date().isoformat(), "report_type": "joint_report",
        "pathway": group.pathway.name, "providers": sorted({i.provider for i in issues if i.provider}),
        "service_types": sorted({i.service_type for i in issues if i.service_type}),
        "url": f"/federation/reports/{report.public_ref}"}, network_id=None)
    db.session.add(FederationLog(action="joint_report.published", working_group_id=group.id, actor_label="system",
                                 details={"report": report.public_ref}))
