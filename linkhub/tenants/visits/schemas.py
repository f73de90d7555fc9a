from __future__ import annotations

import marshmallow as ma

from marshmallow import validate

from .models import VISIT_TYPES
from linkhub.platform.validation import Id


class RepresentativeSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    user_id = Id(load_default=None, allow_none=True)
    authorised_on = ma.fields.Date(required=True)
    authorisation_expires_on = ma.fields.Date(load_default=None, allow_none=True)
    dbs_checked_on = ma.fields.Date(required=True)
    dbs_expires_on = ma.fields.Date(required=True)
    training_completed_on = ma.fields.Date(load_default=None, allow_none=True)
    training_notes = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    withdrawn_on = ma.fields.Date(dump_only=True)


class RenewalSchema(ma.Schema):
    dbs_checked_on = ma.fields.Date(required=True)
    dbs_expires_on = ma.fields.Date(required=True)
    authorisation_expires_on = ma.fields.Date(load_default=None, allow_none=True)


class TeamMemberSchema(ma.Schema):
    representative_id = Id(required=True)
    is_lead = ma.fields.Boolean(load_default=False)
    name = ma.fields.Function(lambda m: m.representative.name, dump_only=True)


class VisitSchema(ma.Schema):
    id = Id(dump_only=True)
    organisation_id = Id(required=True)
    service_id = Id(load_default=None, allow_none=True)
    premises = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    purpose = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    visit_type = ma.fields.String(load_default="announced", validate=validate.OneOf(list(VISIT_TYPES)))
    unannounced_reason = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    planned_on = ma.fields.Date(required=True)
    notice_sent_on = ma.fields.Date(load_default=None, allow_none=True)
    regulator_activity_checked = ma.fields.Boolean(load_default=False)
    regulator_activity_notes = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    status = ma.fields.String(dump_only=True)
    team = ma.fields.List(ma.fields.Nested(TeamMemberSchema), dump_only=True)
    carried_out_on = ma.fields.Date(dump_only=True)
    findings = ma.fields.String(dump_only=True)
    observations = ma.fields.String(dump_only=True)
    spoke_with_people_using = ma.fields.Integer(dump_only=True)
    spoke_with_relatives = ma.fields.Integer(dump_only=True)
    spoke_with_staff = ma.fields.Integer(dump_only=True)
    report_id = Id(dump_only=True)
    accuracy_sent_on = ma.fields.Date(dump_only=True)
    accuracy_due_on = ma.fields.Date(dump_only=True)
    accuracy_responded_on = ma.fields.Date(dump_only=True)
    accuracy_response = ma.fields.String(dump_only=True)


class RecordSchema(ma.Schema):
    """What was found. Numbers of people spoken to, never their names."""

    carried_out_on = ma.fields.Date(required=True)
    findings = ma.fields.String(required=True, validate=validate.Length(min=1, max=50000))
    observations = ma.fields.String(load_default="", validate=validate.Length(max=50000))
    spoke_with_people_using = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=10000))
    spoke_with_relatives = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=10000))
    spoke_with_staff = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=10000))


class AccuracySentSchema(ma.Schema):
    sent_on = ma.fields.Date(load_default=None)


class AccuracyResponseSchema(ma.Schema):
    responded_on = ma.fields.Date(required=True)
    response = ma.fields.String(load_default="", validate=validate.Length(max=50000))
