"""Sharing end to end: share -> review -> approve -> in the group and search -> withdraw -> gone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation.models import FederationLog, SharedIssue
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.search import service as search
from linkhub.search.documents import SearchQuery
from linkhub.tenants.sharing.models import ShareRequest
from tests.federation.conftest import PLANTED_NHS, drain, make_group, make_issue, person
from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def shared_ids_in_search(groups=None) -> list[str]:
    result = search.backend().search(SearchQuery(kind="shared_issue", working_group_ids=groups))
    return [hit.doc_id for hit in result.hits]


def share_and_approve(client, fed, text="Crews waited over an hour outside A&E at handover.") -> int:
    base = "/networks/alpha/federation"
    response = client.post(f"{base}/issues/{fed.issue_id}/share", data={"target": f"{fed.group_id}:on-scene"})
    assert response.status_code == 302, response.data[:800]
    with network_scope(fed.world.a.id):
        draft = db.session.scalar(select(ShareRequest).where(ShareRequest.issue_id == fed.issue_id))
        draft_id = draft.id
        db.session.rollback()
    page = client.get(f"{base}/shares/{draft_id}")
    assert b"Crews waited over an hour outside A&amp;E" in page.data  # original beside the scrubbed text
    response = client.post(f"{base}/shares/{draft_id}", data={"title": "Handover delays", "text": text})
    assert response.status_code == 302, response.data[:1500]
    return draft_id


def test_share_approve_withdraw_everywhere(app, fed):
    client = person(app, "staff-a@example.org")
    draft_id = share_and_approve(client, fed)
    drain()
    copy = db.session.scalar(select(SharedIssue).where(SharedIssue.working_group_id == fed.group_id))
    assert (copy.title, copy.stage, copy.pathway, copy.month) == (
        "Handover delays",
        "On scene",
        "Ambulance",
        copy.month[:7],
    )
    assert len(copy.month) == 7 and copy.region == "North West" and copy.provider == "Alpha LINk General Hospital"
    assert copy.service_type == "emergency" and copy.summary == "Crews waited over an hour outside A&E at handover."
    shared_id = copy.id
    db.session.rollback()
    # in the group (page, API), for members and national readers; search has it
    assert client.get(f"/federation/shared-issues/{shared_id}").status_code == 200
    assert client.get(f"/federation/groups/{fed.group_id}").status_code == 200
    assert f"shared_issue:{shared_id}" in shared_ids_in_search([fed.group_id])
    reader = person(client.application, "reader@example.org")
    assert reader.get(f"/federation/shared-issues/{shared_id}").status_code == 200
    assert reader.get(f"/api/v1/federation/shared-issues/{shared_id}").json["stage"] == "On scene"
    outsider = person(client.application, "admin-b@example.org")
    assert outsider.get(f"/federation/shared-issues/{shared_id}").status_code == 404
    assert outsider.get(f"/federation/groups/{fed.group_id}").status_code == 404
    # withdraw
    assert client.post(f"/networks/alpha/federation/shares/{draft_id}/withdraw").status_code == 302
    drain()
    assert client.get(f"/federation/shared-issues/{shared_id}").status_code == 410
    assert reader.get(f"/api/v1/federation/shared-issues/{shared_id}").status_code == 410
    listed = reader.get(f"/api/v1/federation/shared-issues?working_group_id={fed.group_id}").json
    assert listed["total"] == 0
    assert f"shared_issue:{shared_id}" not in shared_ids_in_search()
    aggregates = reader.get(f"/api/v1/federation/working-groups/{fed.group_id}/aggregates").json
    assert aggregates["total"]["issues"] == 0
    actions = db.session.scalars(select(FederationLog.action).order_by(FederationLog.id)).all()
    assert "shared_issue.shared" in actions and "shared_issue.withdrawn" in actions


def test_the_approved_text_is_what_travels_and_identifiers_warn(client, fed):
    sign_in(client, "staff-a@example.org")
    client.post(f"/networks/alpha/federation/issues/{fed.issue_id}/share", data={"target": f"{fed.group_id}:response"})
    with network_scope(fed.world.a.id):
        draft = db.session.scalar(select(ShareRequest).where(ShareRequest.issue_id == fed.issue_id))
        draft_id = draft.id
        db.session.rollback()
    planted = f"Caller with NHS number {PLANTED_NHS} waited."
    response = client.post(f"/networks/alpha/federation/shares/{draft_id}", data={"title": "Waits", "text": planted})
    assert response.status_code == 200 and b"There is a problem" in response.data
    assert b"nhs number" in response.data and b"I have checked" in response.data
    drain()
    assert (
        db.session.scalar(select(SharedIssue).where(SharedIssue.working_group_id == fed.group_id)) is None
    )  # nothing left the network
    response = client.post(
        f"/networks/alpha/federation/shares/{draft_id}", data={"title": "Waits", "text": planted, "confirm": "yes"}
    )
    assert response.status_code == 302
    drain()
    log = db.session.scalar(select(FederationLog).where(FederationLog.action == "shared_issue.shared"))
    assert log.details["identifiers_confirmed"] == ["NHS NUMBER"] and log.actor_label == "staff-a@example.org"


def test_sharing_without_an_accepted_agreement_is_409(app, fed):
    group_id = make_group(fed.world, accepted=False, name="Unaccepted group")
    client = person(app, "staff-a@example.org")
    response = client.post(
        f"/networks/alpha/federation/issues/{fed.issue_id}/share", data={"target": f"{group_id}:response"}
    )
    assert response.status_code == 409 and b"has not accepted version 1" in response.data
    api = client.post(
        f"/api/v1/networks/alpha/federation/issues/{fed.issue_id}/shares",
        json={"working_group_id": group_id, "stage": "response"},
        headers=bearer(fed.world.tokens["admin_a"]),
    )
    assert api.status_code == 409 and "has not accepted" in api.json["error"]["message"]
    # the admin accepts (recorded with who and when); then sharing works
    admin = person(client.application, "admin-a@example.org")
    assert admin.post(f"/networks/alpha/federation/groups/{group_id}/accept").status_code == 302
    api = client.post(
        f"/api/v1/networks/alpha/federation/issues/{fed.issue_id}/shares",
        json={"working_group_id": group_id, "stage": "response"},
        headers=bearer(fed.world.tokens["admin_a"]),
    )
    assert api.status_code == 201, api.json


def test_a_new_agreement_version_needs_new_acceptance(client, fed):
    from linkhub.federation import services
    from linkhub.federation.models import WorkingGroup

    services.publish_agreement(db.session.get(WorkingGroup, fed.group_id), "Version two.")
    db.session.commit()
    api = client.post(
        f"/api/v1/networks/alpha/federation/issues/{fed.issue_id}/shares",
        json={"working_group_id": fed.group_id, "stage": "response"},
        headers=bearer(fed.world.tokens["admin_a"]),
    )
    assert api.status_code == 409 and "version 2" in api.json["error"]["message"]


def test_a_network_not_in_the_group_gets_404(client, fed):
    headers = bearer(fed.world.tokens["admin_b"])
    with network_scope(fed.world.b.id):
        beta_issue = fed.world.records["beta"]["issue_id"]
    api = client.post(
        f"/api/v1/networks/beta/federation/issues/{beta_issue}/shares",
        json={"working_group_id": fed.group_id, "stage": "response"},
        headers=headers,
    )
    assert api.status_code == 404
    assert (
        client.post(
            f"/api/v1/networks/beta/federation/working-groups/{fed.group_id}/accept", headers=headers
        ).status_code
        == 404
    )
    sign_in(client, "admin-b@example.org")
    page = client.post(
        f"/networks/beta/federation/issues/{beta_issue}/share", data={"target": f"{fed.group_id}:response"}
    )
    assert page.status_code == 404


def test_a_correction_is_a_new_version_and_the_old_copy_leaves_search(client, fed):
    sign_in(client, "staff-a@example.org")
    draft_id = share_and_approve(client, fed)
    drain()
    first = db.session.scalar(select(SharedIssue.id).where(SharedIssue.working_group_id == fed.group_id))
    db.session.rollback()
    response = client.post(
        f"/networks/alpha/federation/shares/{draft_id}",
        data={"title": "Handover delays (corrected)", "text": "Crews waited at handover."},
    )
    assert response.status_code == 302
    drain()
    second = db.session.scalar(select(SharedIssue).where(SharedIssue.version == 2))  # only one was corrected
    assert second.title == "Handover delays (corrected)"
    assert client.get(f"/federation/shared-issues/{first}").headers["Location"].endswith(f"/{second.id}")
    assert shared_ids_in_search() == [f"shared_issue:{second.id}"]
    with pytest.raises(ValueError, match="immutable"):
        second.title = "Changed in place"
        db.session.flush()
    db.session.rollback()


def test_review_page_shows_what_was_generalised_and_why(app, world):
    """Dates to months, ages to bands, a rare combination flagged: all shown before approval."""
    drain()
    issue_id = make_issue(
        world,
        world.a,
        title="Discharge on 4 November 2026",
        summary="A 94-year-old Tigrinya-speaking widow was sent home at night.",
    )
    group_id = make_group(world)
    client = person(app, "staff-a@example.org")
    base = "/networks/alpha/federation"
    assert client.post(f"{base}/issues/{issue_id}/share", data={"target": f"{group_id}:on-scene"}).status_code == 302
    with network_scope(world.a.id):
        draft = db.session.scalar(select(ShareRequest).where(ShareRequest.issue_id == issue_id))
        draft_id, title, text = draft.id, draft.title, draft.text
        db.session.rollback()
    assert title == "Discharge on November 2026" and "90+-year-old" in text and "94" not in text
    page = client.get(f"{base}/shares/{draft_id}").get_data(as_text=True)
    assert "What was generalised" in page
    assert "4 November 2026" in page and "Exact date shown as its month" in page
    assert "94-year-old" in page and "Age shown as the band 90+" in page
    assert "Tigrinya" in page and "may identify one person" in page
