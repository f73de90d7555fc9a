from __future__ import annotations

import marshmallow as ma

from marshmallow import validate
from linkhub.platform.validation import Id

from .models import (
    BODIES,
    BODY_ROLES,
    DISAGREEMENT_STAGES,
    HANDLING,
    LINK_KINDS,
    MEETING_KINDS,
    ROUTES,
    STRUCTURES,
)


class StructureSchema(ma.Schema):
    model = ma.fields.String(required=True, validate=validate.OneOf(list(STRUCTURES)))
    description = ma.fields.String(load_default="", validate=validate.Length(max=10000))
    decision_procedure = ma.fields.String(load_default="", validate=validate.Length(max=10000))
    disagreement_procedure = ma.fields.String(load_default="", validate=validate.Length(max=10000))
    updated_at = ma.fields.DateTime(dump_only=True)


class SeatSchema(ma.Schema):
    id = Id(dump_only=True)
    body = ma.fields.String(required=True, validate=validate.OneOf(list(BODIES)))
    person_id = Id(required=True)
    person_name = ma.fields.Function(lambda s: s.person.display_name if s.person else None, dump_only=True)
    role = ma.fields.String(load_default="member", validate=validate.OneOf(list(BODY_ROLES)))
    started_on = ma.fields.Date(load_default=None)
    ended_on = ma.fields.Date(dump_only=True)


class DocumentVersionSchema(ma.Schema):
    id = Id(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=200000))
    change_note = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    adopted_on = ma.fields.Date(allow_none=True, load_default=None)
    decision_id = Id(allow_none=True, load_default=None)
    created_at = ma.fields.DateTime(dump_only=True)


class PaperSchema(ma.Schema):
    id = Id(dump_only=True)
    title = ma.fields.String(dump_only=True)
    filename = ma.fields.Function(lambda p: p.file.filename, dump_only=True)
    content_type = ma.fields.Function(lambda p: p.file.content_type, dump_only=True)
    size = ma.fields.Function(lambda p: p.file.size, dump_only=True)


class MeetingSchema(ma.Schema):
    id = Id(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(MEETING_KINDS)))
    held_on = ma.fields.Date(required=True)
    start_time = ma.fields.String(load_default="", validate=validate.Length(max=5))
    location = ma.fields.String(load_default="", validate=validate.Length(max=300))
    is_public = ma.fields.Boolean(load_default=True)
    closed_reason = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    agenda = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    minutes = ma.fields.String(dump_only=True)
    minutes_approved_on = ma.fields.Date(dump_only=True)
    papers = ma.fields.List(ma.fields.Nested(PaperSchema), dump_only=True)


class MeetingUpdateSchema(MeetingSchema):
    title = ma.fields.String(validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(validate=validate.OneOf(list(MEETING_KINDS)))
    held_on = ma.fields.Date()
    start_time = ma.fields.String(validate=validate.Length(max=5))
    location = ma.fields.String(validate=validate.Length(max=300))
    is_public = ma.fields.Boolean()
    closed_reason = ma.fields.String(validate=validate.Length(max=2000))
    agenda = ma.fields.String(validate=validate.Length(max=20000))


class MinutesSchema(ma.Schema):
    minutes = ma.fields.String(required=True, validate=validate.Length(min=1, max=50000))
    approved_on = ma.fields.Date(allow_none=True, load_default=None)


class ParticipantSchema(ma.Schema):
    person_id = Id(required=True)
    person_name = ma.fields.Function(lambda p: p.person.display_name if p.person else None, dump_only=True)
    handling = ma.fields.String(load_default="", validate=validate.OneOf([""] + list(HANDLING)))
    declared = ma.fields.String(dump_only=True, metadata={"description": "the declared interest, copied when recorded"})


class DecisionLinkSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(LINK_KINDS)))
    target_id = Id(required=True)
    label = ma.fields.String(dump_only=True)


class DecisionSchema(ma.Schema):
    id = Id(dump_only=True)
    reference = ma.fields.String(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    details = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    decided_on = ma.fields.Date(load_default=None, metadata={"description": "default: the meeting's date"})
    route = ma.fields.String(required=True, validate=validate.OneOf(list(ROUTES)))
    meeting_id = Id(allow_none=True, load_default=None)
    decided_by_id = Id(allow_none=True, load_default=None, metadata={"description": "who decided (delegated, urgent)"})
    provider_id = Id(allow_none=True, load_default=None)
    participants = ma.fields.List(ma.fields.Nested(ParticipantSchema), load_default=list)
    links = ma.fields.List(ma.fields.Nested(DecisionLinkSchema), load_default=list)
    ratified_on = ma.fields.Date(dump_only=True)
    ratified_meeting_id = Id(dump_only=True)
    awaiting_ratification = ma.fields.Boolean(dump_only=True)
    conflicts_declared = ma.fields.Function(lambda d: len(d.conflicts), dump_only=True)


class DecisionFilterArgs(ma.Schema):
    route = ma.fields.String(validate=validate.OneOf(list(ROUTES)))
    awaiting_ratification = ma.fields.Boolean()
    with_conflicts = ma.fields.Boolean()


class RatifySchema(ma.Schema):
    ratified_on = ma.fields.Date(required=True)
    meeting_id = Id(allow_none=True, load_default=None)


class DisagreementSchema(ma.Schema):
    id = Id(dump_only=True)
    subject = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=10000))
    raised_on = ma.fields.Date(load_default=None)
    raised_by_id = Id(allow_none=True, load_default=None)
    stage = ma.fields.String(load_default="informal", validate=validate.OneOf(list(DISAGREEMENT_STAGES)))
    handling = ma.fields.String(dump_only=True)
    outcome = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True)
    closed_on = ma.fields.Date(dump_only=True)
    decision_id = Id(dump_only=True)


class HandleSchema(ma.Schema):
    stage = ma.fields.String(required=True, validate=validate.OneOf(list(DISAGREEMENT_STAGES)))
    handling = ma.fields.String(required=True, validate=validate.Length(min=1, max=10000))


class CloseSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(["resolved", "withdrawn"]))
    outcome = ma.fields.String(required=True, validate=validate.Length(min=1, max=10000))
    decision_id = Id(allow_none=True, load_default=None)
    closed_on = ma.fields.Date(load_default=None)
