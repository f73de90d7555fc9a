from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from linkhub.platform.api import PageArgs
from linkhub.tenants.feedback.models import THEMES

from .models import CARE_SECTORS, ISSUE_SCOPES, ISSUE_STATUSES, TRIGGER_KINDS
from linkhub.platform.validation import Id


class IssueSchema(ma.Schema):
    id = Id(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    theme = ma.fields.String(required=True, validate=validate.OneOf(list(THEMES)))
    provider_id = Id(allow_none=True, load_default=None)
    status = ma.fields.String(dump_only=True)
    scope = ma.fields.String(dump_only=True, allow_none=True)
    care_sector = ma.fields.String(dump_only=True, allow_none=True)
    flagged_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)


class IssueDetailSchema(IssueSchema):
    feedback_count = ma.fields.Integer(dump_only=True)
    people_count = ma.fields.Integer(dump_only=True)
    known_people = ma.fields.Integer(dump_only=True)
    anonymous = ma.fields.Integer(dump_only=True)
    top_contributor_share = ma.fields.Float(dump_only=True)


class IssueUpdateSchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(list(ISSUE_STATUSES)))
    scope = ma.fields.String(
        allow_none=True,
        validate=validate.OneOf(list(ISSUE_SCOPES)),
        metadata={"description": "national, local, individual or specialist (null: not classified)"},
    )
    care_sector = ma.fields.String(
        allow_none=True,
        validate=validate.OneOf(list(CARE_SECTORS)),
        metadata={"description": "health, social_care or both"},
    )
    add_feedback_ids = ma.fields.List(Id(), load_default=list)
    move_feedback = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Move feedback that is in another issue (otherwise 409 names those issues)"},
    )
    confirm_other_provider = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Add feedback about a provider other than the issue's (otherwise 409)"},
    )


class IssueFilterArgs(PageArgs):
    status = ma.fields.String(validate=validate.OneOf(list(ISSUE_STATUSES)))
    theme = ma.fields.String(validate=validate.OneOf(list(THEMES)))
    provider_id = Id()
    flagged = ma.fields.Boolean()


class TriggerRuleSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(TRIGGER_KINDS)))
    threshold = ma.fields.Integer(required=True, validate=validate.Range(1, 10_000))
    window_days = ma.fields.Integer(required=True, validate=validate.Range(1, 366))
    active = ma.fields.Boolean(dump_only=True)


class TriggerFiringSchema(ma.Schema):
    id = Id()
    rule_id = Id()
    issue_id = Id(allow_none=True)
    provider_id = Id(allow_none=True)
    theme = ma.fields.String(allow_none=True)
    count = ma.fields.Integer()
    window_start = ma.fields.AwareDateTime()
    window_end = ma.fields.AwareDateTime()
    fired_at = ma.fields.AwareDateTime()
