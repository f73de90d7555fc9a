"""API of enter and view: the representatives' register and visits."""
from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.accounts.api import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.tenants.reports.schemas import NoteSchema, ReasonSchema

from . import services
from .models import AuthorisedRepresentative, Visit
from .schemas import (
    AccuracyResponseSchema,
    AccuracySentSchema,
    RecordSchema,
    RenewalSchema,
    RepresentativeSchema,
    TeamMemberSchema,
    VisitSchema,
)

blp = routing.network_api_blueprint("visits_api", __name__, "/visits",
                                    description="Enter and view: authorised representatives and visits")
RECORDERS = STAFF_ROLES | {"authorised_representative"}


@blp.route("/representatives")
class Representatives(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(RepresentativeSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        query = select(AuthorisedRepresentative).order_by(AuthorisedRepresentative.name)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(RepresentativeSchema)
    @blp.response(201, RepresentativeSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.add_representative(**data))


@blp.route("/representatives/<int:representative_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(AuthorisedRepresentative, "representative_id")
@blp.response(200, RepresentativeSchema)
def get_representative(representative):
    return representative


@blp.route("/representatives/<int:representative_id>/renewal", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(AuthorisedRepresentative, "representative_id")
@blp.arguments(RenewalSchema)
@blp.response(200, RepresentativeSchema)
def renew(data, representative):
    return commit_or_abort(lambda: services.renew_representative(representative, **data))


@blp.route("/")
class Visits(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(VisitSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        body, headers = paginate(db.session, select(Visit).order_by(Visit.planned_on.desc()), args)
        return body, 200, headers

    @blp.arguments(VisitSchema)
    @blp.response(201, VisitSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.plan_visit(**data))


@blp.route("/<int:visit_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Visit, "visit_id")
@blp.response(200, VisitSchema)
def get_visit(visit):
    return visit


def _visit_action(rule, schema, roles, summary, action):
    @routing.require_roles(roles)
    @loads(Visit, "visit_id")
    @blp.arguments(schema)
    @blp.response(200, VisitSchema)
    def view(data, visit):
        commit_or_abort(lambda: action(visit, data))
        return visit

    view.__name__ = view.__qualname__ = "visit_" + rule.replace("-", "_")
    view.__doc__ = summary
    blp.route(f"/<int:visit_id>/{rule}", methods=["POST"], endpoint=view.__name__)(view)


_visit_action("team", TeamMemberSchema, STAFF_ROLES,
              "Assign a representative (refused when their DBS check or authorisation has expired).",
              lambda v, d: services.assign(v, **d))
_visit_action("record", RecordSchema, RECORDERS, "Record what the visit found (no names of people).",
              lambda v, d: services.record_visit(v, **d))
_visit_action("refusal", ReasonSchema, RECORDERS, "Record that the provider refused entry.",
              lambda v, d: services.record_refusal(v, **d))
_visit_action("report", NoteSchema, STAFF_ROLES, "Start the visit report (an enter-and-view report draft).",
              lambda v, d: services.create_visit_report(v, author_id=current_user_id()))
_visit_action("accuracy-check", AccuracySentSchema, STAFF_ROLES,
              "Send the draft report to the provider for a factual accuracy check (10 working days).",
              lambda v, d: services.send_for_accuracy_check(v, **d))
_visit_action("accuracy-response", AccuracyResponseSchema, STAFF_ROLES, "Record the provider's factual accuracy response.",
              lambda v, d: services.record_accuracy_response(v, **d))
