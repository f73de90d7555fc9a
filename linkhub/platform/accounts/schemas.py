"""API schemas for networks, people, memberships and tokens."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ..models import NETWORK_ROLES, PLATFORM_ROLES, REGIONS
from linkhub.platform.validation import Id

SLUG = validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", error="Use lower-case letters, numbers and single hyphens only.")


class NetworkSchema(ma.Schema):
    id = Id(dump_only=True)
    slug = ma.fields.String(required=True, validate=[validate.Length(min=2, max=63), SLUG])
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    local_authority = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    region = ma.fields.String(required=True, validate=validate.OneOf(REGIONS))
    host_organisation = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    status = ma.fields.String(dump_only=True)


class NetworkUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=validate.Length(min=1, max=200))
    local_authority = ma.fields.String(validate=validate.Length(min=1, max=200))
    region = ma.fields.String(validate=validate.OneOf(REGIONS))
    host_organisation = ma.fields.String(validate=validate.Length(min=1, max=200))
    status = ma.fields.String(validate=validate.OneOf(("active", "suspended")))


class MembershipOutSchema(ma.Schema):
    network = ma.fields.Function(lambda m: m.network.slug)
    role = ma.fields.String()


class MeSchema(ma.Schema):
    id = Id()
    email = ma.fields.String()
    name = ma.fields.String()
    platform_role = ma.fields.String(allow_none=True)
    memberships = ma.fields.List(ma.fields.Nested(MembershipOutSchema))
    token = ma.fields.Function(lambda u: None, dump_default=None)


class MembershipSchema(ma.Schema):
    id = Id(dump_only=True)
    email = ma.fields.Email(required=True, load_only=True)
    user = ma.fields.Function(lambda m: {"id": m.user.id, "name": m.user.name, "email": m.user.email}, dump_only=True)
    role = ma.fields.String(required=True, validate=validate.OneOf(NETWORK_ROLES))
    created_at = ma.fields.DateTime(dump_only=True)


class TokenSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))
    role = ma.fields.String(required=True, validate=validate.OneOf(NETWORK_ROLES + PLATFORM_ROLES))
    prefix = ma.fields.String(dump_only=True)
    user = ma.fields.Function(lambda t: t.user.email, dump_only=True)
    expires_at = ma.fields.AwareDateTime(allow_none=True, load_default=None)
    created_at = ma.fields.DateTime(dump_only=True)
    revoked_at = ma.fields.DateTime(dump_only=True)
    last_used_at = ma.fields.DateTime(dump_only=True)


class NewTokenSchema(TokenSchema):
    secret = ma.fields.String(dump_only=True, metadata={"description": "Shown once; store it now."})


class InvitationInSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    role = ma.fields.String(required=True, validate=validate.OneOf(NETWORK_ROLES))


class InvitationSentSchema(ma.Schema):
    """The same answer for every address: an invitation was sent; it says nothing about accounts."""

    status = ma.fields.Constant("invited")
    email = ma.fields.String()
    role = ma.fields.String()
    expires_at = ma.fields.DateTime()
