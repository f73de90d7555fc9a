"""API of the statutory powers: organisations, requests for information, OSC referrals,
deadlines and the messages sent."""
from __future__ import annotations

import math

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.accounts.api import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.tenants.common import deadlines
from linkhub.tenants.common import services as org_services
from linkhub.tenants.common.models import Organisation, OutgoingMessage
from linkhub.tenants.common.schemas import ExtensionSchema

from . import services
from .models import InformationRequest, OscReferral
from .schemas import (
    DeadlineArgs,
    DeadlineSchema,
    MessageSchema,
    OrganisationContactSchema,
    OrganisationSchema,
    ReferralResponseSchema,
    ReferralSchema,
    ReferSchema,
    RequestResponseSchema,
    RequestSchema,
    SendSchema,
)

blp = routing.network_api_blueprint("powers_api", __name__, "/powers",
                                    description="Statutory powers: organisations, requests for information, OSC referrals, deadlines")


@blp.route("/organisations")
class Organisations(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(OrganisationSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        body, headers = paginate(db.session, select(Organisation).order_by(Organisation.name), args)
        return body, 200, headers

    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: org_services.add_organisation(**data))


@blp.route("/organisations/<int:organisation_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Organisation, "organisation_id")
@blp.response(200, OrganisationSchema)
def get_organisation(organisation):
    return organisation


@blp.route("/organisations/<int:organisation_id>/contacts", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Organisation, "organisation_id")
@blp.arguments(OrganisationContactSchema)
@blp.response(201, OrganisationContactSchema)
def add_contact(data, organisation):
    return commit_or_abort(lambda: org_services.add_contact(organisation_id=organisation.id, **data))


@blp.route("/requests")
class Requests(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(RequestSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        query = select(InformationRequest).order_by(InformationRequest.id.desc())
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(RequestSchema)
    @blp.response(201, RequestSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.create_request(created_by_id=current_user_id(), **data))


@blp.route("/requests/<int:request_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(InformationRequest, "request_id")
@blp.response(200, RequestSchema)
def get_request(request):
    return request


@blp.route("/requests/<int:request_id>/send", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
@blp.arguments(SendSchema)
@blp.response(200, RequestSchema)
def send_request(data, request):
    """Send the request: the 20-working-day clock starts (bank holidays excluded)."""
    return commit_or_abort(lambda: services.send_request(request, **data))


@blp.route("/requests/<int:request_id>/response", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
@blp.arguments(RequestResponseSchema)
@blp.response(200, RequestSchema)
def record_request_response(data, request):
    return commit_or_abort(lambda: services.record_request_response(request, **data))


@blp.route("/requests/<int:request_id>/extension", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(InformationRequest, "request_id")
@blp.arguments(ExtensionSchema)
@blp.response(200, RequestSchema)
def extend_request(data, request):
    return commit_or_abort(lambda: services.extend_request(request, **data))


@blp.route("/referrals")
class Referrals(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ReferralSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        body, headers = paginate(db.session, select(OscReferral).order_by(OscReferral.id.desc()), args)
        return body, 200, headers

    @blp.arguments(ReferralSchema)
    @blp.response(201, ReferralSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.create_referral(**data))


@blp.route("/referrals/<int:referral_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(OscReferral, "referral_id")
@blp.response(200, ReferralSchema)
def get_referral(referral):
    return referral


@blp.route("/referrals/<int:referral_id>/refer", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(OscReferral, "referral_id")
@blp.arguments(ReferSchema)
@blp.response(200, ReferralSchema)
def refer(data, referral):
    return commit_or_abort(lambda: services.refer(referral, **data))


@blp.route("/referrals/<int:referral_id>/response", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(OscReferral, "referral_id")
@blp.arguments(ReferralResponseSchema)
@blp.response(200, ReferralSchema)
def record_referral_response(data, referral):
    return commit_or_abort(lambda: services.record_referral_response(referral, **data))


@blp.route("/deadlines")
@blp.arguments(DeadlineArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(DeadlineSchema))
@routing.require_roles(MEMBER_ROLES)
def list_deadlines(args, show="all"):
    """Every running clock, soonest first; ``show=overdue`` or ``show=this_week`` to filter."""
    items = deadlines.filtered(deadlines.open_deadlines(), show)
    page, per_page = args["page"], args["per_page"]
    return {"items": items[(page - 1) * per_page:page * per_page], "page": page, "per_page": per_page,
            "total": len(items), "pages": max(1, math.ceil(len(items) / per_page))}


@blp.route("/messages")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(MessageSchema))
@routing.require_roles(STAFF_ROLES)
def list_messages(args):
    body, headers = paginate(db.session, select(OutgoingMessage).order_by(OutgoingMessage.id.desc()), args)
    return body, 200, headers


@blp.route("/messages/<int:message_id>")
@routing.require_roles(STAFF_ROLES)
@loads(OutgoingMessage, "message_id")
@blp.response(200, MessageSchema)
def get_message(message):
    return message
