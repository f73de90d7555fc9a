"""API of the statutory powers: organisations, requests for information, OSC referrals,
deadlines and the messages sent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linkhub.platform import endpoints, routing
from linkhub.platform.api import PageArgs, page_schema, paginate, paginate_list
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
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

blp = routing.network_api_blueprint(
    "powers_api",
    __name__,
    "/powers",
    description="Statutory powers: organisations, requests for information, OSC referrals, deadlines",
)


endpoints.collection(
    blp,
    "/organisations",
    name="Organisations",
    schema=OrganisationSchema,
    read=MEMBER_ROLES,
    query=lambda: select(Organisation).options(selectinload(Organisation.contacts)).order_by(Organisation.name),
    write=STAFF_ROLES,
    create=org_services.add_organisation,
)


endpoints.item(
    blp,
    "/organisations/<int:organisation_id>",
    name="get_organisation",
    roles=MEMBER_ROLES,
    load=(Organisation, "organisation_id"),
    response=OrganisationSchema,
)


endpoints.action(
    blp,
    "/organisations/<int:organisation_id>/contacts",
    name="add_contact",
    roles=STAFF_ROLES,
    load=(Organisation, "organisation_id"),
    body=OrganisationContactSchema,
    response=OrganisationContactSchema,
    status=201,
    call=lambda organisation, **data: org_services.add_contact(organisation_id=organisation.id, **data),
)


endpoints.collection(
    blp,
    "/requests",
    name="Requests",
    schema=RequestSchema,
    read=MEMBER_ROLES,
    query=lambda: select(InformationRequest).order_by(InformationRequest.id.desc()),
    write=STAFF_ROLES,
    create=lambda **data: services.create_request(created_by_id=current_user_id(), **data),
)


endpoints.item(
    blp,
    "/requests/<int:request_id>",
    name="get_request",
    roles=MEMBER_ROLES,
    load=(InformationRequest, "request_id"),
    response=RequestSchema,
)


endpoints.action(
    blp,
    "/requests/<int:request_id>/send",
    name="send_request",
    roles=STAFF_ROLES,
    load=(InformationRequest, "request_id"),
    body=SendSchema,
    response=RequestSchema,
    call=services.send_request,
    doc="Send the request: the 20-working-day clock starts (bank holidays excluded).",
)


endpoints.action(
    blp,
    "/requests/<int:request_id>/response",
    name="record_request_response",
    roles=STAFF_ROLES,
    load=(InformationRequest, "request_id"),
    body=RequestResponseSchema,
    response=RequestSchema,
    call=services.record_request_response,
)


endpoints.action(
    blp,
    "/requests/<int:request_id>/extension",
    name="extend_request",
    roles=STAFF_ROLES,
    load=(InformationRequest, "request_id"),
    body=ExtensionSchema,
    response=RequestSchema,
    call=services.extend_request,
)


endpoints.collection(
    blp,
    "/referrals",
    name="Referrals",
    schema=ReferralSchema,
    read=MEMBER_ROLES,
    query=lambda: select(OscReferral).options(selectinload(OscReferral.answers)).order_by(OscReferral.id.desc()),
    write=STAFF_ROLES,
    create=services.create_referral,
)


endpoints.item(
    blp,
    "/referrals/<int:referral_id>",
    name="get_referral",
    roles=MEMBER_ROLES,
    load=(OscReferral, "referral_id"),
    response=ReferralSchema,
)


endpoints.action(
    blp,
    "/referrals/<int:referral_id>/refer",
    name="refer",
    roles=STAFF_ROLES,
    load=(OscReferral, "referral_id"),
    body=ReferSchema,
    response=ReferralSchema,
    call=services.refer,
)


endpoints.action(
    blp,
    "/referrals/<int:referral_id>/response",
    name="record_referral_response",
    roles=STAFF_ROLES,
    load=(OscReferral, "referral_id"),
    body=ReferralResponseSchema,
    response=ReferralSchema,
    call=services.record_referral_response,
)


@blp.route("/deadlines")
@blp.arguments(DeadlineArgs, location="query", as_kwargs=True)
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(DeadlineSchema))
@routing.require_roles(MEMBER_ROLES)
def list_deadlines(args, show="all"):
    """Every running clock, soonest first; ``show=overdue`` or ``show=this_week`` to filter."""
    items = deadlines.filtered(deadlines.open_deadlines(), show)
    body, headers = paginate_list(items, args)
    return body, 200, headers


@blp.route("/messages")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(MessageSchema))
@routing.require_roles(STAFF_ROLES)
def list_messages(args):
    body, headers = paginate(db.session, select(OutgoingMessage).order_by(OutgoingMessage.id.desc()), args)
    return body, 200, headers


endpoints.item(
    blp,
    "/messages/<int:message_id>",
    name="get_message",
    roles=STAFF_ROLES,
    load=(OutgoingMessage, "message_id"),
    response=MessageSchema,
)
