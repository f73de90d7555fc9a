"""Marshmallow schemas of the returns API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import DIRECTIONS, FREQUENCIES, MEASURES, NARRATIVE, RETURN_KINDS


class ReturnSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(RETURN_KINDS)))
    period_start = ma.fields.Date(required=True, metadata={"description": "1 April or 1 October (six-monthly)"})
    period_end = ma.fields.Date(dump_only=True)
    title = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True)
    narrative = ma.fields.Dict(dump_only=True)
    public_ref = ma.fields.String(dump_only=True)
    submitted_at = ma.fields.DateTime(dump_only=True)
    published_at = ma.fields.DateTime(dump_only=True)


class ReturnWithFiguresSchema(ReturnSchema):
    figures = ma.fields.Method("_figures", dump_only=True, metadata={"description": "drawn now for a draft"})

    def _figures(self, ret):
        from .services import current_figures

        return current_figures(ret)


NarrativeSchema = ma.Schema.from_dict(
    {key: ma.fields.String(validate=validate.Length(max=20_000)) for key in NARRATIVE}, name="NarrativeSchema"
)


class IndicatorSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    definition = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))
    target = ma.fields.Integer(required=True)
    direction = ma.fields.String(load_default="at_least", validate=validate.OneOf(list(DIRECTIONS)))
    frequency = ma.fields.String(required=True, validate=validate.OneOf(list(FREQUENCIES)))
    measure = ma.fields.String(load_default="manual", validate=validate.OneOf(list(MEASURES)))


class IndicatorUpdateSchema(IndicatorSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=200))
    definition = ma.fields.String(validate=validate.Length(min=1, max=5000))
    target = ma.fields.Integer()
    direction = ma.fields.String(validate=validate.OneOf(list(DIRECTIONS)))
    frequency = ma.fields.String(validate=validate.OneOf(list(FREQUENCIES)))
    measure = ma.fields.String(validate=validate.OneOf(list(MEASURES)))


class ValueSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    indicator_id = ma.fields.Integer(dump_only=True)
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(dump_only=True)
    value = ma.fields.Integer(required=True)
    source = ma.fields.String(dump_only=True)
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class DrawSchema(ma.Schema):
    period_start = ma.fields.Date(required=True)


class ReviewSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    period_start = ma.fields.Date(required=True)
    period_end = ma.fields.Date(required=True)
    held_on = ma.fields.Date(required=True)
    attendees = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))
    findings = ma.fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    agreed_actions = ma.fields.String(load_default="", validate=validate.Length(max=20_000))
