"""Issue 16 "Joint recommendations": a joint report's recommendations to organisations, each
with the 20-working-day response clock of a network report, its response and impact, shown on
the public page."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from flask import g
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent, User
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import platform_scope
from tests.helpers import sign_in


def _oracle_due(sent_on: date) -> date:
    """Brute force: the 20th day after sending that is neither a weekend nor an England and
    Wales bank holiday."""
    bank = holidays.UK(subdiv="ENG", years=range(sent_on.year, sent_on.year + 2))
    day, count = sent_on, 0
    while count < 20:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in bank:
            count += 1
    return day


def _draft_report(with_approval_by_alpha: bool = False):
    from linkhub.federation import services
    from linkhub.federation.models import SharedIssue
    from linkhub.federation.services import joint_reports

    with platform_scope():
        services.ensure_default_pathways()
        alpha, beta = (db.session.scalar(select(Network).where(Network.slug == s)) for s in ("alpha", "beta"))
        group = services.create_working_group(
            name="Joint recs group",
            region="North West",
            pathway=services.pathway_by_slug("ambulance"),
            convenor=alpha,
            members=[beta],
            agreement_text="Version one.",
        )
        copy = SharedIssue(
            working_group_id=group.id,
            source_network_id=beta.id,
            share_ref="recs",
            agreement_version=1,
            title="Handover waits",
            pathway="Ambulance",
            stage="On scene",
            theme="Access",
            month="2026-10",
            region="North West",
        )
        db.session.add(copy)
        db.session.flush()
        admin_a = db.session.scalar(select(User).where(User.email == "admin-a@example.org"))
        report = joint_reports.draft(
            group, title="Handover on the pathway", summary="", body="", shared_issue_ids=[copy.id], user=admin_a
        )
        if with_approval_by_alpha:
            joint_reports.approve(report, alpha, admin_a)
        db.session.commit()
        return report.public_ref


def _report(ref):
    from linkhub.federation.models import JointReport

    return db.session.scalar(select(JointReport).where(JointReport.public_ref == ref))


@pytest.mark.parametrize("sent_on", [date(2026, 12, 18), date(2027, 3, 19), date(2026, 8, 20), date(2027, 1, 4)])
def test_clock_is_twenty_working_days_like_a_network_report(app, world, sent_on):
    from linkhub.federation.services import joint_recommendations

    ref = _draft_report()
    with platform_scope():
        report = _report(ref)
        admin = db.session.scalar(select(User).where(User.email == "admin-a@example.org"))
        joint_recommendations.add(
            report,
            organisation="North West Ambulance Service",
            text="Publish handover times",
            organisation_email="PALS@nwas.example",
            user=admin,
        )
        joint_recommendations.start_clocks(report, sent_on=sent_on)
        assert report.recommendations[0].due_on == _oracle_due(sent_on)
        db.session.rollback()


def test_publishing_sends_each_recommendation_and_starts_its_clock(app, world, db_kind):
    from linkhub.federation.services import joint_recommendations, joint_reports
    from linkhub.platform import clock

    ref = _draft_report(with_approval_by_alpha=True)
    with platform_scope():
        report = _report(ref)
        admin_a, admin_b = (
            db.session.scalar(select(User).where(User.email == e))
            for e in ("admin-a@example.org", "admin-b@example.org")
        )
        assert len(report.approvals) == 1
        joint_recommendations.add(
            report,
            organisation="North West Ambulance Service",
            text="Publish handover times",
            organisation_email="pals@nwas.example",
            user=admin_a,
        )
        joint_recommendations.add(
            report, organisation="Alpha Hospital", text="Agree a discharge checklist", user=admin_a
        )
        assert report.approvals == []  # approved without the recommendations: approve again
        with pytest.raises(ServiceError, match="correct format"):
            joint_recommendations.add(
                report, organisation="X", text="Y", organisation_email="not an address", user=admin_a
            )
        alpha, beta = (db.session.scalar(select(Network).where(Network.slug == s)) for s in ("alpha", "beta"))
        joint_reports.approve(report, alpha, admin_a)
        assert report.recommendations[0].sent_on is None  # nothing is sent from a draft
        joint_reports.approve(report, beta, admin_b)
        db.session.commit()
        assert report.status == "published"
        today = clock.today()
        assert [(r.sent_on, r.due_on) for r in report.recommendations] == [(today, _oracle_due(today))] * 2
        mails = [
            e.payload for e in db.session.scalars(select(OutboxEvent).where(OutboxEvent.event_type == "email.send"))
        ]
        assert [m["to"] for m in mails if "Publish handover times" in m["body"]] == [["pals@nwas.example"]]
        with pytest.raises(ServiceError, match="while the joint report is a draft"):
            joint_recommendations.add(report, organisation="Late", text="Too late", user=admin_a)
        first = report.recommendations[0]
        with pytest.raises(ServiceError, match="on or after the date sent"):
            joint_recommendations.record_response(
                first, response_status="accepted", responded_on=today - timedelta(days=1), user=admin_a
            )
        with pytest.raises(ServiceError, match="future"):
            joint_recommendations.record_response(
                first, response_status="accepted", responded_on=today + timedelta(days=1), user=admin_a
            )
        db.session.rollback()


def test_convenor_admin_records_response_and_impact_and_the_public_reads_them(client, world, db_kind):
    from linkhub.federation.services import joint_reports

    ref = _draft_report()
    sign_in(client, "admin-b@example.org")  # a member network's admin, not the convenor's
    assert client.get(f"/federation/reports/{ref}/recommendations/new").status_code == 403
    g.pop("_login_user", None)
    admin = client.application.test_client()
    sign_in(admin, "admin-a@example.org")
    empty = admin.post(f"/federation/reports/{ref}/recommendations/new", data={"organisation": "", "text": ""})
    assert "Enter the organisation the recommendation is to" in empty.get_data(as_text=True)
    added = admin.post(
        f"/federation/reports/{ref}/recommendations/new",
        data={"organisation": "North West Ambulance Service", "text": "Publish <b>handover</b> times"},
    )
    assert added.status_code == 302
    with platform_scope():
        report = _report(ref)
        for slug, email in (("alpha", "admin-a@example.org"), ("beta", "admin-b@example.org")):
            joint_reports.approve(
                report,
                db.session.scalar(select(Network).where(Network.slug == slug)),
                db.session.scalar(select(User).where(User.email == email)),
            )
        db.session.commit()
        rec_id = report.recommendations[0].id
        sent_on = report.recommendations[0].sent_on
    for missing in ({}, {"responded_on": "soon"}, {"responded_on": ["1", "2"]}):  # an error, never a 500
        again = admin.post(
            f"/federation/reports/{ref}/recommendations/{rec_id}/response",
            data={"response_status": "accepted", **missing},
        )
        assert again.status_code == 200 and "Enter the date of the response" in again.get_data(as_text=True)
    response = admin.post(
        f"/federation/reports/{ref}/recommendations/{rec_id}/response",
        data={
            "response_status": "partly_accepted",
            "responded_on": [str(sent_on.day), str(sent_on.month), str(sent_on.year)],
            "response": "Monthly from April",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert (
        admin.post(
            f"/federation/reports/{ref}/recommendations/{rec_id}/impact",
            data={"impact": "Handover times are now published"},
        ).status_code
        == 302
    )
    assert admin.get(f"/federation/reports/{ref}/recommendations/999999/impact").status_code == 404
    g.pop("_login_user", None)
    public = client.application.test_client().get(f"/federation/reports/{ref}").get_data(as_text=True)
    assert "To North West Ambulance Service" in public and "Publish &lt;b&gt;handover&lt;/b&gt; times" in public
    assert "Partly accepted on" in public and "Monthly from April" in public
    assert "Handover times are now published" in public and "(20 working days from" in public
    assert "Record the response" not in public  # no actions for the public


def test_the_convenor_is_reminded_of_each_joint_recommendation_once_and_sees_it_on_its_deadlines(
    client, world, db_kind
):
    """The clock of a joint recommendation is the convenor network's: on its deadlines page, with
    the statutory reminders (5 working days before, on the day, overdue to the admins) sent once
    each however often the job runs, and gone once the response is recorded. A member network
    that does not record answers is not reminded."""
    from datetime import datetime

    import time_machine

    from linkhub.federation.services import joint_recommendations, joint_reports
    from linkhub.platform import clock
    from linkhub.tenants.powers.services.reminders import run_reminders
    from tests.tenants.powers.helpers import deliver_emails, messages

    def at(day: date):
        return time_machine.travel(datetime(day.year, day.month, day.day, 8, 0, tzinfo=clock.LONDON), tick=False)

    sent_on = date(2026, 12, 18)
    due_on = _oracle_due(sent_on)
    ref = _draft_report()
    with at(sent_on), platform_scope():
        report = _report(ref)
        admin_a, admin_b = (
            db.session.scalar(select(User).where(User.email == e))
            for e in ("admin-a@example.org", "admin-b@example.org")
        )
        joint_recommendations.add(
            report, organisation="Alpha Hospital", text="Agree a discharge checklist", user=admin_a
        )
        for slug, admin in (("alpha", admin_a), ("beta", admin_b)):
            joint_reports.approve(report, db.session.scalar(select(Network).where(Network.slug == slug)), admin)
        db.session.commit()
        rec_id = report.recommendations[0].id
        assert report.recommendations[0].due_on == due_on

    def reminders(network_id, word):
        return [
            m for m in messages(network_id) if "Handover on the pathway" in m.subject and m.subject.startswith(word)
        ]

    with at(sent_on):
        sign_in(client, "admin-a@example.org")
        page = client.get("/networks/alpha/powers/deadlines").get_data(as_text=True)
        assert (
            "Response to joint recommendation" in page and f"/federation/reports/{ref}/recommendations/{rec_id}" in page
        )
    soon = date.fromordinal(due_on.toordinal() - 1)
    while clock.working_days_between(soon, due_on) < 5:
        soon = date.fromordinal(soon.toordinal() - 1)
    for day in (soon, soon, due_on, due_on, date.fromordinal(due_on.toordinal() + 1)):
        with at(day):
            run_reminders()
            deliver_emails()
    assert len(reminders(world.a.id, "Due within 5 working days")) == 1
    assert len(reminders(world.a.id, "Due today")) == 1
    overdue = reminders(world.a.id, "Overdue")
    assert len(overdue) == 1 and overdue[0].to == world.users["admin_a"].email
    assert [m for m in messages(world.b.id) if "Handover on the pathway" in m.subject] == []
    with at(due_on), platform_scope():
        joint_recommendations.record_response(
            db.session.get(type(_report(ref).recommendations[0]), rec_id),
            response_status="accepted",
            responded_on=due_on,
            user=db.session.scalar(select(User).where(User.email == "admin-a@example.org")),
        )
        db.session.commit()
    with at(due_on):
        page = client.get("/networks/alpha/powers/deadlines").get_data(as_text=True)
        assert "Response to joint recommendation" not in page
