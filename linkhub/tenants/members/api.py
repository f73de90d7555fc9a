"""API of the register of members and participants and the conflicts of interest register.
Members read; staff write (approve, decline, record a leaver, declarations)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.endpoints import action, commit_or_abort, item
from linkhub.platform.routing import loads

from . import services
from .models import Interest, Person
from .schemas import (
    DeclineSchema,
    InterestSchema,
    LeaveSchema,
    PersonFilterArgs,
    PersonSchema,
    PersonUpdateSchema,
    RenewSchema,
)

blp = routing.network_api_blueprint(
    "members_api", __name__, "/members", description="Members and participants, and declarations of interest"
)


@blp.route("/")
class People(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(PersonFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(PersonSchema))
    def get(self, args, status=None, kind=None, involvement=None):
        """Members and participants (filter by status, kind, involvement)."""
        query = select(Person).order_by(Person.id)
        for column, value in ((Person.status, status), (Person.kind, kind), (Person.involvement, involvement)):
            if value is not None:
                query = query.where(column == value)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(PersonSchema)
    @blp.response(201, PersonSchema)
    def post(self, data):
        """Add a member or participant (staff; active at once)."""
        return commit_or_abort(lambda: services.add_person(**data))


@blp.route("/<int:person_id>")
class OnePerson(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @loads(Person, "person_id")
    @blp.response(200, PersonSchema)
    def get(self, person):
        return person

    @routing.require_roles(STAFF_ROLES)
    @loads(Person, "person_id")
    @blp.arguments(PersonUpdateSchema)
    @blp.response(200, PersonSchema)
    def patch(self, data, person):
        """Change details, consent and contact preferences (staff)."""
        return commit_or_abort(lambda: services.update_person(person, **data))


action(
    blp,
    "/<int:person_id>/approve",
    name="approve",
    roles=STAFF_ROLES,
    load=(Person, "person_id"),
    call=services.approve,
    response=PersonSchema,
    doc="Approve a request to join.",
)
action(
    blp,
    "/<int:person_id>/decline",
    name="decline",
    roles=STAFF_ROLES,
    load=(Person, "person_id"),
    call=services.decline,
    body=DeclineSchema,
    response=PersonSchema,
    doc="Decline a request to join.",
)
action(
    blp,
    "/<int:person_id>/leave",
    name="leave",
    roles=STAFF_ROLES,
    load=(Person, "person_id"),
    call=services.leave,
    body=LeaveSchema,
    response=PersonSchema,
    doc="The person leaves; their details are removed and what they did stays, as 'A former member'.",
)


@blp.route("/<int:person_id>/interests")
class Interests(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @loads(Person, "person_id")
    @blp.response(200, InterestSchema(many=True))
    def get(self, person):
        return db.session.scalars(select(Interest).where(Interest.person_id == person.id).order_by(Interest.id)).all()

    @routing.require_roles(STAFF_ROLES)
    @loads(Person, "person_id")
    @blp.arguments(InterestSchema)
    @blp.response(201, InterestSchema)
    def post(self, data, person):
        """Record a declaration of interest (employer, role, interest, optionally the provider)."""
        return commit_or_abort(lambda: services.declare_interest(person, **data))


item(
    blp,
    "/interests/<int:interest_id>",
    name="interest",
    roles=STAFF_ROLES,
    load=(Interest, "interest_id"),
    response=InterestSchema,
)
action(
    blp,
    "/interests/<int:interest_id>/renew",
    name="renew_interest",
    roles=STAFF_ROLES,
    load=(Interest, "interest_id"),
    call=services.renew_interest,
    body=RenewSchema,
    response=InterestSchema,
    doc="The yearly review: still current (renewed today) or ended.",
)
