"""The audit log in plain words: each entry as a sentence ("Amina Khan recorded the provider's
factual accuracy response to visit 2"), for the network admin's audit page and the operator's.

Domains name their actions ``<thing>.<what happened>``; the phrases below cover every action the
code records. An action without a phrase still reads as a sentence ("did 'x.y' to ..."), so a
new action is never shown as a bare code, and a test checks that every recorded action has one.
"""

from __future__ import annotations

from sqlalchemy import select

from .db import db
from .models import AuditEvent, User

# action -> phrase; {id} is the entity's id or reference, {d[key]} a detail.
PHRASES = {
    "survey.created": "created survey {id} ({d[title]})",
    "survey.response_received": "recorded response {d[reference]} to survey {id}",
    "survey.updated": "changed survey {id}",
    "survey.question_added": "added a question to survey {id}",
    "survey.question_removed": "removed a question from survey {id}",
    "survey.opened": "opened survey {id} for answers",
    "survey.closed": "closed survey {id}",
    "survey.recounted": "recounted the results of survey {id}",
    "survey.run_jointly": "ran survey {id} jointly with the working group",
    "survey.joint_copy_received": "received a copy of a joint survey ({d[title]}) as survey {id}",
    "joint_survey.started": "started joint survey {id} ({d[title]})",
    "work_request.received": "received request for work {d[reference]}",
    "work_request.accepted": "accepted request for work {d[reference]}",
    "work_request.declined": "declined request for work {d[reference]}",
    "work_request.requester_informed": "told the person who asked for work {id} how it is going",
    "email.failed": "could not deliver e-mail {id} ({d[subject]})",
    "email.bounced": "recorded a bounce of e-mail {id}",
    "newsletter.signup_requested": "e-mailed a newsletter sign-up confirmation link",
    "newsletter.subscribed": "confirmed a newsletter subscription",
    "newsletter.subscriber_removed": "took subscriber {id} off the newsletter",
    "newsletter.drafted": "drafted newsletter {id} ({d[subject]})",
    "newsletter.changed": "changed newsletter {id}",
    "newsletter.sent": "sent newsletter {id} to {d[recipients]} subscribers",
    "mail.unsubscribed": "unsubscribed from {d[list]} with the link in an e-mail",
    "mail.preferences_changed": "changed their e-mail choices",
    "site.profile_changed": "changed the public site's about, involvement or contact details",
    "news.drafted": "drafted news post {id} ({d[title]})",
    "news.changed": "changed news post {id}",
    "news.published": "published news post {id} ({d[title]})",
    "news.withdrawn": "took news post {id} off the public site",
    "site_event.added": "added {d[title]} to the public meetings and events",
    "site_event.changed": "changed public event {id}",
    "site_event.removed": "removed {d[title]} from the public meetings and events",
    "issue.classified": "classified issue {id}",
    "population.profile_changed": "changed the local population profile ({id})",
    "report.easy_read_changed": "changed the easy read version of report {id}",
    "digest.sent": "sent the weekly digest for {id} to {d[recipients]} people",
    "budget_line.set": "set the {d[category]} budget line of {d[year]}",
    "expense_claim.approved": "approved expense claim {id}",
    "expense_claim.paid": "paid expense claim {id}",
    "expense_claim.rejected": "rejected expense claim {id}",
    "expense_claim.submitted": "claimed expenses (claim {id})",
    "finance_entry.adjusted": "recorded adjusting entry {id}",
    "finance_entry.imported": "imported a bank export ({d[rows]} rows)",
    "finance_entry.recorded": "recorded {d[kind]} (entry {id})",
    "finance_entry.updated": "changed finance entry {id}",
    "financial_year.closed": "closed the financial year {d[year]}",
    "financial_year.mileage_rate_set": "changed the mileage rate of financial year {id}",
    "financial_year.opened": "set up the financial year {d[year]}",
    "receipt.attached": "attached a receipt to finance entry {id}",
    "indicator.added": "added the performance indicator {d[name]}",
    "indicator.updated": "changed performance indicator {id}",
    "indicator.value_recorded": "recorded a value of performance indicator {id}",
    "joint_review.recorded": "recorded a joint review of the performance indicators",
    "return.narrative_written": "wrote the narrative of return {id}",
    "return.published": "published annual report {id}",
    "return.started": "started return {id}",
    "return.submitted": "sent return {id} to the local authority",
    "calendar_feed.created": "made a calendar address for the deadlines",
    "calendar_feed.revoked": "stopped a calendar address",
    "contact.erased": "erased the personal data of contact {id} (their feedback stays counted)",
    "contact.exported": "exported everything held about contact {id} ({d[format]})",
    "contact.merged": "merged two records of the same contact (contact {id})",
    "contact.viewed": "looked at the contact details of contact {id}",
    "contacts.listed": "looked at the list of contacts",
    "feedback.contact_viewed": "looked at the contact details given with feedback {id}",
    "deadline.reminder_sent": "sent a deadline reminder",
    "feedback.imported": "imported feedback from a CSV file ({d[rows]} rows)",
    "feedback.recorded": "recorded feedback {id}",
    "information_request.created": "drafted request for information {id}",
    "information_request.extended": "recorded an extension to request for information {id}",
    "information_request.overdue": "marked request for information {id} overdue",
    "information_request.response_recorded": "recorded the response to request for information {id}",
    "information_request.sent": "sent request for information {id}",
    "invitation.accepted": "accepted an invitation to join the network",
    "invitation.sent": "invited {d[email]} to join the network",
    "invitation.withdrawn": "withdrew the invitation to {d[email]}",
    "issue.created": "created issue {id}",
    "issue.feedback_added": "added feedback to issue {id}",
    "issue.feedback_moved": "moved feedback from another issue into issue {id}",
    "issue.feedback_moved_out": "moved feedback out of issue {id} into another issue",
    "issue.pathway_cleared": "removed the pathway tag from issue {id}",
    "issue.pathway_tagged": "tagged issue {id} with a pathway stage",
    "issue.status_changed": "changed the status of issue {id}",
    "joint_recommendation.added": "added a recommendation to {d[organisation]} to joint report {id}",
    "joint_recommendation.impact_recorded": "recorded the impact of joint report {id}'s recommendation to {d[organisation]}",
    "joint_recommendation.response_recorded": "recorded {d[organisation]}'s response to joint report {id}",
    "joint_report.approved": "approved joint report {id}",
    "joint_report.unpublished": "unpublished joint report {id}",
    "membership.added": "gave {d[user]} a role in the network",
    "membership.removed": "removed {d[user]} from the network",
    "membership.role_changed": "changed the role of {d[user]}",
    "network.created": "created the network",
    "network.reactivated": "reactivated the network",
    "network.suspended": "suspended the network",
    "network.updated": "changed the network's details",
    "organisation.added": "added the organisation {d[name]}",
    "organisation_contact.added": "added a contact at {d[organisation]}",
    "osc_referral.created": "drafted referral {id} to the Overview and Scrutiny Committee",
    "osc_referral.referred": "referred matter {id} to the Overview and Scrutiny Committee",
    "osc_referral.response_recorded": "recorded the committee's answer to referral {id}",
    "password.reset": "reset their password",
    "password.reset_limited": "asked for too many password resets",
    "password.reset_requested": "asked for a password reset",
    "pathway.created": "defined a pathway",
    "priority_criterion.added": "added a priority criterion",
    "priority_criterion.updated": "changed a priority criterion",
    "priority_scores.recorded": "scored an issue against the priority criteria",
    "provider.added": "added a provider to the service directory",
    "recommendation.added": "added a recommendation to report {d[report_id]}",
    "recommendation.impact_recorded": "recorded the impact of recommendation {id}",
    "recommendation.response_recorded": "recorded the response to recommendation {id}",
    "report.approved": "approved report {id}",
    "report.corrected": "corrected published report {id}",
    "report.created": "started report {id}",
    "report.published": "published report {id}",
    "report.returned": "returned report {id} to its author",
    "report.sent": "sent report {id}",
    "report.subject_added": "added a subject to report {id}",
    "report.submitted": "submitted report {id} for review",
    "report.unpublished": "unpublished report {id}",
    "report.updated": "changed report {id}",
    "report_recipient.extended": "recorded an extension for a report's response",
    "report_recipient.response_recorded": "recorded a response to a report",
    "representative.authorised": "added {d[name]} to the authorised representatives",
    "representative.renewed": "renewed an authorised representative's DBS check or authorisation",
    "service.added": "added a service to the service directory",
    "service.identifiers": "changed the ODS code or CQC location of service {id}",
    "service_feedback.received": "sent feedback about LINkHub",
    "share_request.approved": "approved sharing an issue with a working group",
    "share_request.created": "started sharing issue {d[issue_id]} with a working group",
    "share_request.refused": "could not share an issue with a working group",
    "share_request.withdrawn": "withdrew an issue shared with a working group",
    "sharing_agreement.accepted": "accepted a working group's sharing agreement",
    "sharing_agreement.published": "published a sharing agreement",
    "task_group.added": "set up task group {id}",
    "task_group.ended": "ended task group {id}",
    "task_group.reopened": "reopened task group {id}",
    "task_group.updated": "changed task group {id}",
    "token.created": "created an API token",
    "token.revoked": "revoked an API token",
    "trigger.fired": "reached a trigger point",
    "trigger_rule.added": "added a trigger point",
    "user.created": "created an account",
    "user.signed_in": "signed in",
    "visit.accuracy_check_sent": "sent the draft report of visit {id} for a factual accuracy check",
    "visit.accuracy_response_recorded": "recorded the provider's factual accuracy response to visit {id}",
    "visit.assigned": "assigned {d[representative]} to visit {id}",
    "visit.planned": "planned visit {id}",
    "visit.recorded": "recorded what visit {id} found",
    "visit.refused": "recorded that entry was refused on visit {id}",
    "visit.report_started": "started the report of visit {id}",
    "work_item.added": "added work item {id} to the work programme",
    "work_item.status_changed": "changed the status of work item {id}",
    "work_item.updated": "changed work item {id}",
    "work_item.achieved": "recorded what work item {id} achieved",
    "working_group.created": "set up a working group",
    "working_group.member_added": "added a network to a working group",
    "working_group.member_removed": "removed a network from a working group",
    "correspondence.attached": "attached {d[filename]} to correspondence {id}",
    "correspondence.linked": "linked correspondence {id} to a {d[kind]}",
    "correspondence.recorded": "recorded correspondence {id}",
    "correspondence.updated": "changed correspondence {id}",
    "decision.linked": "linked decision {id} to a {d[kind]}",
    "decision.ratified": "recorded the ratification of decision {id}",
    "decision.recorded": "recorded decision {d[reference]} ({d[conflicts_declared]} declared interests)",
    "disagreement.closed": "closed disagreement {id} ({d[status]})",
    "disagreement.handled": "recorded how disagreement {id} is handled",
    "disagreement.raised": "recorded disagreement {id}",
    "file.stored": "uploaded the file {d[filename]}",
    "governance.document_version_added": "saved version {d[version]} of the governing document",
    "governance.seat_added": "gave person {d[person_id]} a seat on the {d[body]}",
    "governance.seat_ended": "ended seat {id} on the hub or steering group",
    "governance.structure_set": "recorded the LINk's structure ({d[model]})",
    "interest.declared": "recorded a declaration of interest by person {d[person_id]}",
    "interest.ended": "recorded that declaration of interest {id} has ended",
    "interest.renewed": "renewed declaration of interest {id} for a year",
    "meeting.added": "added meeting {id}",
    "meeting.minutes_recorded": "recorded the minutes of meeting {id}",
    "meeting.paper_added": "added the paper {d[filename]} to meeting {id}",
    "meeting.updated": "changed meeting {id}",
    "member.added": "added person {id} to the register of members and participants",
    "member.applied": "asked to join the LINk (person {id})",
    "member.approved": "approved the request to join from person {id}",
    "member.declined": "declined the request to join from person {id}",
    "member.invited": "invited person {id} to sign in to LINkHub",
    "member.left": "recorded that person {id} left the LINk",
    "member.updated": "changed the details of person {id}",
    "network.exported": "exported the network's whole data",
    "network.handed_over": "handed the network over from {d[old_host]} to {d[new_host]}",
    "network.imported": "imported the network from another LINkHub",
}


class _Details(dict):
    def __missing__(self, key):
        return "someone" if key in ("user", "email", "name", "representative") else "?"


def names_of(events: list[AuditEvent]) -> dict[int, str]:
    ids = {e.actor_id for e in events if e.actor_id}
    return (
        {row.id: row.name for row in db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))}
        if ids
        else {}
    )


def sentence(event: AuditEvent, names: dict[int, str] | None = None) -> str:
    """One entry as a sentence: who did what to which thing."""
    names = names if names is not None else names_of([event])
    who = (names.get(event.actor_id) if event.actor_id else None) or (
        "LINkHub" if event.actor_label == "system" else event.actor_label
    )
    phrase = PHRASES.get(event.action)
    if phrase is None:
        thing = event.entity_type.replace("_", " ")
        phrase = f"did ‘{event.action}’ to {thing} {{id}}".rstrip()
    details = _Details({k: v for k, v in (event.details or {}).items() if isinstance(v, (str, int, float))})
    text = phrase.format(id=event.entity_id or "", d=details)
    return f"{who} {' '.join(text.split())}"
