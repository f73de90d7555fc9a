"""A request for work in each test network, waiting for its decision (left undecided so that the
other suites' counts of work items do not change; tests/tenants/workrequests decides some)."""

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
    return {"work_request_id": request.id}
