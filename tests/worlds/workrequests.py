"""A request for work in each test network, accepted (so it has its work item)."""

from datetime import date, timedelta

from linkhub.tenants.workrequests import services as workrequests


def build(w, network):
    request = workrequests.submit_request(
        requester_kind="commissioner",
        organisation=f"{network.name} Primary Care Trust",
        contact_name="Casey Commissioner",
        email="casey@pct.example",
        title="How do people find out-of-hours dental care?",
        description="We would like the LINk to ask local people how they find urgent dental care at night.",
    )
    workrequests.decide(
        request,
        decision="accept",
        reasons="It matches our priority on access to dentistry.",
        owner="Sam",
        outcome="A short report with recommendations to the PCT",
        target_on=date.today() + timedelta(days=60),
    )
    return {"work_request_id": request.id}
