from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import CONTACT_METHODS, INVOLVEMENT, KINDS, ORGANISATION_TYPES, STATUSES


class PersonSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    reference = ma.fields.String(dump_only=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    involvement = ma.fields.String(required=True, validate=validate.OneOf(list(INVOLVEMENT)))
    name = ma.fields.String(
        required=True, validate=validate.Length(max=200), metadata={"description": "'A former member' once removed"}
    )
    organisation_type = ma.fields.String(
        allow_none=True, load_default=None, validate=validate.OneOf(list(ORGANISATION_TYPES))
    )
    email = ma.fields.String(load_default="", validate=validate.Length(max=254))
    phone = ma.fields.String(load_default="", validate=validate.Length(max=40))
    address = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    contact_method = ma.fields.String(load_default="email", validate=validate.OneOf(list(CONTACT_METHODS)))
    consent_to_contact = ma.fields.Boolean(load_default=False)
    consent_recorded_at = ma.fields.DateTime(dump_only=True)
    interests_text = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    notes = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    status = ma.fields.String(dump_only=True, metadata={"enum": list(STATUSES)})
    source = ma.fields.String(dump_only=True)
    joined_on = ma.fields.Date(dump_only=True)
    left_on = ma.fields.Date(dump_only=True)

    @ma.post_dump(pass_original=True)
    def former(self, data, original, **kwargs):
        data["name"] = original.display_name
        return data


class PersonUpdateSchema(PersonSchema):
    kind = ma.fields.String(validate=validate.OneOf(list(KINDS)))
    involvement = ma.fields.String(validate=validate.OneOf(list(INVOLVEMENT)))
    name = ma.fields.String(validate=validate.Length(max=200))
    organisation_type = ma.fields.String(allow_none=True, validate=validate.OneOf(list(ORGANISATION_TYPES)))
    email = ma.fields.String(validate=validate.Length(max=254))
    phone = ma.fields.String(validate=validate.Length(max=40))
    address = ma.fields.String(validate=validate.Length(max=2000))
    contact_method = ma.fields.String(validate=validate.OneOf(list(CONTACT_METHODS)))
    consent_to_contact = ma.fields.Boolean()
    interests_text = ma.fields.String(validate=validate.Length(max=5000))
    notes = ma.fields.String(validate=validate.Length(max=5000))


class PersonFilterArgs(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(list(STATUSES)))
    kind = ma.fields.String(validate=validate.OneOf(list(KINDS)))
    involvement = ma.fields.String(validate=validate.OneOf(list(INVOLVEMENT)))


class DeclineSchema(ma.Schema):
    reason = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class LeaveSchema(ma.Schema):
    remove_details = ma.fields.Boolean(load_default=True)


class InterestSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    person_id = ma.fields.Integer(dump_only=True)
    employer = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = ma.fields.String(load_default="", validate=validate.Length(max=200))
    interest = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    provider_id = ma.fields.Integer(allow_none=True, load_default=None)
    declared_on = ma.fields.Date(load_default=None)
    renewed_on = ma.fields.Date(dump_only=True)
    ended_on = ma.fields.Date(dump_only=True)
    renew_by = ma.fields.Date(dump_only=True)


class RenewSchema(ma.Schema):
    still_current = ma.fields.Boolean(load_default=True)
