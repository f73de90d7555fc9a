from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from linkhub.platform.markdown import render


class ProfileSchema(ma.Schema):
    about = ma.fields.String(load_default="", validate=validate.Length(max=20000), metadata={"description": "Markdown"})
    host_about = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    get_involved = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    contact_email = ma.fields.String(load_default="", validate=validate.Length(max=254))
    contact_phone = ma.fields.String(load_default="", validate=validate.Length(max=40))
    contact_text_phone = ma.fields.String(load_default="", validate=validate.Length(max=40))
    contact_address = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    opening_hours = ma.fields.String(load_default="", validate=validate.Length(max=200))
    other_formats = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    updated_at = ma.fields.DateTime(dump_only=True)


class NewsSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=validate.Length(max=400))
    body = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=50000), metadata={"description": "Markdown"}
    )
    body_html = ma.fields.Function(lambda p: str(render(p.body)), dump_only=True)
    status = ma.fields.String(dump_only=True)
    published_at = ma.fields.DateTime(dump_only=True, allow_none=True)


class EventSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(load_default="meeting", validate=validate.OneOf(["meeting", "event"]))
    starts_at = ma.fields.AwareDateTime(required=True, metadata={"description": "with its UTC offset"})
    place = ma.fields.String(load_default="", validate=validate.Length(max=300))
    description = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    is_public = ma.fields.Boolean(load_default=True)


class FindArgs(ma.Schema):
    q = ma.fields.String(required=True, validate=validate.Length(min=1, max=100))


class FoundSchema(ma.Schema):
    slug = ma.fields.String()
    name = ma.fields.String()
    local_authority = ma.fields.String()
    why = ma.fields.String()


class FindResultSchema(ma.Schema):
    query = ma.fields.String()
    authority = ma.fields.String(allow_none=True)
    networks = ma.fields.List(ma.fields.Nested(FoundSchema))
