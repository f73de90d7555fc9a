"""Federation test helpers: a working group of alpha (not beta), the outbox run synchronously."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import current_app, g
from flask.testing import FlaskClient
from sqlalchemy import select

from linkhub.platform import lanes
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.federation import services
from linkhub.tenants.issues import services as issues

PLANTED_NHS = "943 476 5919"  # a valid NHS number (check digit 9)


def drain() -> list[str]:
    """Process every pending event, and those the handlers emit, as a worker would: each with its
    lane's database connection, so on PostgreSQL the federation handlers run as the federation
    role (no grant on tenant tables) in every federation test."""
    statuses = []
    for _ in range(10):
        with platform_scope():
            ids = db.session.scalars(
                select(OutboxEvent.id).where(OutboxEvent.status.in_(("pending", "published"))).order_by(OutboxEvent.id)
            ).all()
            db.session.rollback()
        if not ids:
            return statuses
        statuses += [lanes.run_event(current_app._get_current_object(), i) for i in ids]
    raise AssertionError("the outbox did not settle")


def make_group(world, *, members=(), accepted=True, name="North West ambulance pathway", threshold=5):
    with platform_scope():
        group = services.create_working_group(
            name=name,
            region="North West",
            pathway=services.pathway_by_slug("ambulance"),
            convenor=world.a,
            members=list(members),
            agreement_text="Version one of the agreement.",
            threshold=threshold,
            single_network=not members,
        )
        if accepted:
            for network in [world.a, *members]:
                services.accept_agreement(group, network, world.users["admin_a"])
        db.session.commit()
        return group.id


def make_issue(
    world,
    network,
    title="Handover delays at the emergency department",
    summary="Crews waited over an hour outside A&E before handover.",
    theme="access",
):
    with network_scope(network.id):
        issue = issues.create_issue(
            title=title,
            theme=theme,
            provider_id=world.records[network.slug]["provider_id"],
            service_id=world.records[network.slug]["service_id"],
            summary=summary,
        )
        db.session.commit()
        return issue.id


@pytest.fixture
def fed(world):
    drain()  # the world's own events
    return SimpleNamespace(world=world, group_id=make_group(world), issue_id=make_issue(world, world.a))


class PersonClient(FlaskClient):
    """One person's browser. The tests' app context outlives requests, and flask-login caches the
    signed-in user on ``g``: forget it before each request so several people can take turns."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        g.pop("principal", None)
        return super().open(*args, **kwargs)


def person(app, email: str | None = None) -> PersonClient:
    from tests.helpers import sign_in

    app.test_client_class = PersonClient
    client = app.test_client()
    if email:
        sign_in(client, email)
    return client
