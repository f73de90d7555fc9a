"""Governance: the decision log with declared conflicts of interest (service, page, API),
ratification, the governing document's versions, meetings with papers (size and type checked),
public and closed meetings, disagreements."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.governance import services
from linkhub.tenants.governance.models import Decision, DecisionParticipant, DocumentVersion, MeetingPaper, StoredFile
from linkhub.tenants.governance.services import decisions
from linkhub.tenants.members import services as members
from linkhub.tenants.members.models import Interest, Person
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def ids(world, slug="alpha"):
    r = world.records[slug]
    with network_scope(world.a.id if slug == "alpha" else world.b.id):
        nurse = db.session.scalar(select(Person.id).where(Person.name == "Nina Nurse"))
        db.session.rollback()
    return r["person_id"], nurse, r["provider_id"], r["meeting_id"]


def test_the_world_decision_recorded_the_declared_conflict(world):
    with network_scope(world.a.id):
        decision = db.session.get(Decision, world.records["alpha"]["decision_id"])
        (conflict,) = decision.conflicts
        assert conflict.person.name == "Nina Nurse" and conflict.handling == "withdrew"
        assert conflict.declared == "Alpha LINk General Hospital, Staff nurse: Employed by the trust"
        assert decision.reference == f"D{clock.today().year}-001"
        assert [link.kind for link in decision.links] == ["issue"] and decision.links[0].label
        db.session.rollback()


def test_a_conflict_must_be_handled_and_nothing_is_written_until_it_is(world):
    chair, nurse, provider, meeting = ids(world)
    with network_scope(world.a.id):
        before = (count(Decision), count(DecisionParticipant))
        with pytest.raises(decisions.ConflictsToHandle) as refused:
            decisions.record_decision(
                title="Second visit",
                route="meeting",
                meeting_id=meeting,
                provider_id=provider,
                participants=[{"person_id": chair}, {"person_id": nurse}],
            )
        assert refused.value.field == "participants" and "Nina Nurse" in refused.value.message
        db.session.rollback()
        assert (count(Decision), count(DecisionParticipant)) == before
        # Not about that provider: no conflict to handle.
        plain = decisions.record_decision(
            title="Thank the volunteers",
            route="meeting",
            meeting_id=meeting,
            participants=[{"person_id": chair}, {"person_id": nurse}],
        )
        assert plain.conflicts == []
        db.session.commit()


def test_the_copy_in_the_decision_stays_when_the_register_changes(world):
    with network_scope(world.a.id):
        interest = db.session.get(Interest, world.records["alpha"]["interest_id"])
        members.renew_interest(interest, still_current=False)
        db.session.commit()
        decision = db.session.get(Decision, world.records["alpha"]["decision_id"])
        assert "Staff nurse" in decision.conflicts[0].declared
        db.session.rollback()


def test_an_employer_with_the_providers_name_is_a_conflict_too(world):
    chair, nurse, provider, meeting = ids(world)
    with network_scope(world.a.id):
        members.declare_interest(
            db.session.get(Person, chair), employer="alpha link general hospital ", interest="Governor"
        )
        found = decisions.conflicts_for([chair, nurse], provider)
        assert {i.person_id for i in found} == {chair, nurse}
        db.session.rollback()


@pytest.mark.parametrize(
    "changes, field",
    [
        (dict(route="delegated"), "decided_by_id"),
        (dict(route="meeting"), "meeting_id"),
        (dict(route="hub", title=" "), "title"),
        (dict(route="hub", decided_on="future"), "decided_on"),
        (dict(route="hub", provider_id=999999), "provider_id"),
        (dict(route="hub", links=[{"kind": "report", "target_id": 999999}]), "links"),
        (dict(route="hub", participants=[{"person_id": 999999}]), "participants"),
    ],
)
def test_bad_decisions_are_field_errors(world, changes, field):
    with network_scope(world.a.id):
        before = count(Decision)
        data = {"title": "Something", "decided_on": clock.today(), **changes}
        if data["decided_on"] == "future":
            data["decided_on"] = clock.today() + timedelta(days=1)
        with pytest.raises(ServiceError) as refused:
            decisions.record_decision(**data)
        assert refused.value.field == field
        db.session.rollback()
        assert count(Decision) == before


def test_urgent_decisions_wait_for_ratification(world):
    chair, *_ = ids(world)
    with network_scope(world.a.id):
        urgent = decisions.record_decision(
            title="Reply to the press",
            route="urgent",
            decided_by_id=chair,
            decided_on=clock.today() - timedelta(days=2),
        )
        assert urgent.awaiting_ratification
        with pytest.raises(ServiceError):
            decisions.ratify(urgent, ratified_on=clock.today() - timedelta(days=5))
        db.session.rollback()
        urgent = db.session.scalar(select(Decision).where(Decision.title == "Reply to the press"))
        assert urgent is None  # the refusal rolled it all back
        urgent = decisions.record_decision(
            title="Reply to the press",
            route="urgent",
            decided_by_id=chair,
            decided_on=clock.today() - timedelta(days=2),
        )
        decisions.ratify(urgent, ratified_on=clock.today(), meeting_id=world.records["alpha"]["meeting_id"])
        db.session.commit()
        assert not urgent.awaiting_ratification
        with pytest.raises(ServiceError) as again:
            decisions.ratify(urgent, ratified_on=clock.today())
        assert again.value.status == 409
        db.session.rollback()


def test_the_decision_page_shows_conflicts_and_asks_how_they_were_handled(client, world):
    chair, nurse, provider, meeting = ids(world)
    sign_in(client, world.users["staff_a"].email)
    form = dict(
        title="Visit again",
        route="meeting",
        meeting_id=meeting,
        provider_id=provider,
        participants=[chair, nurse],
        decided_by_id=0,
    )
    first = client.post("/networks/alpha/governance/decisions/new", data=form)
    assert first.status_code == 200
    assert b"There is a problem" in first.data and b"Declared: Alpha LINk General Hospital, Staff nurse" in first.data
    with network_scope(world.a.id):
        assert db.session.scalar(select(Decision.id).where(Decision.title == "Visit again")) is None
        db.session.rollback()
    second = client.post("/networks/alpha/governance/decisions/new", data={**form, f"handling-{nurse}": "no_vote"})
    assert second.status_code == 302, second.data[:2000]
    page = client.get(second.headers["Location"])
    assert b"Took part in the discussion but not the decision" in page.data and b"Staff nurse" in page.data


def test_api_decisions_with_conflicts(client, world, staff):
    chair, nurse, provider, meeting = ids(world)
    url = "/api/v1/networks/alpha/governance/decisions"
    body = {
        "title": "Ask for waits data",
        "route": "hub",
        "provider_id": provider,
        "participants": [{"person_id": nurse}],
        "decided_on": clock.today().isoformat(),
    }
    refused = client.post(url, json=body, headers=staff)
    assert refused.status_code == 422 and "participants" in refused.get_json()["error"]["fields"]
    body["participants"][0]["handling"] = "withdrew"
    made = client.post(url, json=body, headers=staff)
    assert made.status_code == 201 and made.get_json()["conflicts_declared"] == 1
    listing = client.get(url + "?with_conflicts=true", headers=staff).get_json()
    assert {d["title"] for d in listing["items"]} == {"Visit the hospital's A&E", "Ask for waits data"}
    linked = client.post(
        f"{url}/{made.get_json()['id']}/links",
        json={"kind": "work_item", "target_id": world.records["alpha"]["work_item_id"]},
        headers=staff,
    )
    assert linked.status_code == 201


def test_the_governing_document_keeps_every_version(client, world):
    with network_scope(world.a.id):
        services.add_version(
            title="Governing document", text="1. Name\n2. Aims, revised\n3. Members\n", change_note="Aims revised"
        )
        db.session.commit()
        assert [v.version for v in db.session.scalars(select(DocumentVersion).order_by(DocumentVersion.id))] == [1, 2]
        v2 = db.session.scalar(select(DocumentVersion.id).where(DocumentVersion.version == 2))
        db.session.rollback()
    sign_in(client, world.users["member_a"].email)
    page = client.get(f"/networks/alpha/governance/document/versions/{v2}")
    assert b"+2. Aims, revised" in page.data and b"-2. Aims" in page.data


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "smaller than 10 MB"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not really a PDF"),
        ("run.exe", b"MZ\x90\x00", "must be PDF"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_papers_are_checked_and_nothing_is_stored_when_refused(world, filename, content, message):
    with network_scope(world.a.id):
        meeting = services.add_meeting(title="M", kind="hub", held_on=clock.today())
        db.session.commit()
        before = (count(StoredFile), count(MeetingPaper))
        with pytest.raises(ServiceError) as refused:
            services.add_paper(meeting, title="Pack", filename=filename, content=content)
        assert message in refused.value.message and refused.value.field == "file"
        db.session.rollback()
        assert (count(StoredFile), count(MeetingPaper)) == before


def test_uploading_a_paper_on_the_page(client, world):
    import io

    sign_in(client, world.users["staff_a"].email)
    url = f"/networks/alpha/governance/meetings/{world.records['alpha']['meeting_id']}/papers/new"
    bad = client.post(
        url, data={"title": "Pack", "file": (io.BytesIO(b"MZ"), "x.exe")}, content_type="multipart/form-data"
    )
    assert bad.status_code == 200 and b"There is a problem" in bad.data
    good = client.post(
        url,
        data={"title": "Minutes pack", "file": (io.BytesIO(b"%PDF-1.4 hi"), "m.pdf")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    page = client.get(good.headers["Location"])
    assert b"Minutes pack" in page.data


def test_public_page_shows_public_meetings_only(client, world):
    with network_scope(world.a.id):
        closed = services.add_meeting(
            title="Closed complaint session",
            kind="hub",
            held_on=clock.today(),
            is_public=False,
            closed_reason="A named person's care",
        )
        paper = services.add_paper(closed, title="Private pack", filename="p.pdf", content=b"%PDF-1.4")
        db.session.commit()
        paper_id = paper.id
        with pytest.raises(ServiceError) as no_reason:
            services.add_meeting(title="Closed", kind="hub", held_on=clock.today(), is_public=False)
        assert no_reason.value.field == "closed_reason"
        db.session.rollback()
    page = client.get("/networks/alpha/governance/public")
    assert page.status_code == 200
    assert b"Hub meeting" in page.data and b"Closed complaint session" not in page.data
    assert b"Nina Nurse" not in page.data
    assert client.get(f"/networks/alpha/governance/public/papers/{paper_id}").status_code == 404
    public_paper = world.records["alpha"]["meeting_paper_id"]
    got = client.get(f"/networks/alpha/governance/public/papers/{public_paper}")
    assert (
        got.status_code == 200 and got.data.startswith(b"%PDF") and got.headers["X-Content-Type-Options"] == "nosniff"
    )


def test_disagreements_are_raised_handled_and_closed(client, world, staff):
    url = f"/api/v1/networks/alpha/governance/disagreements/{world.records['alpha']['disagreement_id']}"
    handled = client.post(
        url + "/handling", json={"stage": "mediation", "handling": "The host mediates"}, headers=staff
    )
    assert handled.status_code == 200 and handled.get_json()["stage"] == "mediation"
    bad = client.post(url + "/close", json={"status": "resolved", "outcome": " ", "decision_id": None}, headers=staff)
    assert bad.status_code == 422
    closed = client.post(
        url + "/close",
        json={"status": "resolved", "outcome": "Agreed an order", "decision_id": world.records["alpha"]["decision_id"]},
        headers=staff,
    )
    assert closed.status_code == 200 and closed.get_json()["status"] == "resolved"
    assert client.post(url + "/close", json={"status": "withdrawn", "outcome": "x"}, headers=staff).status_code == 409
    sign_in(client, world.users["member_a"].email)
    page = client.get("/networks/alpha/governance/disagreements/" + str(world.records["alpha"]["disagreement_id"]))
    assert b"Agreed an order" in page.data


def test_every_governance_page_renders_for_members(client, world):
    sign_in(client, world.users["member_a"].email)
    r = world.records["alpha"]
    for path in (
        "",
        "decisions",
        "decisions?show=conflicts",
        "decisions?show=awaiting",
        "meetings",
        f"meetings/{r['meeting_id']}",
        "document",
        "disagreements",
        f"decisions/{r['decision_id']}",
    ):
        page = client.get(f"/networks/alpha/governance/{path}")
        assert page.status_code == 200, path
    assert client.get("/networks/alpha/governance/decisions/new").status_code == 403
    client.post("/sign-out")
    sign_in(client, world.users["staff_a"].email)
    for path in (
        "decisions/new",
        "meetings/new",
        "document/new",
        "structure",
        "seats/new",
        "disagreements/new",
        f"meetings/{r['meeting_id']}/minutes",
        f"meetings/{r['meeting_id']}/edit",
    ):
        assert client.get(f"/networks/alpha/governance/{path}").status_code == 200, path
