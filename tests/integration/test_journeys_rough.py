"""Issue 16 "Rough": plural forms, words instead of codes, staff wording, where signing in
lands, navigation (service navigation for the network, a separate account area), the beta
banner's feedback form reaching the operator, suspend confirmation, a new network's first admin."""

from __future__ import annotations

import re

from flask import g
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import Invitation, Membership, Network, OutboxEvent, ServiceFeedback, User
from tests.helpers import PASSWORD, sign_in
from tests.helpers import page_text


def test_plural_forms_and_channel_words_on_the_issue_page(client, world, db_kind):
    sign_in(client, "staff-a@example.org")
    text = page_text(client.get(f"/networks/alpha/issues/{world.records['alpha']['issue_id']}").get_data(as_text=True))
    assert re.search(r"\b1 ?piece of feedback", text) and not re.search(r"\b1 ?pieces", text)
    assert re.search(r"\b1 ?distinct person \(at most\)", text)
    assert "Many voices: 1 person gave 1 piece of feedback" in text and "1 people" not in text
    channel_table = text.split("Feedback by channel", 1)[1][:200]
    assert "Phone call 1" in channel_table and " phone " not in channel_table


def test_plural_rules_come_from_babel(app):
    from linkhub.tenants.issues.services import Breakdown

    with app.test_request_context():
        assert (
            Breakdown(1, 1, 0, 1).pattern == "Many voices: 1 person gave 1 piece of feedback; no one gave more than 1."
        )
        assert Breakdown(3, 0, 3, 1).pattern.startswith("Many voices: 3 people gave 3 pieces of feedback")
        assert (
            Breakdown(4, 1, 0, 4).pattern == "Mostly one person: 4 of 4 pieces of feedback came from one contributor."
        )


def test_staff_form_speaks_to_staff(client, world):
    sign_in(client, "staff-a@example.org")
    staff = page_text(client.get("/networks/alpha/feedback/record").get_data(as_text=True))
    assert "You can stay anonymous" not in staff and "The person's contact details" in staff
    g.pop("_login_user", None)
    public = page_text(client.application.test_client().get("/networks/alpha/feedback/new").get_data(as_text=True))
    assert "You can stay anonymous" in public


def test_signing_in_lands_on_your_network_or_a_chooser(client, world, db_kind):
    landing = {}
    for email in ("staff-a@example.org", "both@example.org", "op@example.org", "reader@example.org"):
        fresh = client.application.test_client()
        landing[email] = fresh.post("/sign-in", data={"email": email, "password": PASSWORD}).headers["Location"]
        g.pop("_login_user", None)
    assert landing == {
        "staff-a@example.org": "/networks/alpha/",
        "both@example.org": "/your-networks",
        "op@example.org": "/operator/",
        "reader@example.org": "/federation/groups",
    }
    sign_in(client, "both@example.org")
    chooser = client.get("/your-networks").get_data(as_text=True)
    assert 'href="/networks/alpha/"' in chooser and 'href="/networks/beta/"' in chooser
    # A same-site next= still wins.
    g.pop("_login_user", None)
    nxt = client.application.test_client().post(
        "/sign-in?next=/reports", data={"email": "staff-a@example.org", "password": PASSWORD}
    )
    assert nxt.headers["Location"] == "/reports"


def test_network_service_navigation_and_a_separate_account_area(client, world):
    sign_in(client, "admin-a@example.org")
    body = client.get("/networks/alpha/").get_data(as_text=True)
    service_nav = re.search(
        r'<nav aria-label="Alpha LINk" class="govuk-service-navigation__wrapper">.*?</nav>', body, re.S
    ).group(0)
    account = re.search(r'<nav aria-label="Account and site">.*?</nav>', body, re.S).group(0)
    for text in ("Enter and view", "People", "Feedback", "Issues", "Work programme"):
        assert f">\n                    {text}\n" in service_nav or f">{text}<" in service_nav, text
    for text in ("Your account", "All networks", "Reports library"):
        assert text in account and text not in service_nav
    member = client.application.test_client()
    g.pop("_login_user", None)
    sign_in(member, "member-a@example.org")
    assert "/networks/alpha/people/" not in member.get("/networks/alpha/").get_data(as_text=True)


