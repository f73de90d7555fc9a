"""API of requests for work: anyone may send one (rate limited, honeypot); staff list and decide."""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.auth import STAFF_ROLES
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.extensions import limiter

from . import services
from .models import WorkRequest
from .schemas import WorkRequestDecisionSchema, PublicRequestSchema, WorkRequestReceiptSchema, WorkRequestSchema

blp = routing.network_api_blueprint(
    "workrequests_api",
    __name__,
    "/work-requests",
    description="Requests for work from commissioners, providers and OSCs",
)

endpoints.collection(
    blp,
    "/",
    name="WorkRequests",
    schema=WorkRequestSchema,
    read=STAFF_ROLES,
    query=lambda: select(WorkRequest).order_by(WorkRequest.received_at.desc(), WorkRequest.id.desc()),
)

endpoints.item(
    blp,
    "/<int:work_request_id>",
    name="get_work_request",
    roles=STAFF_ROLES,
    load=(WorkRequest, "work_request_id"),
    response=WorkRequestSchema,
)


def _decide(work_request, **body):
    return services.decide(work_request, decided_by=current_user, **body)


endpoints.action(
    blp,
    "/<int:work_request_id>/decision",
    name="decide_work_request",
    roles=STAFF_ROLES,
    load=(WorkRequest, "work_request_id"),
    body=WorkRequestDecisionSchema,
    response=WorkRequestSchema,
    call=_decide,
    doc="Accept (a work item is added) or decline, with reasons e-mailed to the requester.",
)


@blp.route("/public", methods=["POST"])
@limiter.limit("10 per hour")
@blp.arguments(PublicRequestSchema)
@blp.response(201, WorkRequestReceiptSchema)
@routing.public
def send_request(data):
    """Anyone (no account) asks the LINk to do a piece of work; 201 with a reference."""
    if data.pop("website", ""):
        return {"reference": "RECEIVED", "status": "received"}
    return commit_or_abort(lambda: services.submit_request(**data))
