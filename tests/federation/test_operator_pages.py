"""Operator pages for pathways, working groups, member networks and agreement versions, and the
convenor's unpublish page for a joint report. Bad input gets a GOV.UK error summary, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.federation.services import joint_reports
from linkhub.federation.models import JointReport, Pathway, SharedIssue, WorkingGroup
from linkhub.platform.db import db
from linkhub.platform.forms import CHOICE_MESSAGE
from linkhub.platform.tenancy import platform_scope
from tests.federation.conftest import drain, make_group, person

pytestmark = pytest.mark.usefixtures("db_kind")
OPS = "/operator/federation"


@pytest.fixture
def operator(app, world):
    drain()
    return person(app, "op@example.org")


def problem(response, message: str) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 409), (response.status_code, text[:500])
    assert "There is a problem" in text and message in text, text[:3000]


def group_named(name: str) -> WorkingGroup | None:
    return db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))


def test_only_operators_open_the_pages(app, world, operator):
    assert person(app).get(f"{OPS}/").status_code == 302  # to sign in
    for email in ("reader@example.org", "admin-a@example.org"):
        client = person(app, email)
        assert client.get(f"{OPS}/").status_code == 403
        assert client.post(f"{OPS}/pathways/new", data={"name": "X", "stages": "A\nB"}).status_code == 403
    page = operator.get(f"{OPS}/").get_data(as_text=True)
    assert "Ambulance" in page and "999 call → Call handling" in page and "Alpha LINk ambulance group" in page
    assert 'href="/operator/federation/"' in operator.get("/operator/").get_data(as_text=True)


def test_define_a_pathway_and_its_bad_inputs(operator):
    new = f"{OPS}/pathways/new"
    assert operator.get(new).status_code == 200
    problem(operator.post(new, data={"name": "", "stages": ""}), "Enter the pathway&#39;s name")
    problem(operator.post(new, data={"name": "Maternity", "stages": "Booking"}), "at least two stages")
    problem(operator.post(new, data={"name": "Maternity", "stages": "Birth\nbirth"}), "different name")
    problem(operator.post(new, data={"name": "!!!", "stages": "A\nB"}), "letters or numbers")
    problem(operator.post(new, data={"name": "Maternity", "stages": "x" * 130 + "\nB"}), "120 characters")
    problem(operator.post(new, data={"name": "Ambulance", "stages": "A\nB"}), "already exists")
    done = operator.post(
        new,
        data={
            "name": "Maternity",
            "description": "From booking to postnatal care.",
            "stages": "Booking\n\n  Antenatal care \r\nBirth\nPostnatal care\n",
        },
    )
    assert done.status_code == 302
    pathway = db.session.scalar(select(Pathway).where(Pathway.slug == "maternity"))
    assert [s.name for s in pathway.stages] == ["Booking", "Antenatal care", "Birth", "Postnatal care"]
    assert "Maternity" in operator.get(f"{OPS}/").get_data(as_text=True)


def test_set_up_a_working_group_and_its_bad_inputs(operator):
    new = f"{OPS}/working-groups/new"
    form = {
        "name": "Cross-border ambulance group",
        "region": "North West",
        "pathway": "ambulance",
        "convenor": "alpha",
        "networks": ["beta"],
        "agreement_text": "We share anonymised issues.",
        "suppression_threshold": "4",
    }
    assert "Beta LINk" in operator.get(new).get_data(as_text=True)
    problem(operator.post(new, data=form | {"region": ""}), "Choose a region")
    problem(operator.post(new, data=form | {"suppression_threshold": "2"}), "cannot be below 3")
    problem(operator.post(new, data=form | {"suppression_threshold": "five"}), "whole number")
    problem(operator.post(new, data=form | {"pathway": "nowhere"}), CHOICE_MESSAGE)
    problem(operator.post(new, data=form | {"networks": ["nowhere"]}), CHOICE_MESSAGE)
    problem(operator.post(new, data=form | {"name": "Alpha LINk ambulance group"}), "already exists")
    assert group_named(form["name"]) is None
    done = operator.post(new, data=form)
    assert done.status_code == 302
    group = group_named(form["name"])
    assert done.headers["Location"].endswith(f"{OPS}/working-groups/{group.id}")
    assert {m.network.slug for m in group.members} == {"alpha", "beta"} and group.convenor.slug == "alpha"
    assert (group.current_agreement.version, group.current_agreement.suppression_threshold) == (1, 4)
    page = operator.get(f"{OPS}/working-groups/{group.id}").get_data(as_text=True)
    assert "Alpha LINk (convenor)" in page and "Not accepted" in page


def test_add_and_remove_member_networks(world, operator):
    group_id = make_group(world, name="Alpha only")
    page = f"{OPS}/working-groups/{group_id}"
    assert operator.get(f"{OPS}/working-groups/999999").status_code == 404
    problem(operator.post(f"{page}/members", data={"network": ""}), "Choose a network to add")
    assert operator.post(f"{page}/members", data={"network": "beta"}).status_code == 302
    problem(operator.post(f"{page}/members", data={"network": "beta"}), "already a member")
    assert group_named("Alpha only").member_network_ids == {world.a.id, world.b.id}
    db.session.rollback()
    remove = f"{page}/members/{world.b.id}/remove"
    assert "Are you sure you want to remove Beta LINk" in operator.get(remove).get_data(as_text=True)
    assert operator.post(remove).status_code == 302
    assert group_named("Alpha only").member_network_ids == {world.a.id}
    db.session.rollback()
    assert operator.get(remove).status_code == 404  # no longer a member
    problem(operator.post(f"{page}/members/{world.a.id}/remove"), "convenor network cannot leave")


def test_removing_the_last_network_to_approve_publishes_the_draft(world, operator):
    group_id = make_group(world, members=[world.b], name="Two networks")
    with platform_scope():
        copy = SharedIssue(
            working_group_id=group_id,
            source_network_id=world.a.id,
            share_ref="op-test",
            agreement_version=1,
            title="Handover",
            pathway="Ambulance",
            stage="On scene",
            theme="Access",
            month="2010-05",
            region="North West",
        )
        db.session.add(copy)
        db.session.flush()
        group = db.session.get(WorkingGroup, group_id)
        report = joint_reports.draft(
            group, title="Handover", summary="", body="", shared_issue_ids=[copy.id], user=world.users["staff_a"]
        )
        joint_reports.approve(report, world.a, world.users["admin_a"])
        db.session.commit()
        report_id = report.id
    assert operator.post(f"{OPS}/working-groups/{group_id}/members/{world.b.id}/remove").status_code == 302
    assert db.session.get(JointReport, report_id).status == "published"


def test_publish_a_new_agreement_version(world, operator):
    group_id = make_group(world, name="Versioned")
    new = f"{OPS}/working-groups/{group_id}/agreements/new"
    assert "Version one of the agreement." in operator.get(new).get_data(as_text=True)  # starts from the current text
    problem(operator.post(new, data={"text": "", "suppression_threshold": "5"}), "Enter the text of the agreement")
    problem(operator.post(new, data={"text": "Two.", "suppression_threshold": "1"}), "cannot be below 3")
    problem(operator.post(new, data={"text": "Two.", "suppression_threshold": ""}), "Enter the suppression threshold")
    assert operator.post(new, data={"text": "Version two.", "suppression_threshold": "3"}).status_code == 302
    group = group_named("Versioned")
    assert (group.current_agreement.version, group.current_agreement.text) == (2, "Version two.")
    assert group.current_agreement.accepted_by(world.a.id) is None  # a new version needs new acceptance
    assert operator.get(f"{OPS}/working-groups/999999/agreements/new").status_code == 404


def published_report(world) -> tuple[int, str, int]:
    group_id = make_group(world, members=[world.b], name="Convened by alpha")
    with platform_scope():
        copy = SharedIssue(
            working_group_id=group_id,
            source_network_id=world.b.id,
            share_ref="unpublish-test",
            agreement_version=1,
            title="Discharge",
            pathway="Ambulance",
            stage="Discharge",
            theme="Discharge",
            month="2010-05",
            region="London",
        )
        db.session.add(copy)
        db.session.flush()
        report = joint_reports.draft(
            db.session.get(WorkingGroup, group_id),
            title="Discharge on the pathway",
            summary="",
            body="",
            shared_issue_ids=[copy.id],
            user=world.users["staff_a"],
        )
        for network, admin in ((world.a, "admin_a"), (world.b, "admin_b")):
            joint_reports.approve(report, network, world.users[admin])
        db.session.commit()
        return group_id, report.public_ref, report.id


def test_the_convenor_admin_unpublishes_with_a_reason_and_the_page_is_gone(app, world):
    group_id, ref, report_id = published_report(world)
    drain()
    admin_a, admin_b = person(app, "admin-a@example.org"), person(app, "admin-b@example.org")
    unpublish = f"/federation/reports/{ref}/unpublish"
    assert "Unpublish" in admin_a.get(f"/federation/reports/{ref}").get_data(as_text=True)
    assert f'href="{unpublish}"' not in admin_b.get(f"/federation/reports/{ref}").get_data(as_text=True)
    assert person(app).get(unpublish).status_code == 302  # sign in first
    assert admin_b.get(unpublish).status_code == 403
    assert person(app, "staff-a@example.org").post(unpublish, data={"reason": "No"}).status_code == 403
    assert person(app, "reader@example.org").get(unpublish).status_code == 403
    assert "Are you sure you want to unpublish" in admin_a.get(unpublish).get_data(as_text=True)
    problem(admin_a.post(unpublish, data={"reason": ""}), "Say why the joint report is being unpublished")
    done = admin_a.post(unpublish, data={"reason": "A member network asked for it."})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/federation/groups/{group_id}")
    assert db.session.get(JointReport, report_id).status == "unpublished"
    db.session.rollback()
    assert person(app).get(f"/federation/reports/{ref}").status_code == 410
    assert admin_a.get(unpublish).status_code == 410
    assert "Unpublished" in admin_a.get(f"/federation/groups/{group_id}").get_data(as_text=True)


def test_operators_unpublish_and_a_draft_cannot_be(app, world):
    _, ref, _ = published_report(world)
    operator = person(app, "op@example.org")
    assert operator.post(f"/federation/reports/{ref}/unpublish", data={"reason": "Complaint upheld"}).status_code == 302
    draft_group = make_group(world, name="Drafting group")
    with platform_scope():
        copy = SharedIssue(
            working_group_id=draft_group,
            source_network_id=world.a.id,
            share_ref="draft-test",
            agreement_version=1,
            title="Waits",
            pathway="Ambulance",
            stage="Response",
            theme="Access",
            month="2010-05",
            region="North West",
        )
        db.session.add(copy)
        db.session.flush()
        draft = joint_reports.draft(
            db.session.get(WorkingGroup, draft_group),
            title="Still a draft",
            summary="",
            body="",
            shared_issue_ids=[copy.id],
            user=world.users["staff_a"],
        )
        db.session.commit()
        draft_ref = draft.public_ref
    problem(
        operator.post(f"/federation/reports/{draft_ref}/unpublish", data={"reason": "Why"}),
        "Only a published joint report can be unpublished",
    )
