"""Community voice records in each test network: a contact, feedback, an issue, a trigger point."""

from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.issues import services as issues
from linkhub.tenants.issues.services import triggers


def build(w, network):
    provider_id = w.records[network.slug]["provider_id"]
    service_id = w.records[network.slug]["service_id"]
    item = feedback.record_feedback(
        channel="phone",
        what_happened=f"Waited six hours at {network.name} A&E.",
        theme="access",
        service_id=service_id,
        rating=1,
        contact_name="Pat Caller",
        email=f"pat@{network.slug}.example",
    )
    from linkhub.platform.db import db

    db.session.flush()
    issue = issues.create_issue(title="Long waits in A&E", theme="access", provider_id=provider_id)
    issues.add_feedback(issue, [item.id], move=True, other_provider=True)
    rule = triggers.add_rule(name="Anyone in a week", kind="distinct_people", threshold=1, window_days=7)
    fired = triggers.evaluate()
    return {
        "feedback_id": item.id,
        "contact_id": item.contact_id,
        "issue_id": issue.id,
        "rule_id": rule.id,
        "firing_id": fired[0].id if fired else None,
    }
