"""Marshmallow schemas of the surveys API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from linkhub.tenants.feedback.models import THEMES
from linkhub.platform.validation import Id

from .models import LAYOUTS, QUESTION_KINDS


class QuestionSchema(ma.Schema):
    id = Id(dump_only=True)
    position = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(QUESTION_KINDS)))
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=300))
    hint = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    required = ma.fields.Boolean(load_default=False)
    options = ma.fields.List(ma.fields.String(validate=validate.Length(max=200)), load_default=list)
    scale_max = ma.fields.Integer(load_default=5, validate=validate.Range(2, 10))
    field = ma.fields.String(dump_only=True, metadata={"description": "the key of its answer: q<id>"})


class SurveySchema(ma.Schema):
    id = Id(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    layout = ma.fields.String(load_default="one_per_page", validate=validate.OneOf(list(LAYOUTS)))
    closes_on = ma.fields.Date(load_default=None, allow_none=True)
    equality_section = ma.fields.Boolean(load_default=False)
    theme = ma.fields.String(load_default="other", validate=validate.OneOf(list(THEMES)))
    service_id = Id(load_default=None, allow_none=True)
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), load_default=list)
    status = ma.fields.String(dump_only=True)
    token = ma.fields.String(dump_only=True, metadata={"description": "the public link's random part"})
    joint_ref = ma.fields.String(dump_only=True)


class PublicSurveySchema(ma.Schema):
    title = ma.fields.String()
    description = ma.fields.String()
    layout = ma.fields.String()
    closes_on = ma.fields.Date(allow_none=True)
    equality_section = ma.fields.Boolean()
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema))


class AnswersSchema(ma.Schema):
    answers = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(allow_none=True),
        required=True,
        metadata={"description": "question field (q<id>) or id -> answer: text, option text, list, number or date"},
    )
    equality = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), load_default=None, allow_none=True)
    website = ma.fields.String(load_default="", metadata={"description": "honeypot: leave empty"})


class StaffAnswersSchema(AnswersSchema):
    channel = ma.fields.String(load_default="paper", validate=validate.OneOf(["paper", "phone"]))


class ResponseSchema(ma.Schema):
    reference = ma.fields.String()
    channel = ma.fields.String()
    repeat = ma.fields.Boolean()
    feedback_reference = ma.fields.String()
    submitted_at = ma.fields.DateTime()


class JointSchema(ma.Schema):
    working_group_id = Id(required=True)


class ResultsSchema(ma.Schema):
    survey_id = Id()
    responses = ma.fields.Integer()
    repeat_responses = ma.fields.Integer()
    by_channel = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    questions = ma.fields.List(ma.fields.Dict())


class SurveyFigureSchema(ma.Schema):
    label = ma.fields.String()
    value = ma.fields.Integer(allow_none=True, metadata={"description": "null when suppressed"})
    text = ma.fields.String()


class SurveyTableSchema(ma.Schema):
    title = ma.fields.String()
    rows = ma.fields.List(ma.fields.Nested(SurveyFigureSchema))
    total = ma.fields.Nested(SurveyFigureSchema, allow_none=True)


class CombinedSchema(ma.Schema):
    joint_ref = ma.fields.String()
    threshold = ma.fields.Integer()
    rounding_base = ma.fields.Integer()
    responses = ma.fields.Nested(SurveyTableSchema)
    questions = ma.fields.List(ma.fields.Nested(SurveyTableSchema))
