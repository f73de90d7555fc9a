from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import DIRECTIONS, MAX_SCORE, MAX_WEIGHT, MIN_SCORE
from linkhub.platform.validation import Id


class CriterionSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    weight = ma.fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            min=1, max=MAX_WEIGHT, error=f"The weight must be a whole number from 1 to {MAX_WEIGHT}."
        ),
    )
    direction = ma.fields.String(load_default="positive", validate=validate.OneOf(list(DIRECTIONS)))
    active = ma.fields.Boolean(dump_only=True)
    position = ma.fields.Integer(dump_only=True)


class CriterionUpdateSchema(CriterionSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=120))
    description = ma.fields.String(validate=validate.Length(max=2000))
    weight = ma.fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_WEIGHT))
    direction = ma.fields.String(validate=validate.OneOf(list(DIRECTIONS)))
    active = ma.fields.Boolean()


class CriterionFilterArgs(ma.Schema):
    active = ma.fields.Boolean()


class ScoreSchema(ma.Schema):
    id = Id(dump_only=True)
    issue_id = Id(dump_only=True)
    criterion_id = Id(required=True)
    user_id = Id(dump_only=True)
    score = ma.fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(
            min=MIN_SCORE, max=MAX_SCORE, error=f"Each score must be a whole number from {MIN_SCORE} to {MAX_SCORE}."
        ),
    )
    updated_at = ma.fields.DateTime(dump_only=True)


class ScoresInSchema(ma.Schema):
    scores = ma.fields.List(ma.fields.Nested(ScoreSchema), required=True, validate=validate.Length(min=1))


class ScoreFilterArgs(ma.Schema):
    issue_id = Id()
    criterion_id = Id()
    user_id = Id(metadata={"description": "staff only; everyone else sees their own scores"})


class RankedIssueSchema(ma.Schema):
    rank = ma.fields.Integer(allow_none=True)
    issue_id = ma.fields.Function(lambda r: r.issue.id)
    issue_title = ma.fields.Function(lambda r: r.issue.title)
    issue_status = ma.fields.Function(lambda r: r.issue.status)
    priority_score = ma.fields.Function(lambda r: None if r.score is None else round(r.score, 4))
    scorers = ma.fields.Integer()
    few_scorers = ma.fields.Boolean()
    criteria_scored = ma.fields.Integer()
    criteria_total = ma.fields.Integer()
    in_work_programme = ma.fields.Boolean()


class RankingArgs(ma.Schema):
    scored_only = ma.fields.Boolean(load_default=False)
