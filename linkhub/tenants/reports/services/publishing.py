"""Publishing: an approved report becomes public under its random reference, with a
``report.published`` outbox event describing the document for national search, and a history
row for every publish, correction and unpublish (what the public saw, and when)."""

from __future__ import annotations

from typing import Callable

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import require_text

from ..models import RESPONSE_STATUSES, Report, ReportPublication

POWERS = {
    "network_report": ["report_with_recommendations"],
    "enter_and_view": ["enter_and_view", "report_with_recommendations"],
}


def response_status(report: Report) -> str:
    """The state of the responses, in the search layer's words (``linkhub.search.vocabulary``):
    not_required (sent to no one), awaiting, overdue (a clock ran out unanswered), responded."""
    if not report.recipients:
        return "not_required"
    if all(r.responded_on is not None for r in report.recipients):
        return "responded"
    if any(r.responded_on is None and r.due_on < clock.today() for r in report.recipients):
        return "overdue"
    return "awaiting"


def recommendation_responses(report: Report) -> dict[str, int]:
    counts = {key: 0 for key in RESPONSE_STATUSES}
    for recommendation in report.recommendations:
        counts[recommendation.response_status] = counts.get(recommendation.response_status, 0) + 1
    return counts


# Domains that build on reports (powers: an OSC referral citing one) add a probe here naming the
# power they used on reports, so reports need not import them (no cycle between domains): a
# (power, function(report ids) -> the ids it was used on) pair, asked once for a page of reports.
POWER_PROBES: list[tuple[str, Callable[[list[int]], set[int]]]] = []


def powers_by_report(report_ids) -> dict[int, list[str]]:
    """The probed powers of each report, one query per probe however many reports."""
    found: dict[int, list[str]] = {i: [] for i in report_ids}
    for power, probe in POWER_PROBES:
        for report_id in probe(list(found)) if found else ():
            found[report_id].append(power)
    return found


def powers_used(report: Report, probed: dict[int, list[str]] | None = None) -> list[str]:
    """``probed``: :func:`powers_by_report` of a page of reports that includes this one."""
    powers = list(POWERS.get(report.report_type, []))
    powers += (probed if probed is not None else powers_by_report([report.id])).get(report.id, [])
    return powers


def document(report: Report, probed: dict[int, list[str]] | None = None) -> dict:
    """The plain JSON the search layer indexes (fields as in ``linkhub.search.documents``)."""
    network = db.session.get(Network, report.network_id)
    providers = {s.provider.name for s in report.subjects}
    providers |= {r.organisation.name for r in report.recipients if r.organisation.kind == "provider"}
    services = [s.service for s in report.subjects if s.service is not None]
    return {
        "doc_id": f"report:{report.public_ref}",
        "kind": "report",
        "public_ref": report.public_ref,
        "url": f"/reports/{report.public_ref}",
        "network": network.slug,
        "network_name": network.name,
        "region": network.region,
        "title": report.title,
        "summary": report.summary,
        "body": report.body,
        "published_on": (report.first_published_at or report.published_at).date().isoformat(),
        "version": report.version,
        "report_type": report.report_type,
        "providers": sorted(providers),
        "services": sorted({s.name for s in services}),
        "service_types": sorted({s.service_type for s in services}),
        "ods_codes": sorted({s.ods_code for s in services if s.ods_code}),
        "cqc_location_ids": sorted({s.cqc_location_id for s in services if s.cqc_location_id}),
        "powers": powers_used(report, probed),
        "response_status": response_status(report),
        "recommendation_responses": recommendation_responses(report),
        "recommendations": [
            {"number": r.number, "text": r.text, "response_status": r.response_status} for r in report.recommendations
        ],
    }


def refresh_if_published(report: Report) -> None:
    """A response recorded after publication changes what search shows: send the document again."""
    if report.is_published:
        db.session.flush()
        emit("report.published", document(report))


def _history(report: Report, action: str, note: str, actor_id: int | None) -> None:
    db.session.add(
        ReportPublication(
            report_id=report.id,
            version=report.version,
            action=action,
            title=report.title,
            summary=report.summary,
            body=report.body,
            note=note,
            actor_id=actor_id,
        )
    )
    db.session.expire(report, ["history"])


def publish(report: Report, *, actor_id: int | None = None, note: str = "") -> Report:
    if report.status != "approved":
        raise ServiceError("Only an approved report can be published", status=409)
    if report.is_published:
        raise ServiceError("This report is already published", status=409)
    if not (report.summary or "").strip():
        raise ServiceError(
            "Write a plain-language summary before publishing: every published report has one", field="summary"
        )
    report.published_at = utcnow()
    report.first_published_at = report.first_published_at or report.published_at
    report.version += 1
    _history(report, "published", (note or "").strip(), actor_id)
    db.session.flush()
    audit.record("report.published", "report", report.id, public_ref=report.public_ref, version=report.version)
    emit("report.published", document(report))
    return report


def set_easy_read(report: Report, *, easy_read: str) -> Report:
    """Add, change or remove (empty) the easy read version, at any stage: it changes no finding,
    so a published report's version and history stay as they are."""
    report.easy_read = (easy_read or "").strip()
    audit.record("report.easy_read_changed", "report", report.id, present=bool(report.easy_read))
    return report


def correct(
    report: Report,
    *,
    actor_id: int | None = None,
    note: str,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
) -> Report:
    """Change an approved report; the history keeps what it said before and why it changed."""
    if report.status != "approved":
        raise ServiceError("Only an approved report can be corrected; edit the draft instead", status=409)
    note = require_text(note, "Say what was corrected and why", "note")
    report.title = require_text(title, "Enter the report's title", "title") if title is not None else report.title
    report.summary = summary.strip() if summary is not None else report.summary
    report.body = body.strip() if body is not None else report.body
    if report.is_published:
        report.version += 1
        report.published_at = utcnow()
    _history(report, "corrected", note, actor_id)
    db.session.flush()
    audit.record("report.corrected", "report", report.id, note=note)
    if report.is_published:
        emit("report.published", document(report))
    return report


def unpublish(report: Report, *, actor_id: int | None = None, note: str) -> Report:
    if not report.is_published:
        raise ServiceError("This report is not published", status=409)
    note = require_text(note, "Say why the report is being unpublished", "note")
    _history(report, "unpublished", note, actor_id)
    report.published_at = None
    db.session.flush()
    audit.record("report.unpublished", "report", report.id, note=note)
    emit(
        "report.unpublished",
        {
            "doc_id": f"report:{report.public_ref}",
            "public_ref": report.public_ref,
            "network": db.session.get(Network, report.network_id).slug,
        },
    )
    return report
