"""API of enter and view: the representatives' register and visits."""

from __future__ import annotations

from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
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

blp = routing.network_api_blueprint(
    "visits_api", __name__, "/visits", description="Enter and view: authorised representatives and visits"
)
RECORDERS = STAFF_ROLES | {"authorised_representative"}


endpoints.collection(
    blp,
    "/representatives",
    name="Representatives",
    schema=RepresentativeSchema,
    read=MEMBER_ROLES,
    query=lambda: select(AuthorisedRepresentative).order_by(AuthorisedRepresentative.name),
    write=STAFF_ROLES,
    create=services.add_representative,
)


endpoints.item(
    blp,
    "/representatives/<int:representative_id>",
    name="get_representative",
    roles=MEMBER_ROLES,
    load=(AuthorisedRepresentative, "representative_id"),
    response=RepresentativeSchema,
)


endpoints.action(
    blp,
    "/representatives/<int:representative_id>/renewal",
    name="renew",
    roles=STAFF_ROLES,
    load=(AuthorisedRepresentative, "representative_id"),
    body=RenewalSchema,
    response=RepresentativeSchema,
    call=services.renew_representative,
)


endpoints.collection(
    blp,
    "/",
    name="Visits",
    schema=VisitSchema,
    read=MEMBER_ROLES,
    query=lambda: select(Visit).order_by(Visit.planned_on.desc()),
    write=STAFF_ROLES,
    create=services.plan_visit,
)


endpoints.item(
    blp, "/<int:visit_id>", name="get_visit", roles=MEMBER_ROLES, load=(Visit, "visit_id"), response=VisitSchema
)


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


_visit_action(
    "team",
    TeamMemberSchema,
    STAFF_ROLES,
    "Assign a representative (refused when their DBS check or authorisation has expired).",
    lambda v, d: services.assign(v, **d),
)
_visit_action(
    "record",
    RecordSchema,
    RECORDERS,
    "Record what the visit found (no names of people).",
    lambda v, d: services.record_visit(v, **d),
)
_visit_action(
    "refusal",
    ReasonSchema,
    RECORDERS,
    "Record that the provider refused entry.",
    lambda v, d: services.record_refusal(v, **d),
)
_visit_action(
    "report",
    NoteSchema,
    STAFF_ROLES,
    "Start the visit report (an enter-and-view report draft).",
    lambda v, d: services.create_visit_report(v, author_id=current_user_id()),
)
_visit_action(
    "accuracy-check",
    AccuracySentSchema,
    STAFF_ROLES,
    "Send the draft report to the provider for a factual accuracy check (10 working days).",
    lambda v, d: services.send_for_accuracy_check(v, **d),
)
_visit_action(
    "accuracy-response",
    AccuracyResponseSchema,
    STAFF_ROLES,
    "Record the provider's factual accuracy response.",
    lambda v, d: services.record_accuracy_response(v, **d),
)
