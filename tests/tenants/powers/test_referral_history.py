"""OSC referrals: every answer of the committee is kept (a new one never overwrites the earlier
ones); the issue numbers given as evidence are checked and shown as links to the issues."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.issues import services as issues
from linkhub.platform import clock
from linkhub.tenants.powers import services
from linkhub.tenants.common.models import Organisation
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def _osc():
    return db.session.scalar(select(Organisation).where(Organisation.kind == "osc"))


def test_every_answer_is_kept_in_order(app, world):
    rng = random.Random(88)
    today = clock.today()
    with network_scope(world.a.id):
        referral = services.create_referral(organisation_id=_osc().id, matter="Stroke rehabilitation")
        services.refer(referral, referred_on=today - timedelta(days=40))
        given = []
        day = 40
        for status in ("acknowledged", "responded", "responded", "closed"):
            day -= rng.randint(1, 9)
            text = f"Answer {len(given) + 1} {rng.random():.6f}"
            services.record_referral_response(
                referral,
                status=status,
                responded_on=today - timedelta(days=day),
                response=text,
                outcome=f"outcome {len(given) + 1}",
            )
            given.append((status, today - timedelta(days=day), text, f"outcome {len(given) + 1}"))
        db.session.commit()
        kept = [(a.status, a.answered_on, a.response, a.outcome) for a in services.referral_answers(referral)]
        assert kept == given, "no answer overwrites an earlier one"
        assert referral.responded_on == given[0][1] and referral.status == "closed"
        db.session.rollback()


def test_issue_numbers_must_be_this_networks_issues(app, world):
    with network_scope(world.b.id):
        b_issue = issues.create_issue(title="Beta only", theme="access")
        db.session.commit()
        b_issue_id = b_issue.id
    with network_scope(world.a.id):
        mine = world.records["alpha"]["issue_id"]
        for bad, named in (
            (f"{mine}, 999", "999"),
            (str(b_issue_id), str(b_issue_id)),
            ("twelve", "twelve"),
            ("2147483648", "2147483648"),
        ):
            with pytest.raises(ServiceError) as refused:
                services.create_referral(organisation_id=_osc().id, matter="x", issue_refs=bad)
            assert refused.value.field == "issue_refs" and named in refused.value.message
            db.session.rollback()
        referral = services.create_referral(organisation_id=_osc().id, matter="x", issue_refs=f" #{mine};{mine} ")
        assert referral.issue_refs == str(mine) and referral.issue_ids == [mine]
        db.session.rollback()


def test_the_referral_page_links_the_issues_and_lists_the_answers(app, client, world):
    today = clock.today()
    with network_scope(world.a.id):
        mine = world.records["alpha"]["issue_id"]
        referral = services.create_referral(
            organisation_id=_osc().id, matter="Mental health crisis line", issue_refs=str(mine)
        )
        services.refer(referral, referred_on=today - timedelta(days=9))
        services.record_referral_response(
            referral, status="acknowledged", responded_on=today - timedelta(days=8), response="<b>We will look</b>"
        )
        services.record_referral_response(
            referral, status="responded", responded_on=today - timedelta(days=2), response="Second answer"
        )
        db.session.commit()
        referral_id = referral.id
    sign_in(client, "staff-a@example.org")
    html = client.get(f"/networks/alpha/powers/referrals/{referral_id}").get_data(as_text=True)
    assert f'href="/networks/alpha/issues/{mine}"' in html
    assert "&lt;b&gt;We will look&lt;/b&gt;" in html and "Second answer" in html


def test_referral_issue_references_are_checked_like_request_references(app, world):
    """One check for every issue reference: numbers of this network's issues, each wrong one named."""
    from linkhub.platform.services import ServiceError
    from linkhub.tenants.common import services as org_services
    from linkhub.tenants.issues import services as issues
    from linkhub.tenants.powers import services as powers

    with network_scope(world.a.id):
        osc = org_services.add_organisation(name="Scrutiny", kind="osc")
        mine = issues.create_issue(title="Ours", theme="access")
        for text, expected in (
            ("x1", "not x1"),
            ("999999", "no issue 999999"),
            ("999998, 999999", "no issues 999998, 999999"),
        ):
            with pytest.raises(ServiceError, match=expected) as error:
                powers.create_referral(organisation_id=osc.id, matter="Waits", issue_refs=text)
            assert error.value.field == "issue_refs"
        referral = powers.create_referral(organisation_id=osc.id, matter="Waits", issue_refs=f"#{mine.id}, {mine.id}")
        assert referral.issue_refs == str(mine.id)
        db.session.rollback()
