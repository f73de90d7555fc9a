"""Joint reports through the API: list, read, draft, approve per network, unpublish (410 after), and a
withdrawn shared issue reaching the published report's search entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation import services

from linkhub.federation.services import joint_reports
from linkhub.federation.models import FederationLog, JointReport, SharedIssue
from linkhub.platform import services as platform
from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent, OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.search import service as search
from linkhub.search.documents import SearchQuery
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.sharing import services as sharing
from linkhub.tenants.sharing.models import ShareRequest
from tests.federation.conftest import PLANTED_NHS, drain, make_group, make_issue, person
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")
API = "/api/v1/federation"


def token(world, key: str, role: str, network=None) -> dict:
    _, secret = platform.create_token(world.users[key], name="joint reports", role=role, network=network)
    db.session.commit()
    return bearer(secret)


def shared_copy(group_id, network, *, ref, provider, service_type="emergency") -> int:
    copy = SharedIssue(
        working_group_id=group_id,
        source_network_id=network.id,
        share_ref=ref,
        agreement_version=1,
        title=f"Handover waits at {provider}",
        pathway="Ambulance",
        stage="On scene",
        theme="Access",
        provider=provider,
        service_type=service_type,
        month="2010-05",
        region=network.region,
    )
    db.session.add(copy)
    db.session.commit()
    return copy.id


def report_facets(field: str = "providers") -> dict:
    found = search.backend().search(
        SearchQuery(kind="report", filters={"report_type": ["joint_report"]}, facets=(field,))
    )
    return {"ids": [h.doc_id for h in found.hits], field: dict(found.facets.get(field, []))}


@pytest.fixture
def joint(client, world):
    drain()
    group_id = make_group(world, members=[world.b], name="Alpha and Beta ambulance group")
    issue_id = shared_copy(group_id, world.b, ref="api-beta", provider="Beta Ambulance Trust")
    return {
        "group": group_id,
        "issue": issue_id,
        "staff_a": token(world, "staff_a", "staff", world.a),
        "admin_a": bearer(world.tokens["admin_a"]),
        "admin_b": bearer(world.tokens["admin_b"]),
        "reader": token(world, "reader", "national_reader"),
        "operator": bearer(world.tokens["operator"]),
    }


def draft_body(issue_id, **extra):
    return {
        "title": "Handover along the ambulance pathway",
        "summary": "What two networks heard.",
        "body": "Crews waited outside the emergency department.",
        "shared_issue_ids": [issue_id],
    } | extra


def test_draft_list_read_approve_publish(client, world, joint):
    reports = f"{API}/working-groups/{joint['group']}/joint-reports"
    assert client.get(reports).status_code == 401
    assert client.post(reports, json=draft_body(joint["issue"])).status_code == 401
    beta_only = world.records["beta"]["group_id"]
    assert client.get(f"{API}/working-groups/{beta_only}/joint-reports", headers=joint["staff_a"]).status_code == 404
    assert (
        client.post(f"{API}/working-groups/{beta_only}/joint-reports", json={}, headers=joint["staff_a"]).status_code
        == 404
    )  # 404 before the body is read
    refused = client.post(reports, json=draft_body(joint["issue"]), headers=joint["reader"])
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    missing = client.post(reports, json={"summary": "No title"}, headers=joint["staff_a"])
    assert missing.status_code == 422 and {"title", "shared_issue_ids"} <= set(missing.json["error"]["fields"])
    other_group = world.records["alpha"]["group_id"]
    with platform_scope():
        elsewhere = db.session.scalar(select(SharedIssue.id).where(SharedIssue.working_group_id == other_group))
        db.session.rollback()
    wrong = client.post(reports, json=draft_body(elsewhere), headers=joint["staff_a"])
    assert wrong.status_code == 422 and "shared_issue_ids" in wrong.json["error"]["fields"]
    planted = draft_body(joint["issue"], body=f"The caller (NHS number {PLANTED_NHS}) waited.")
    warned = client.post(reports, json=planted, headers=joint["staff_a"])
    assert warned.status_code == 422 and "body" in warned.json["error"]["fields"]
    assert "nhs number" in warned.json["error"]["fields"]["body"][0].lower()
    created = client.post(reports, json=draft_body(joint["issue"]), headers=joint["staff_a"])
    assert created.status_code == 201, created.json
    report = created.json
    assert report["status"] == "draft" and report["awaiting"] == ["alpha", "beta"]
    assert report["shared_issue_ids"] == [joint["issue"]] and "drafted_by" not in report
    listed = client.get(reports, headers=joint["reader"]).json
    assert [r["id"] for r in listed["items"]] == [report["id"]] and listed["total"] == 1
    assert client.get(f"{API}/joint-reports/{report['id']}", headers=joint["admin_b"]).json["title"] == report["title"]
    beta_world_report = world.records["beta"]["joint_report_id"]
    assert client.get(f"{API}/joint-reports/{beta_world_report}", headers=joint["staff_a"]).status_code == 404
    assert client.get(f"{API}/reports/{report['public_ref']}").status_code == 404  # a draft is not public
    assert client.get(f"{API}/reports/{report['public_ref']}", headers=joint["admin_b"]).status_code == 200

    approve = f"/api/v1/networks/%s/federation/joint-reports/{report['id']}/approve"
    assert client.post(approve % "alpha").status_code == 401
    assert client.post(approve % "alpha", headers=joint["staff_a"]).status_code == 403
    assert (
        client.post(
            f"/api/v1/networks/alpha/federation/joint-reports/{beta_world_report}/approve", headers=joint["admin_a"]
        ).status_code
        == 404
    )  # a group alpha is not in
    assert client.post(approve % "beta", headers=joint["admin_a"]).status_code == 404  # alpha's token, beta's URL
    first = client.post(approve % "alpha", headers=joint["admin_a"])
    assert first.status_code == 200 and first.json["status"] == "draft" and first.json["awaiting"] == ["beta"]
    assert client.post(approve % "alpha", headers=joint["admin_a"]).json["awaiting"] == ["beta"]  # idempotent
    last = client.post(approve % "beta", headers=joint["admin_b"])
    assert last.status_code == 200 and last.json["status"] == "published" and last.json["published_at"]
    assert [a["network"] for a in last.json["approvals"]] == ["alpha", "beta"]
    drain()
    public = client.get(f"{API}/reports/{report['public_ref']}")
    assert public.status_code == 200 and public.json["url"] == f"/federation/reports/{report['public_ref']}"
    found = report_facets()
    assert found["ids"] == [f"report:{report['public_ref']}"] and found["providers"] == {"Beta Ambulance Trust": 1}


def publish(client, joint) -> dict:
    report = client.post(
        f"{API}/working-groups/{joint['group']}/joint-reports",
        json=draft_body(joint["issue"]),
        headers=joint["staff_a"],
    ).json
    for network, key in (("alpha", "admin_a"), ("beta", "admin_b")):
        client.post(f"/api/v1/networks/{network}/federation/joint-reports/{report['id']}/approve", headers=joint[key])
    drain()
    return report


def test_unpublish_is_for_the_convenor_admin_then_410_and_out_of_search(app, client, world, joint):
    report = publish(client, joint)
    ref, unpublish = report["public_ref"], f"{API}/joint-reports/{report['id']}/unpublish"
    reason = {"reason": "A member network asked for a correction."}
    assert client.post(unpublish, json=reason).status_code == 401
    for key in ("staff_a", "admin_b", "reader"):  # staff, a member that does not convene, a national reader
        assert client.post(unpublish, json=reason, headers=joint[key]).status_code == 403, key
    outsider = client.post(
        f"{API}/joint-reports/{world.records['beta']['joint_report_id']}/unpublish",
        json=reason,
        headers=joint["admin_a"],
    )
    assert outsider.status_code == 404
    no_reason = client.post(unpublish, json={"reason": ""}, headers=joint["admin_a"])
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    done = client.post(unpublish, json=reason, headers=joint["admin_a"])
    assert done.status_code == 200 and done.json["status"] == "unpublished"
    with platform_scope():  # committed with the change, before any worker ran
        event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.event_type == "report.unpublished"))
        assert event.status == "pending" and event.payload["public_ref"] == ref and event.network_id is None
        assert db.session.scalar(
            select(FederationLog).where(FederationLog.action == "joint_report.unpublished")
        ).details == {"report": ref, "reason": reason["reason"]}
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "joint_report.unpublished"))
        assert audit.actor_label == "admin-a@example.org" and audit.network_id == world.a.id
        db.session.rollback()
    drain()
    assert report_facets()["ids"] == []
    gone = client.get(f"{API}/reports/{ref}")
    assert gone.status_code == 410 and gone.json["error"]["code"] == "gone"
    assert client.get(f"{API}/joint-reports/{report['id']}", headers=joint["admin_a"]).status_code == 410
    assert person(app).get(f"/federation/reports/{ref}").status_code == 410
    assert client.post(unpublish, json=reason, headers=joint["operator"]).status_code == 200  # already: no change
    again = client.post(
        f"/api/v1/networks/beta/federation/joint-reports/{report['id']}/approve", headers=joint["admin_b"]
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "conflict"
    listed = client.get(f"{API}/working-groups/{joint['group']}/joint-reports", headers=joint["reader"]).json
    assert [r["status"] for r in listed["items"]] == ["unpublished"]


def test_a_draft_cannot_be_unpublished_but_an_operator_may_unpublish(client, world, joint):
    draft = client.post(
        f"{API}/working-groups/{joint['group']}/joint-reports",
        json=draft_body(joint["issue"]),
        headers=joint["staff_a"],
    ).json
    refused = client.post(
        f"{API}/joint-reports/{draft['id']}/unpublish", json={"reason": "Wrong"}, headers=joint["admin_a"]
    )
    assert refused.status_code == 409
    report = publish(client, joint)
    done = client.post(
        f"{API}/joint-reports/{report['id']}/unpublish", json={"reason": "Complaint upheld"}, headers=joint["operator"]
    )
    assert done.status_code == 200 and done.json["status"] == "unpublished"


def test_withdrawing_a_shared_issue_re_emits_the_joint_reports_search_entry(app, world):
    drain()
    group_id = make_group(world, name="Alpha pathway group")
    issue_id = make_issue(world, world.a)
    with network_scope(world.a.id):  # alpha shares an issue about its own hospital, through the services
        share = sharing.start_share(
            db.session.get(Issue, issue_id), services.member_group(group_id, world.a.id), "on-scene"
        )
        sharing.approve_share(
            share, title="Handover waits", text="Crews waited at handover.", user=world.users["staff_a"]
        )
        share_id = share.id
        db.session.commit()
    drain()
    shared_copy(group_id, world.a, ref="kept", provider="Other Ambulance Trust", service_type="ambulance")
    with platform_scope():
        live = db.session.scalars(select(SharedIssue.id).where(SharedIssue.working_group_id == group_id)).all()
        db.session.rollback()
    staff, admin = person(app, "staff-a@example.org"), person(app, "admin-a@example.org")
    form = {
        "title": "Handover on the pathway",
        "summary": "",
        "body": "Waits at handover.",
        "shared_issue_ids": [str(i) for i in live],
    }
    assert staff.post(f"/federation/groups/{group_id}/reports/new", data=form).status_code == 302
    report = db.session.scalar(select(JointReport).where(JointReport.working_group_id == group_id))
    ref, report_id = report.public_ref, report.id
    db.session.rollback()
    assert admin.post(f"/networks/alpha/federation/reports/{report_id}/approve").status_code == 302
    drain()
    before = report_facets()
    assert before["providers"] == {"Alpha LINk General Hospital": 1, "Other Ambulance Trust": 1}
    assert staff.post(f"/networks/alpha/federation/shares/{share_id}/withdraw").status_code == 302
    drain()
    with platform_scope():
        events = db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "report.published").order_by(OutboxEvent.id)
        ).all()
        again = [e for e in events if e.payload["public_ref"] == ref]
        assert len(again) == 2 and again[-1].payload["providers"] == ["Other Ambulance Trust"]
        assert again[-1].payload["service_types"] == ["ambulance"]
        assert again[-1].payload["published_on"] == again[0].payload["published_on"]
        withdrawal = db.session.scalar(select(OutboxEvent.id).where(OutboxEvent.event_type == "federation.withdraw"))
        assert again[-1].id > withdrawal
        db.session.rollback()
    after = report_facets()
    assert after["ids"] == [f"report:{ref}"] and after["providers"] == {"Other Ambulance Trust": 1}
    page = staff.get(f"/federation/reports/{ref}").get_data(as_text=True)
    assert "Handover waits at Other Ambulance Trust" in page and "Handover waits</td>" not in page


def test_withdrawal_leaves_unpublished_and_draft_reports_alone(app, world):
    drain()
    group_id = make_group(world, name="Quiet group")
    issue_id = make_issue(world, world.a)
    with network_scope(world.a.id):
        share = sharing.start_share(
            db.session.get(Issue, issue_id), services.member_group(group_id, world.a.id), "response"
        )
        sharing.approve_share(share, title="Response times", text="Slow response.", user=world.users["staff_a"])
        db.session.commit()
    drain()
    with platform_scope():
        copy_id = db.session.scalar(select(SharedIssue.id).where(SharedIssue.working_group_id == group_id))
        group = services.member_group(group_id, world.a.id)
        for title in ("Draft only", "Published, then unpublished"):
            report = joint_reports.draft(
                group, title=title, summary="", body="", shared_issue_ids=[copy_id], user=world.users["staff_a"]
            )
        joint_reports.approve(report, world.a, world.users["admin_a"])
        joint_reports.unpublish(report, world.users["admin_a"], reason="Superseded")
        db.session.commit()
    with network_scope(world.a.id):
        sharing.withdraw_share(
            db.session.scalar(select(ShareRequest).where(ShareRequest.working_group_id == group_id)),
            world.users["staff_a"],
        )
        db.session.commit()
    drain()
    with platform_scope():
        withdrawal = db.session.scalar(select(OutboxEvent.id).where(OutboxEvent.event_type == "federation.withdraw"))
        assert (
            db.session.scalars(
                select(OutboxEvent.id).where(OutboxEvent.event_type == "report.published", OutboxEvent.id > withdrawal)
            ).all()
            == []
        )
        db.session.rollback()


def test_out_of_range_ids_are_not_found_never_a_server_error(client, world, joint):
    huge = 10**20
    body = client.post(
        f"{API}/working-groups/{joint['group']}/joint-reports", json=draft_body(huge), headers=joint["staff_a"]
    )
    assert body.status_code == 422 and "shared_issue_ids" in body.json["error"]["fields"]
    for url in (f"{API}/joint-reports/{huge}", f"{API}/working-groups/{huge}/joint-reports"):
        assert client.get(url, headers=joint["staff_a"]).status_code == 404, url
    assert (
        client.post(
            f"/api/v1/networks/alpha/federation/joint-reports/{huge}/approve", headers=joint["admin_a"]
        ).status_code
        == 404
    )
