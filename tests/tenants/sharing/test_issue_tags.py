"""A network tags its issues with a pathway and a stage: pages, API, filters, the share form's
first choice, and the walls (another network's issue is a 404; the federation role never sees
the tags)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from linkhub.federation import public as federation
from linkhub.platform.db import db
from linkhub.platform.migrations.security import federation_grants, tenant_tables
from linkhub.platform.models import AuditEvent
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.sharing import queries
from linkhub.tenants.sharing import services as sharing
from linkhub.tenants.sharing.models import IssuePathwayTag
from tests.federation.conftest import make_issue, person
from tests.helpers import bearer

pytestmark = pytest.mark.usefixtures("db_kind")

PAGES = "/networks/alpha/federation"
API = "/api/v1/networks/alpha/federation"


def tag_in_db(network, issue_id) -> tuple[str, str] | None:
    with network_scope(network.id):
        tag = queries.tag_of(issue_id)
        found = (tag.pathway.slug, tag.stage.slug) if tag else None
        db.session.rollback()
    return found


def audit_actions(issue_id) -> list[str]:
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(
            AuditEvent.entity_type == "issue",
            AuditEvent.entity_id == str(issue_id),
            AuditEvent.action.like("issue.pathway_%"),
        )
        .order_by(AuditEvent.id)
    ).all()
    db.session.rollback()
    return actions


def test_staff_tag_change_and_clear_an_issue_on_the_page(app, fed):
    world, issue_id = fed.world, fed.issue_id
    staff = person(app, "staff-a@example.org")
    page = staff.get(f"{PAGES}/issues")
    assert page.status_code == 200 and b"Handover delays at the emergency department" in page.data
    assert b"Not tagged" in page.data and b'<optgroup label="Ambulance">' in page.data  # a grouped select per row
    response = staff.post(
        f"{PAGES}/issues/{issue_id}/pathway",
        data={"stage": "ambulance:response", "back_pathway": "ambulance", "back_page": "1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/federation/issues?pathway=ambulance&page=1#issue-{issue_id}")
    assert tag_in_db(world.a, issue_id) == ("ambulance", "response")
    listed = staff.get(f"{PAGES}/issues").data.decode()
    row = re.search(rf'<tr class="govuk-table__row" id="issue-{issue_id}">.*?</tr>', listed, re.S).group(0)
    cells = re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', row)
    assert cells[1:3] == ["Ambulance", "Response"] and 'value="ambulance:response" selected' in row
    # change: the same one tag moves; tagging the same stage again changes nothing
    for _ in range(2):
        response = staff.post(f"{PAGES}/issues/{issue_id}/pathway", data={"stage": "mental-health:crisis-care"})
        assert response.status_code == 302
    assert tag_in_db(world.a, issue_id) == ("mental-health", "crisis-care")
    own = staff.get(f"{PAGES}/issues/{issue_id}/pathway")
    assert b'value="mental-health:crisis-care" selected' in own.data and b"staff-a@example.org" in own.data
    # clear
    assert staff.post(f"{PAGES}/issues/{issue_id}/pathway/clear").status_code == 302
    assert tag_in_db(world.a, issue_id) is None
    assert staff.post(f"{PAGES}/issues/{issue_id}/pathway/clear").status_code == 302  # nothing to clear: fine
    assert audit_actions(issue_id) == ["issue.pathway_tagged", "issue.pathway_changed", "issue.pathway_cleared"]
    with network_scope(world.a.id):
        assert db.session.scalars(select(IssuePathwayTag).where(IssuePathwayTag.issue_id == issue_id)).all() == []
        db.session.rollback()


def test_a_stage_of_another_pathway_is_refused_with_the_error_summary(app, fed):
    staff = person(app, "staff-a@example.org")
    url = f"{PAGES}/issues/{fed.issue_id}/pathway"
    response = staff.post(url, data={"stage": "ambulance:referral"})
    assert response.status_code == 422
    body = response.data.decode()
    assert "There is a problem" in body and 'href="#stage"' in body
    assert "Choose a stage of the Ambulance pathway" in body
    assert 'id="stage"' in body and "govuk-select--error" in body and body.count("<title>Error: ") == 1
    for bad in ("", "nowhere:response", "ambulance", ":", "x" * 5000, "ambulance:\x00", "\x00:on-scene"):
        response = staff.post(url, data={"stage": bad})
        assert response.status_code == 422 and b"There is a problem" in response.data, bad
    assert tag_in_db(fed.world.a, fed.issue_id) is None


def test_services_refuse_a_stage_of_another_pathway(app, fed):
    from linkhub.platform.services import ServiceError

    with network_scope(fed.world.a.id):
        issue = db.session.get(Issue, fed.issue_id)
        with pytest.raises(ServiceError) as refused:
            sharing.tag_issue(issue, pathway="mental-health", stage="on-scene")
        assert (refused.value.status, refused.value.field) == (422, "stage")
        with pytest.raises(ServiceError) as refused:
            sharing.tag_issue(issue, pathway="nowhere", stage="on-scene")
        assert refused.value.field == "pathway"
        db.session.rollback()


def test_the_database_refuses_a_stage_of_another_pathway(app, fed):
    """The composite key (pathway_id, stage_id): raw SQL cannot pair a stage with another pathway."""
    from sqlalchemy.exc import IntegrityError

    from linkhub.federation.models import PathwayStage

    with network_scope(fed.world.a.id):
        ambulance, _ = federation.resolve("ambulance", "on-scene")
        other = db.session.scalar(select(PathwayStage).where(PathwayStage.pathway_id != ambulance.id))
        db.session.add(IssuePathwayTag(issue_id=fed.issue_id, pathway_id=ambulance.id, stage_id=other.id))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_another_networks_issue_is_404_everywhere(app, fed):
    world = fed.world
    beta_issue = world.records["beta"]["issue_id"]
    before = tag_in_db(world.b, beta_issue)
    assert before == ("mental-health", "crisis-care")  # the world tagged it
    both = person(app, "both@example.org")  # staff in alpha and in beta
    assert both.get(f"{PAGES}/issues/{beta_issue}/pathway").status_code == 404
    assert both.post(f"{PAGES}/issues/{beta_issue}/pathway", data={"stage": "ambulance:response"}).status_code == 404
    assert both.post(f"{PAGES}/issues/{beta_issue}/pathway/clear").status_code == 404
    assert f"issue-{beta_issue}".encode() not in both.get(f"{PAGES}/issues").data
    token = bearer(world.tokens["admin_a"])
    for method, body in (
        ("GET", None),
        ("PUT", {"pathway": "ambulance", "stage": "response"}),
        ("DELETE", None),
        ("PUT", {"pathway": "ambulance", "stage": "referral"}),
    ):  # 404 before the body is read
        response = both.open(f"{API}/issues/{beta_issue}/pathway", method=method, json=body, headers=token)
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found", method
    assert all(i["issue_id"] != beta_issue for i in both.get(f"{API}/issues", headers=token).json["items"])
    assert tag_in_db(world.b, beta_issue) == before
    for huge in (2**31, 10**30):
        assert both.get(f"{PAGES}/issues/{huge}/pathway").status_code == 404
        assert both.get(f"{API}/issues/{huge}/pathway", headers=token).status_code == 404


def _tagged_issues(world) -> dict[str, int]:
    """Alpha's issues on several pathways; the world's own issue is tagged mental health: crisis care."""
    ids = {
        "response": make_issue(world, world.a, title="Slow response in the evening"),
        "mh-referral": make_issue(world, world.a, title="Referral letters lost"),
        "ss-referral": make_issue(world, world.a, title="Referral to the spinal unit"),
        "untagged": make_issue(world, world.a, title="Parking at the hospital"),
    }
    with network_scope(world.a.id):
        for key, pathway, stage in (
            ("response", "ambulance", "response"),
            ("mh-referral", "mental-health", "referral"),
            ("ss-referral", "specialist-services", "referral"),
        ):
            sharing.tag_issue(db.session.get(Issue, ids[key]), pathway=pathway, stage=stage)
        db.session.commit()
    ids["world"] = world.records["alpha"]["issue_id"]
    return ids


def _listed(client, query: str) -> set[int]:
    body = client.get(f"{PAGES}/issues{query}").data.decode()
    return {int(i) for i in re.findall(r'<tr class="govuk-table__row" id="issue-(\d+)">', body)}


def test_the_list_filters_by_pathway_and_stage(app, fed):
    ids = _tagged_issues(fed.world)
    member = person(app, "member-a@example.org")  # members may look
    everything = _listed(member, "")
    assert {ids["untagged"], ids["world"], ids["response"]} <= everything
    assert _listed(member, "?pathway=ambulance") == {ids["response"]}
    assert _listed(member, "?pathway=mental-health") == {ids["mh-referral"], ids["world"]}
    assert _listed(member, "?pathway=mental-health&stage=crisis-care") == {ids["world"]}
    assert _listed(member, "?stage=referral") == {ids["mh-referral"], ids["ss-referral"]}  # on any pathway
    assert _listed(member, "?pathway=mental-health&stage=referral") == {ids["mh-referral"]}
    # forgiving: a stage not on the chosen pathway is dropped, an unknown pathway shows everything
    assert _listed(member, "?pathway=mental-health&stage=on-scene") == {ids["mh-referral"], ids["world"]}
    assert _listed(member, "?pathway=nowhere") == everything
    assert _listed(member, "?page=abc&stage=%00") == everything
    assert _listed(member, "?pathway=%00&page=-3") == everything
    assert _listed(member, "?page=99") == set()
    page = member.get(f"{PAGES}/issues?pathway=ambulance").data.decode()
    assert '<option value="ambulance" selected>' in page and "Stages of the Ambulance pathway" in page
    assert '<form method="post"' not in page  # members see the tags, staff change them
    refused = member.post(f"{PAGES}/issues/{ids['untagged']}/pathway", data={"stage": "ambulance:response"})
    assert refused.status_code == 403


def test_the_network_page_links_to_issues_by_pathway(app, fed):
    staff = person(app, "staff-a@example.org")
    assert f'href="{PAGES}/issues"'.encode() in staff.get(f"{PAGES}/").data


def test_the_share_form_offers_the_tagged_stage_first(app, fed):
    staff = person(app, "staff-a@example.org")
    share_url = f"{PAGES}/issues/{fed.issue_id}/share"
    assert b"checked" not in staff.get(share_url).data  # not tagged: nothing chosen for staff
    staff.post(f"{PAGES}/issues/{fed.issue_id}/pathway", data={"stage": "ambulance:conveyance-handover"})
    page = staff.get(share_url).data.decode()
    # alpha follows the ambulance pathway in two groups (the world's and fed's): the first by name
    assert re.findall(r'value="(\d+):([a-z-]+)" checked', page) == [
        (str(fed.world.records["alpha"]["group_id"]), "conveyance-handover")
    ]
    assert "Tagged Ambulance: Conveyance and handover" in page
    # a tag on a pathway none of the network's groups follows: nothing chosen
    staff.post(f"{PAGES}/issues/{fed.issue_id}/pathway", data={"stage": "mental-health:referral"})
    assert " checked" not in staff.get(share_url).data.decode()
    staff.post(f"{PAGES}/issues/{fed.issue_id}/pathway", data={"stage": "ambulance:conveyance-handover"})
    # staff may still share at another stage
    response = staff.post(share_url, data={"target": f"{fed.group_id}:discharge"})
    assert response.status_code == 302
    from linkhub.tenants.sharing.models import ShareRequest

    with network_scope(fed.world.a.id):
        assert db.session.scalar(select(ShareRequest.stage).where(ShareRequest.issue_id == fed.issue_id)) == "discharge"
        db.session.rollback()


def test_api_get_put_delete_and_the_error_shape(app, fed):
    client, token = app.test_client(), bearer(fed.world.tokens["admin_a"])
    url = f"{API}/issues/{fed.issue_id}/pathway"
    assert client.get(url).status_code == 401
    empty = client.get(url, headers=token).json
    assert empty["issue_id"] == fed.issue_id and empty["pathway"] is None and empty["stage"] is None
    put = client.put(url, json={"pathway": "ambulance", "stage": "on-scene"}, headers=token)
    assert put.status_code == 200, put.json
    assert (put.json["pathway"], put.json["stage"], put.json["stage_name"]) == ("ambulance", "on-scene", "On scene")
    assert put.json["tagged_by"] == "admin-a@example.org" and put.json["tagged_at"]
    assert client.get(url, headers=token).json["pathway_name"] == "Ambulance"
    changed = client.put(url, json={"pathway": "specialist-services", "stage": "diagnosis"}, headers=token)
    assert changed.status_code == 200 and changed.json["stage"] == "diagnosis"
    wrong = client.put(url, json={"pathway": "ambulance", "stage": "diagnosis"}, headers=token)
    assert wrong.status_code == 422
    assert wrong.json["error"]["code"] == "validation_error" and "stage" in wrong.json["error"]["fields"]
    unknown = client.put(url, json={"pathway": "nowhere", "stage": "x"}, headers=token)
    assert "pathway" in unknown.json["error"]["fields"]
    for bad in (
        {},
        {"pathway": 3, "stage": []},
        {"pathway": "ambulance"},
        {"pathway": "a" * 61, "stage": "x"},
        {"pathway": "ambulance\u0000", "stage": "on-scene"},
        {"pathway": "ambulance", "stage": "on\u0000"},
    ):
        response = client.put(url, json=bad, headers=token)
        assert response.status_code == 422 and response.json["error"]["fields"], bad
    broken = client.put(url, data="{not json", headers={**token, "Content-Type": "application/json"})
    assert broken.status_code in (400, 422) and "error" in broken.json
    assert client.get(url, headers=token).json["stage"] == "diagnosis"  # the refusals changed nothing
    assert client.delete(url, headers=token).status_code == 204
    assert client.delete(url, headers=token).status_code == 204
    assert client.get(url, headers=token).json["pathway"] is None
    assert audit_actions(fed.issue_id) == ["issue.pathway_tagged", "issue.pathway_changed", "issue.pathway_cleared"]


def test_api_list_filters_and_refuses_unknown_values(app, fed):
    ids = _tagged_issues(fed.world)
    client, token = app.test_client(), bearer(fed.world.tokens["admin_a"])

    def listed(query: str) -> set[int]:
        response = client.get(f"{API}/issues{query}", headers=token)
        assert response.status_code == 200, response.json
        return {i["issue_id"] for i in response.json["items"]}

    everything = client.get(f"{API}/issues?per_page=100", headers=token).json
    assert everything["total"] >= 5
    untagged = next(i for i in everything["items"] if i["issue_id"] == ids["untagged"])
    assert untagged["pathway"] is None and untagged["stage"] is None
    assert listed("?pathway=ambulance") == {ids["response"]}
    assert listed("?pathway=mental-health&stage=crisis-care") == {ids["world"]}
    assert listed("?pathway=ambulance&stage=response") == {ids["response"]}
    assert listed("?stage=referral") == {ids["mh-referral"], ids["ss-referral"]}
    paged = client.get(f"{API}/issues?stage=referral&per_page=1", headers=token)
    assert paged.json["total"] == 2 and len(paged.json["items"]) == 1 and 'rel="next"' in paged.headers["Link"]
    for query, field in (
        ("?pathway=nowhere", "pathway"),
        ("?pathway=ambulance&stage=referral", "stage"),
        ("?stage=nowhere", "stage"),
        ("?per_page=0", "per_page"),
        ("?pathway=%00&stage=%00", "pathway"),
        ("?stage=%00", "stage"),
    ):
        response = client.get(f"{API}/issues{query}", headers=token)
        assert response.status_code == 422 and field in response.json["error"]["fields"], query


def test_the_tags_stay_inside_the_network(app, fed):
    assert "issue_pathway_tags" in tenant_tables()
    assert "issue_pathway_tags" not in federation_grants()
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    one = spec["paths"]["/api/v1/networks/{network_slug}/federation/issues/{issue_id}/pathway"]
    assert {"get", "put", "delete"} <= set(one)
    assert "get" in spec["paths"]["/api/v1/networks/{network_slug}/federation/issues"]


def test_the_demo_tags_shared_issues_and_others(app):
    from linkhub.demo import load_platform
    from linkhub.federation.demo import load_federation, load_joint_reports
    from linkhub.platform.models import Network
    from linkhub.tenants.directory.demo import load_directory
    from linkhub.tenants.feedback.demo import load_community
    from linkhub.tenants.issues.demo import load_issues
    from linkhub.tenants.sharing.demo import load_sharing
    from linkhub.tenants.sharing.models import ShareRequest

    for loader in (
        load_platform,
        load_directory,
        load_community,
        load_issues,
        load_federation,
        load_sharing,
        load_joint_reports,
    ):
        list(loader())
    sheffield = db.session.scalar(select(Network).where(Network.slug == "sheffield"))
    with network_scope(sheffield.id):
        tags = {t.issue_id: t.stage.slug for t in db.session.scalars(select(IssuePathwayTag))}
        shares = {s.issue_id: s.stage for s in db.session.scalars(select(ShareRequest))}
        db.session.rollback()
    assert shares and all(tags[issue_id] == stage for issue_id, stage in shares.items())  # shared at the tagged stage
    tagged_only = sorted(set(tags) - set(shares))
    assert tagged_only
    from linkhub.demo import DEMO_PASSWORD
    from tests.helpers import sign_in

    staff = person(app)
    sign_in(staff, "staff@sheffield.example", DEMO_PASSWORD)
    page = staff.get("/networks/sheffield/federation/issues?pathway=ambulance").data.decode()
    assert page.count('<tr class="govuk-table__row" id="issue-') == len(tags)
    share = staff.get(f"/networks/sheffield/federation/issues/{tagged_only[0]}/share").data.decode()
    assert re.search(rf'value="\d+:{tags[tagged_only[0]]}" checked', share)
