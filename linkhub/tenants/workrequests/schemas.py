from __future__ import annotations

import marshmallow as ma
from marshmallow import validate
from linkhub.platform.validation import Id

from .models import REQUESTER_KINDS


class WorkRequestSchema(ma.Schema):
    id = Id(dump_only=True)
    reference = ma.fields.String(dump_only=True)
    requester_kind = ma.fields.String(required=True, validate=validate.OneOf(list(REQUESTER_KINDS)))
    organisation = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    contact_name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=254))
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=10_000))
    wanted_by = ma.fields.Date(load_default=None, allow_none=True)
    status = ma.fields.String(dump_only=True)
    reasons = ma.fields.String(dump_only=True)
    decided_on = ma.fields.Date(dump_only=True)
    work_item_id = Id(dump_only=True)
    received_at = ma.fields.DateTime(dump_only=True)


class PublicRequestSchema(WorkRequestSchema):
    website = ma.fields.String(load_default="", metadata={"description": "honeypot: leave empty"})


class WorkRequestReceiptSchema(ma.Schema):
    reference = ma.fields.String()
    status = ma.fields.String()


class WorkRequestDecisionSchema(ma.Schema):
    decision = ma.fields.String(required=True, validate=validate.OneOf(["accept", "decline"]))
    reasons = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))
    owner = ma.fields.String(load_default="", validate=validate.Length(max=200))
    outcome = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    target_on = ma.fields.Date(load_default=None, allow_none=True)
