"""Feedback is never moved between issues silently: moving it is said out loud, confirmed and
audited; feedback about another provider than the issue's needs a confirmation too."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from linkhub.platform.audit import AuditEvent
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory import services as directory
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import THEMES, Feedback
from linkhub.tenants.issues import services as issues
from tests.helpers import bearer, sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


@pytest.fixture
def setting(app, world):
    """Two issues about provider P, feedback in the first, feedback about another provider Q."""
    rng = random.Random(7)
    with network_scope(world.a.id):
        p = world.records["alpha"]["provider_id"]
        q = directory.add_provider(name="Quarry Lane Surgery", kind="gp_practice")
        q_service = directory.add_service(provider_id=q.id, name="Surgery", service_type="gp")
        theme = rng.choice(sorted(THEMES))
        first = issues.create_issue(title="First", theme=theme, provider_id=p)
        second = issues.create_issue(title="Second", theme=theme, provider_id=p)
        mine = [
            feedback.record_feedback(
                channel="web",
                what_happened=f"Item {i}",
                theme=theme,
                service_id=world.records["alpha"]["service_id"],
                rating=rng.randint(1, 5),
            )
            for i in range(rng.randint(2, 5))
        ]
        issues.add_feedback(first, [f.id for f in mine])
        about_q = feedback.record_feedback(
            channel="web", what_happened="Other place", theme=theme, service_id=q_service.id, rating=3
        )
        db.session.commit()
        return dict(
            first=first.id,
            second=second.id,
            mine=[f.id for f in mine],
            refs=[f.reference for f in mine],
            about_q=about_q.id,
            about_q_ref=about_q.reference,
        )


def where(ids) -> set:
    return set(db.session.scalars(select(Feedback.issue_id).where(Feedback.id.in_(ids))))


def test_the_service_asks_before_moving_and_audits_the_move(app, world, setting):
    with network_scope(world.a.id):
        second = db.session.get(issues.Issue, setting["second"])
        with pytest.raises(issues.ConfirmationNeeded) as needed:
            issues.add_feedback(second, setting["mine"][:1] + [setting["about_q"]])
        assert needed.value.status == 409
        assert f"is in issue {setting['first']}" in needed.value.message
        assert [i.id for i in needed.value.moves] == [setting["first"]] and needed.value.other_provider == [
            setting["about_q_ref"]
        ]
        db.session.rollback()
        assert where(setting["mine"]) == {setting["first"]}, "nothing moved without saying so"
        second = db.session.get(issues.Issue, setting["second"])
        with pytest.raises(issues.ConfirmationNeeded):  # moving confirmed, the other provider not yet
            issues.add_feedback(second, setting["mine"][:1] + [setting["about_q"]], move=True)
        db.session.rollback()
        second = db.session.get(issues.Issue, setting["second"])
        assert (
            issues.add_feedback(second, setting["mine"][:1] + [setting["about_q"]], move=True, other_provider=True) == 2
        )
        db.session.commit()
        assert where(setting["mine"][:1] + [setting["about_q"]]) == {setting["second"]}
        assert where(setting["mine"][1:]) == {setting["first"]}
        moved = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("issue.feedback_moved%")).order_by(AuditEvent.id)
        ).all()
        assert [(a.action, a.entity_id) for a in moved] == [
            ("issue.feedback_moved", str(setting["second"])),
            ("issue.feedback_moved_out", str(setting["first"])),
        ]
        assert moved[0].details["references"] == setting["refs"][:1]
        db.session.rollback()


def test_the_page_shows_where_the_feedback_is_and_moves_it_only_when_confirmed(client, world, setting):
    sign_in(client, "staff-a@example.org")
    url = f"/networks/alpha/issues/{setting['second']}/feedback"
    page = client.post(url, data={"references": " ".join(setting["refs"])})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/networks/alpha/issues/{setting["first"]}"' in html and "moves them out of that issue" in html
    with network_scope(world.a.id):
        assert where(setting["mine"]) == {setting["first"]}
        db.session.rollback()
    done = client.post(url, data={"references": " ".join(setting["refs"]), "move": "yes"})
    assert done.status_code == 302
    with network_scope(world.a.id):
        assert where(setting["mine"]) == {setting["second"]}
        db.session.rollback()


def test_the_api_refuses_a_silent_move(client, world, setting):
    headers = bearer(world.tokens["admin_a"])
    url = f"/api/v1/networks/alpha/issues/{setting['second']}"
    refused = client.patch(url, headers=headers, json={"add_feedback_ids": setting["mine"]})
    assert refused.status_code == 409 and f"issue {setting['first']}" in refused.get_data(as_text=True)
    other = client.patch(url, headers=headers, json={"add_feedback_ids": [setting["about_q"]]})
    assert other.status_code == 409 and "another provider" in other.get_data(as_text=True)
    moved = client.patch(url, headers=headers, json={"add_feedback_ids": setting["mine"], "move_feedback": True})
    assert moved.status_code == 200 and moved.get_json()["feedback_count"] == len(setting["mine"])
