from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .categories import QUESTIONS


class ReachArgs(ma.Schema):
    year = ma.fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))


class EqualityFigureSchema(ma.Schema):
    value = ma.fields.Integer(allow_none=True, metadata={"description": "null when suppressed"})
    text = ma.fields.String()


class RowSchema(ma.Schema):
    answer = ma.fields.String()
    label = ma.fields.String()
    figure = ma.fields.Nested(EqualityFigureSchema)
    share = ma.fields.Float(allow_none=True)
    share_at_most = ma.fields.Float(allow_none=True)
    population = ma.fields.Float(allow_none=True)
    gap = ma.fields.Float(allow_none=True, metadata={"description": "population minus respondents (a lower bound)"})


class EqualityTableSchema(ma.Schema):
    question = ma.fields.String()
    label = ma.fields.String()
    rows = ma.fields.List(ma.fields.Nested(RowSchema))
    total = ma.fields.Nested(EqualityFigureSchema)
    prefer_not = ma.fields.Nested(EqualityFigureSchema)
    comparable = ma.fields.Boolean()
    source = ma.fields.String()


class UnderHeardSchema(ma.Schema):
    question = ma.fields.String()
    answer = ma.fields.String()
    label = ma.fields.String()
    gap = ma.fields.Float()


class ReachSchema(ma.Schema):
    year = ma.fields.Integer()
    threshold = ma.fields.Integer()
    tables = ma.fields.List(ma.fields.Nested(EqualityTableSchema))
    under_heard = ma.fields.List(ma.fields.Nested(UnderHeardSchema))


class PopulationSchema(ma.Schema):
    question = ma.fields.String(required=True, validate=validate.OneOf(list(QUESTIONS)))
    shares = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(allow_none=True), required=True)
    source = ma.fields.String(load_default="", validate=validate.Length(max=300))