def test_beta_banner_feedback_reaches_the_operator(client, world, db_kind):
    banner = client.get("/reports").get_data(as_text=True)
    assert 'href="/service-feedback?from=/reports"' in banner
    empty = client.post("/service-feedback", data={"message": "  "})
    assert "Enter your feedback" in empty.get_data(as_text=True)
    sent = client.post("/service-feedback", data={"message": "The search is <b>great</b>", "page": "//evil.example/x"})
    assert sent.status_code == 302 and sent.headers["Location"] == "/"  # never off the site
    item = db.session.scalar(select(ServiceFeedback))
    assert item.message == "The search is <b>great</b>" and item.page == ""
    sign_in(client, "staff-a@example.org")
    assert client.get("/operator/service-feedback/").status_code == 403
    g.pop("_login_user", None)
    operator = client.application.test_client()
    sign_in(operator, "op@example.org")
    page = operator.get("/operator/service-feedback/").get_data(as_text=True)
    assert "The search is &lt;b&gt;great&lt;/b&gt;" in page


def test_suspending_asks_first(client, world):
    sign_in(client, "op@example.org")
    listing = client.get("/operator/networks").get_data(as_text=True)
    assert 'name="status" value="suspended"' not in listing  # no one-click suspend
    confirm = client.get(f"/operator/networks/{world.a.id}/suspend").get_data(as_text=True)
    assert "Suspend Alpha LINk?" in confirm and 'name="status" value="suspended"' in confirm
    assert client.post(f"/operator/networks/{world.a.id}/status", data={"status": "suspended"}).status_code == 302
    assert db.session.get(Network, world.a.id).status == "suspended"


def test_operator_invites_a_new_networks_first_admin(client, world, db_kind):
    from linkhub.platform import services

    network = services.create_network(
        slug="gamma", name="Gamma LINk", local_authority="Gamma Council", region="London", host_organisation="Gamma CVS"
    )
    db.session.commit()
    sign_in(client, "op@example.org")
    assert "Invite its first admin" in client.get("/operator/networks").get_data(as_text=True)
    done = client.post(
        f"/operator/networks/{network.id}/first-admin",
        data={"email": "chair@gamma.example", "role": "member"},
        follow_redirects=True,
    )
    assert "We have sent an invitation to chair@gamma.example to be the network admin of Gamma LINk" in done.get_data(
        as_text=True
    )
    invitation = db.session.scalar(select(Invitation).where(Invitation.network_id == network.id))
    assert invitation.role == "network_admin" and invitation.email == "chair@gamma.example"
    body = (
        db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == "email.send").order_by(OutboxEvent.id.desc())
        )
        .first()
        .payload["body"]
    )
    secret = re.search(r"/invitations/(lhinv_[\w-]+)", body).group(1)
    g.pop("_login_user", None)
    person = client.application.test_client()
    accepted = person.post(
        f"/invitations/{secret}",
        data={"name": "Gamma Chair", "password": "long enough pass", "confirm": "long enough pass"},
    )
    assert accepted.status_code == 302, accepted.get_data(as_text=True)[-3000:]
    user = db.session.scalar(select(User).where(User.email == "chair@gamma.example"))
    assert {m.role for m in db.session.scalars(select(Membership).where(Membership.user_id == user.id))} == {
        "network_admin"
    }


def test_network_reports_page_shows_dates_people_read(client, world, db_kind):
    from linkhub.tenants.reports.models import Report

    from linkhub.platform.tenancy import network_scope

    with network_scope(world.a.id):
        report = db.session.get(Report, world.records["alpha"]["report_id"])
        published = (report.first_published_at or report.published_at).date()
        db.session.rollback()
    text = page_text(client.get("/reports/by-network/alpha").get_data(as_text=True))
    assert f"Published {published:%-d %B %Y}" in text and f"Published {published.isoformat()}" not in text
