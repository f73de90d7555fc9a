"""API of a LINk's governance: structure and seats, the governing document's versions,
meetings (papers are uploaded on the pages), the decision log with declared conflicts of
interest, and disagreements. Members read; staff write."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.endpoints import action, collection, commit_or_abort, item
from linkhub.platform.routing import loads

from . import services
from .models import BodyMember, Decision, DecisionParticipant, Disagreement, DocumentVersion, Meeting
from .services import decisions
from .schemas import (
    CloseSchema,
    DecisionFilterArgs,
    DecisionSchema,
    DisagreementSchema,
    DocumentVersionSchema,
    HandleSchema,
    DecisionLinkSchema,
    MeetingSchema,
    MeetingUpdateSchema,
    MinutesSchema,
    RatifySchema,
    SeatSchema,
    StructureSchema,
)

blp = routing.network_api_blueprint(
    "governance_api", __name__, "/governance", description="Structure, governing document, meetings, decisions"
)


@blp.route("/structure")
class StructureView(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.response(200, StructureSchema)
    def get(self):
        """The LINk's structure (404 until it is set)."""
        from flask import abort

        return services.current_structure() or abort(404, "The structure has not been recorded yet.")

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(StructureSchema)
    @blp.response(200, StructureSchema)
    def put(self, data):
        return commit_or_abort(lambda: services.set_structure(**data))


collection(
    blp,
    "/seats",
    name="Seats",
    schema=SeatSchema,
    read=MEMBER_ROLES,
    write=STAFF_ROLES,
    query=lambda: select(BodyMember).order_by(BodyMember.id),
    create=services.add_body_member,
    doc="Seats in the hub or steering group (people of the register).",
)
action(
    blp,
    "/seats/<int:body_member_id>/end",
    name="end_seat",
    roles=STAFF_ROLES,
    load=(BodyMember, "body_member_id"),
    call=services.end_body_member,
    response=SeatSchema,
)
collection(
    blp,
    "/document/versions",
    name="DocumentVersions",
    schema=DocumentVersionSchema,
    read=MEMBER_ROLES,
    write=STAFF_ROLES,
    query=lambda: select(DocumentVersion).order_by(DocumentVersion.id),
    create=services.add_version,
    doc="The governing document, one row a version (a change is a new version).",
)
item(
    blp,
    "/document/versions/<int:document_version_id>",
    name="document_version",
    roles=MEMBER_ROLES,
    load=(DocumentVersion, "document_version_id"),
    response=DocumentVersionSchema,
)
collection(
    blp,
    "/meetings",
    name="Meetings",
    schema=MeetingSchema,
    read=MEMBER_ROLES,
    write=STAFF_ROLES,
    query=lambda: select(Meeting).order_by(Meeting.id),
    create=services.add_meeting,
)


@blp.route("/meetings/<int:meeting_id>")
class OneMeeting(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(Meeting, "meeting_id")
    @blp.response(200, MeetingSchema)
    def get(self, meeting):
        return meeting

    @routing.require_roles(STAFF_ROLES)
    @loads(Meeting, "meeting_id")
    @blp.arguments(MeetingUpdateSchema)
    @blp.response(200, MeetingSchema)
    def patch(self, data, meeting):
        return commit_or_abort(lambda: services.update_meeting(meeting, **data))


action(
    blp,
    "/meetings/<int:meeting_id>/minutes",
    name="minutes",
    roles=STAFF_ROLES,
    load=(Meeting, "meeting_id"),
    call=services.record_minutes,
    body=MinutesSchema,
    response=MeetingSchema,
)


@blp.route("/decisions")
class Decisions(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(DecisionFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(DecisionSchema))
    def get(self, args, route=None, awaiting_ratification=None, with_conflicts=None):
        """The decision log (filter by route, awaiting ratification, with declared conflicts)."""
        query = select(Decision).order_by(Decision.id)
        if route is not None:
            query = query.where(Decision.route == route)
        if awaiting_ratification is not None:
            waiting = Decision.route.in_(("delegated", "urgent")) & Decision.ratified_on.is_(None)
            query = query.where(waiting if awaiting_ratification else ~waiting)
        if with_conflicts is not None:
            has = Decision.id.in_(select(DecisionParticipant.decision_id).where(DecisionParticipant.declared != ""))
            query = query.where(has if with_conflicts else ~has)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(DecisionSchema)
    @blp.response(201, DecisionSchema)
    def post(self, data):
        """Record a decision. A participant with a declared interest in the decision's provider needs
        ``handling``; without it the answer is 422 on ``participants`` naming them."""
        return commit_or_abort(lambda: decisions.record_decision(**data))


item(
    blp,
    "/decisions/<int:decision_id>",
    name="decision",
    roles=MEMBER_ROLES,
    load=(Decision, "decision_id"),
    response=DecisionSchema,
)
action(
    blp,
    "/decisions/<int:decision_id>/ratify",
    name="ratify",
    roles=STAFF_ROLES,
    load=(Decision, "decision_id"),
    call=decisions.ratify,
    body=RatifySchema,
    response=DecisionSchema,
    doc="Ratify a delegated or urgent decision.",
)
action(
    blp,
    "/decisions/<int:decision_id>/links",
    name="link_decision",
    roles=STAFF_ROLES,
    load=(Decision, "decision_id"),
    call=decisions.link,
    body=DecisionLinkSchema,
    response=DecisionLinkSchema,
    status=201,
    doc="Link the decision to an issue, work item, priority criterion or report.",
)
collection(
    blp,
    "/disagreements",
    name="Disagreements",
    schema=DisagreementSchema,
    read=MEMBER_ROLES,
    write=STAFF_ROLES,
    query=lambda: select(Disagreement).order_by(Disagreement.id),
    create=decisions.raise_disagreement,
)
item(
    blp,
    "/disagreements/<int:disagreement_id>",
    name="disagreement",
    roles=MEMBER_ROLES,
    load=(Disagreement, "disagreement_id"),
    response=DisagreementSchema,
)
action(
    blp,
    "/disagreements/<int:disagreement_id>/handling",
    name="handle_disagreement",
    roles=STAFF_ROLES,
    load=(Disagreement, "disagreement_id"),
    call=decisions.handle_disagreement,
    body=HandleSchema,
    response=DisagreementSchema,
)
action(
    blp,
    "/disagreements/<int:disagreement_id>/close",
    name="close_disagreement",
    roles=STAFF_ROLES,
    load=(Disagreement, "disagreement_id"),
    call=decisions.close_disagreement,
    body=CloseSchema,
    response=DisagreementSchema,
)
