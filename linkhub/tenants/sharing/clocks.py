"""Clocks of joint recommendations: a working group's joint report gives each organisation 20
working days to answer, like a network report. The convenor network records the answers, so the
clocks are on its deadlines page and its statutory reminders (5 working days before, on the day,
overdue to the admins) go to its staff, through the same once-only reminder job."""

from __future__ import annotations

from linkhub.federation.public import joint_recommendations_awaiting
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.common.deadlines import Deadline, source


@source
def joint_recommendation_responses() -> list[Deadline]:
    network_id = current_network_id()
    if network_id is None:
        return []
    return [
        Deadline(
            key=f"joint_recommendation/{r.id}",
            kind="Response to joint recommendation",
            title=r.report.title,
            organisation=r.organisation,
            due_on=r.due_on,
            started_on=r.sent_on,
            endpoint="federation.recommendation_response",
            endpoint_args=(("public_ref", r.report.public_ref), ("recommendation_id", r.id)),
        )
        for r in joint_recommendations_awaiting(network_id)
        if r.due_on is not None
    ]
